package dev.brokertuner.collector.http;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.collector.fleet.ClusterMembership;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.Incoming;
import dev.brokertuner.collector.store.StoreOutcome;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/reports}: the token, encoding, size, queue, per-token and memory checks run before a byte of the
 * body is read; the body is then streamed, each chunk taken from the {@link MemoryBudget} before it is kept, and
 * reading stops past {@code maxBodyBytes} (413) or past the budget (503). It is decoded and validated on a worker
 * thread ({@link ReportDecoder}, which keeps growing the reservation while it inflates and parses), checked against
 * the host's owner ({@link HostOwners}, 403), kept in its last known cluster when it carries no cluster id
 * ({@link ClusterMembership}), and handed to the {@link GroupCommitWriter}; the answer (202 stored, 200 duplicate)
 * is sent only once the report's batch is durable, and the reservation is released when the answer is sent.
 * Overload and store failures answer 503 with {@code Retry-After} so the agent retries; every other refusal is a
 * 4xx the agent drops. Each outcome is counted in {@link CollectorMetrics}.
 */
final class IngestRoutes {
    /** Most bytes of an oversized body read (and dropped) before the connection is cut. */
    static final long DISCARD_MAX = 64L << 20;

    private final CollectorConfig config;
    private final Tokens tokens;
    private final GroupCommitWriter writer;
    private final ReportDecoder decoder;
    private final CollectorMetrics metrics;
    private final ReportJson json;
    private final Clock clock;
    private final FleetIndex index;
    private final HostOwners owners;
    private final MemoryBudget budget;
    private final AtomicInteger decoding = new AtomicInteger();
    private final Map<String, AtomicInteger> perToken = new ConcurrentHashMap<>();
    /** Decodes at once: what half the budget holds of maximal reports' decode cost, at least 1 (event loop only). */
    private final int decodeSlots;
    private final java.util.ArrayDeque<Runnable> waiting = new java.util.ArrayDeque<>();
    private int running;

