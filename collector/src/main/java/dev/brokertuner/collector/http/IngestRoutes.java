package dev.brokertuner.collector.http;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.StoreOutcome;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/reports}: the token and overload checks run before a byte of the body is read, the body is
 * limited to {@code maxBodyBytes} (413), decoded and validated on a worker thread ({@link ReportDecoder}), and
 * handed to the {@link GroupCommitWriter}; the answer (202 stored, 200 duplicate) is sent only once the report's
 * batch is durable. Overload and store failures answer 503 with {@code Retry-After} so the agent retries; every
 * other refusal is a 4xx the agent drops. Each outcome is counted in {@link CollectorMetrics}.
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
    private final AtomicInteger decoding = new AtomicInteger();

    IngestRoutes(CollectorConfig config, GroupCommitWriter writer, ReportDecoder decoder, CollectorMetrics metrics,
                 ReportJson json, Clock clock) {
        this.config = config;
        this.tokens = config.tokens();
        this.writer = writer;
        this.decoder = decoder;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    /** Adds the route. Admission is a security policy handler so Vert.x runs it before the body handler. */
    void mount(Router router) {
        router.post("/v1/reports").handler((SecurityPolicyHandler) this::admit)
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(this::ingest);
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

    /** Token and overload checks, before a byte of the body is read. */
    private void admit(RoutingContext ctx) {
        ctx.put("t0", System.nanoTime());
        Optional<String> sender = tokens.senderOf(CollectorRoutes.bearer(ctx));
        if (sender.isEmpty()) {
            metrics.ingest(IngestOutcome.UNAUTHORIZED, start(ctx));
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"broker-tuner\"");
            error(ctx, 401, ctx.request().getHeader("Authorization") == null
                    ? "a bearer token is required (Authorization: Bearer <token>)"
                    : "the bearer token is not one of this collector's tokens");
            return;
        }
        String enc = ctx.request().getHeader("Content-Encoding");
        if (enc != null && !List.of("gzip", "x-gzip", "identity").contains(enc.trim().toLowerCase(Locale.ROOT))) {
            metrics.ingest(IngestOutcome.UNSUPPORTED_MEDIA, start(ctx));
            error(ctx, 415, "Content-Encoding '" + enc + "' is not supported (send gzip or no encoding)");
            return;
        }
        if (writer.pending() >= config.maxPending() || decoding.get() >= config.maxPending()) {
            overloaded(ctx, IngestOutcome.OVERLOADED, "too many reports waiting to be stored; retry shortly");
            return;
        }
        ctx.put("sender", sender.get());
        ctx.next();
    }

    private void ingest(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String sender = ctx.get("sender");
        String enc = ctx.request().getHeader("Content-Encoding");
        String key = ctx.request().getHeader("Idempotency-Key");
        Context context = ctx.vertx().getOrCreateContext();
        decoding.incrementAndGet();
        ctx.vertx().executeBlocking(() -> decoder.decode(body, enc, key, sender, clock.instant()), false)
                .onComplete(ar -> {
                    decoding.decrementAndGet();
                    if (ar.failed()) {
                        metrics.ingest(IngestOutcome.INVALID, start(ctx));
                        error(ctx, 400, "the report could not be read: " + ar.cause().getClass().getSimpleName());
                        return;
                    }
                    if (ar.result() instanceof Decoded.Rejected r) {
                        metrics.ingest(r.outcome(), start(ctx));
                        Map<String, Object> b = CollectorRoutes.errorBody(r.status(), r.error());
                        if (!r.problems().isEmpty()) {
                            b.put("problems", r.problems());
                        }
                        send(ctx, r.status(), b);
                        return;
                    }
                    Decoded.Ok ok = (Decoded.Ok) ar.result();
                    CompletionStage<StoreOutcome> stored = writer.submit(ok.incoming());
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
                        b.put("reportId", ok.incoming().reportId());
                        b.put("status", outcome == StoreOutcome.STORED ? "stored" : "duplicate");
                        metrics.ingest(outcome == StoreOutcome.STORED ? IngestOutcome.ACCEPTED
                                : IngestOutcome.DUPLICATE, start(ctx));
                        send(ctx, outcome == StoreOutcome.STORED ? 202 : 200, b);
                    }));
                });
    }

    private void overloaded(RoutingContext ctx, IngestOutcome outcome, String message) {
        metrics.ingest(outcome, start(ctx));
        ctx.response().putHeader("Retry-After", outcome == IngestOutcome.OVERLOADED ? "2" : "10");
        error(ctx, 503, message);
    }

    /**
     * After a 413: the rest of the body is read and dropped (never buffered) so the client sees the answer rather
     * than a reset, and the connection closes when the body ends, after {@link #DISCARD_MAX} bytes or after 10 s.
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