    IngestRoutes(CollectorConfig config, GroupCommitWriter writer, ReportDecoder decoder, CollectorMetrics metrics,
                 ReportJson json, Clock clock, FleetIndex index, HostOwners owners, MemoryBudget budget) {
        this.config = config;
        this.tokens = config.tokens();
        this.writer = writer;
        this.decoder = decoder;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.index = index;
        this.owners = owners;
        this.budget = budget;
        this.decodeSlots = (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() * 2L,
                budget.limit() / 2 / ReportDecoder.maxCost(config.maxBodyBytes())));
    }

    void mount(Router router) {
        router.post("/v1/reports").handler(this::admit);
    }

    /** The router's 413 handler: answers, then drops the rest of the body and closes the connection. */
    void tooLarge(RoutingContext ctx) {
        metrics.ingest(IngestOutcome.TOO_LARGE, start(ctx));
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(Buffer.buffer(json.write(CollectorRoutes.errorBody(413, "the body is larger than "
                        + config.maxBodyBytes() + " bytes"))));
        discardThenClose(ctx);
    }

    /** Every check that needs no body, then the streamed read. */
    private void admit(RoutingContext ctx) {
        ctx.put("t0", System.nanoTime());
        HttpServerRequest req = ctx.request();
        Optional<String> sender = tokens.senderOf(CollectorRoutes.bearer(ctx));
        if (sender.isEmpty()) {
            metrics.ingest(IngestOutcome.UNAUTHORIZED, start(ctx));
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"broker-tuner\"");
            refuse(ctx, 401, req.getHeader("Authorization") == null
                    ? "a bearer token is required (Authorization: Bearer <token>)"
                    : "the bearer token is not one of this collector's tokens");
            return;
        }
        String enc = req.getHeader("Content-Encoding");
        if (enc != null && !List.of("gzip", "x-gzip", "identity").contains(enc.trim().toLowerCase(Locale.ROOT))) {
            metrics.ingest(IngestOutcome.UNSUPPORTED_MEDIA, start(ctx));
            refuse(ctx, 415, "Content-Encoding '" + Identifiers.printable(enc)
                    + "' is not supported (send gzip or no encoding)");
            return;
        }
        long length = contentLength(req);
        if (length > config.maxBodyBytes()) {
            tooLarge(ctx);
            return;
        }
        if (writer.pending() >= config.maxPending() || decoding.get() >= config.maxPending()) {
            overloaded(ctx, IngestOutcome.OVERLOADED, "too many reports waiting to be stored; retry shortly");
            return;
        }
        AtomicInteger mine = perToken.computeIfAbsent(sender.get(), k -> new AtomicInteger());
        if (mine.incrementAndGet() > config.ingest().perToken()) {
            mine.decrementAndGet();
            overloaded(ctx, IngestOutcome.OVERLOADED, "token '" + sender.get() + "' already has "
                    + config.ingest().perToken() + " uploads in flight (maxConcurrentPerToken); retry shortly");
            return;
        }
        MemoryBudget.Reservation memory = budget.open();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                memory.close();
                mine.decrementAndGet();
            }
        };
        ctx.response().endHandler(v -> release.run());
        ctx.response().closeHandler(v -> release.run());
        ctx.put("sender", sender.get());
        read(ctx, memory);
    }

    /**
     * Streams the body into memory taken from the budget as it arrives (a stalled upload holds only what it sent,
     * never what its Content-Length announces); stops at the size limit or the budget.
     */
    private void read(RoutingContext ctx, MemoryBudget.Reservation memory) {
        HttpServerRequest req = ctx.request();
        Buffer body = Buffer.buffer();
        boolean[] stopped = {false};
        req.handler(chunk -> {
            if (stopped[0]) {
                return;
            }
            long after = (long) body.length() + chunk.length();
            if (after > config.maxBodyBytes()) {
                stopped[0] = true;
                tooLarge(ctx);
                return;
            }
            if (!memory.growUpload(chunk.length())) {
                stopped[0] = true;
                overloaded(ctx, IngestOutcome.OVERLOADED, "the collector is holding as many report bytes as its "
                        + "memory budget allows (ingestMemoryBytes); retry shortly");
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> stopped[0] = true);
        req.endHandler(v -> {
            if (!stopped[0]) {
                ingest(ctx, body.getBytes(), memory);
            }
        });
        req.resume();
    }

    /**
     * Queues a received body for decoding: at most {@link #decodeSlots} decode at once, in arrival order, so that
     * concurrent decodes do not split the budget between them until none can finish. Waiting costs only the body's
     * bytes, which the reservation already holds. Runs on the event loop.
     */
    private void ingest(RoutingContext ctx, byte[] body, MemoryBudget.Reservation memory) {
        decoding.incrementAndGet();
        waiting.add(() -> decode(ctx, body, memory));
        drain();
    }

    private void drain() {
        while (running < decodeSlots && !waiting.isEmpty()) {
            running++;
            waiting.poll().run();
        }
    }

    private void decode(RoutingContext ctx, byte[] body, MemoryBudget.Reservation memory) {
        if (ctx.response().closed() || ctx.response().ended()) {
            decoding.decrementAndGet();
            running--;
            memory.close();
            return;
        }
        String sender = ctx.get("sender");
        String enc = ctx.request().getHeader("Content-Encoding");
        String key = ctx.request().getHeader("Idempotency-Key");
        Context context = ctx.vertx().getOrCreateContext();
        ctx.vertx().executeBlocking(() -> decoder.decode(body, enc, key, sender, clock.instant(), memory), false)
                .onComplete(ar -> {
                    decoding.decrementAndGet();
                    running--;
                    drain();
                    if (ar.failed()) {
                        metrics.ingest(IngestOutcome.INVALID, start(ctx));
                        error(ctx, 400, "the report could not be read: " + ar.cause().getClass().getSimpleName());
                        return;
                    }
                    if (ar.result() instanceof Decoded.Rejected r) {
                        if (r.status() == 503) {
                            overloaded(ctx, r.outcome(), r.error());
                            return;
                        }
                        metrics.ingest(r.outcome(), start(ctx));
                        Map<String, Object> b = CollectorRoutes.errorBody(r.status(), r.error());
                        if (!r.problems().isEmpty()) {
                            b.put("problems", r.problems());
                        }
                        send(ctx, r.status(), b);
                        return;
                    }
                    Decoded.Ok ok = (Decoded.Ok) ar.result();
                    HostSummary summary = ok.incoming().summary();
                    String owner = owners.claim(summary.hostname(), sender);
                    if (!tokens.mayWriteFor(sender, owner)) {
                        metrics.ingest(IngestOutcome.FORBIDDEN, start(ctx));
                        error(ctx, 403, "host '" + summary.hostname() + "' is registered to token '" + owner
                                + "'; token '" + sender + "' may not write for it (the tokens file gives a token "
                                + "writes=" + owner + " or writes=* to allow it)");
                        return;
                    }
                    Incoming incoming = new Incoming(ClusterMembership.keep(summary,
                            index.host(summary.hostname())), ok.incoming().gzJson());
                    CompletionStage<StoreOutcome> stored = writer.submit(incoming);
                    if (stored == null) {
                        overloaded(ctx, IngestOutcome.OVERLOADED, "too many reports waiting to be stored; "
                                + "retry shortly");
                        return;
                    }
                    stored.whenComplete((outcome, failure) -> context.runOnContext(v -> {
                        if (failure != null) {
                            overloaded(ctx, IngestOutcome.STORE_FAILED, "the store is unavailable: "
                                    + CollectorRoutes.rootMessage(failure) + "; retry later");
                            return;
                        }
                        Map<String, Object> b = new LinkedHashMap<>();
                        b.put("reportId", incoming.reportId());
                        b.put("status", outcome == StoreOutcome.STORED ? "stored" : "duplicate");
                        metrics.ingest(outcome == StoreOutcome.STORED ? IngestOutcome.ACCEPTED
                                : IngestOutcome.DUPLICATE, start(ctx));
                        send(ctx, outcome == StoreOutcome.STORED ? 202 : 200, b);
                    }));
                });
    }

    /** The Content-Length, -1 when absent or not a number (chunked). */
    private static long contentLength(HttpServerRequest req) {
        String v = req.getHeader("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void overloaded(RoutingContext ctx, IngestOutcome outcome, String message) {
        metrics.ingest(outcome, start(ctx));
        ctx.response().putHeader("Retry-After", outcome == IngestOutcome.STORE_FAILED ? "10" : "2");
        if (ctx.request().isEnded()) {
            error(ctx, 503, message);
        } else {
            refuse(ctx, 503, message);
        }
    }

    /** Answers before the body is read: the rest of the body is dropped and the connection closed. */
    private void refuse(RoutingContext ctx, int status, String message) {
        if (!ctx.request().isEnded()) {
            ctx.response().putHeader("Connection", "close");
        }
        error(ctx, status, message);
        discardThenClose(ctx);
    }

    /**
     * After an early answer: the rest of the body is read and dropped (never buffered) so the client sees the
     * answer rather than a reset, and the connection closes when the body ends, after {@link #DISCARD_MAX} bytes or
     * after 10 s.
     */
    private static void discardThenClose(RoutingContext ctx) {
        var req = ctx.request();
        var conn = req.connection();
        if (req.isEnded()) {
            conn.close();
            return;
        }
        long[] seen = {0};
        long timer = ctx.vertx().setTimer(10_000, id -> conn.close());
        req.handler(buf -> {
            seen[0] += buf.length();
            if (seen[0] > DISCARD_MAX) {
                conn.close();
            }
        });
        req.endHandler(v -> {
            ctx.vertx().cancelTimer(timer);
            conn.close();
        });
        req.resume();
    }

    private static long start(RoutingContext ctx) {
        Long t0 = ctx.get("t0");
        return t0 == null ? System.nanoTime() : t0;
    }

    private void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, CollectorRoutes.errorBody(status, message));
    }

    private void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(json.write(body)));
    }
}
