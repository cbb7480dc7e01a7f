package dev.brokertuner.collector.http;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.collector.fleet.CruiseControlCapacity;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.fleet.FleetViews;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.ReportStore;
import dev.brokertuner.collector.store.StoreOutcome;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The collector's HTTP API: authenticated ingest ({@code POST /v1/reports}), the fleet views, {@code /health},
 * {@code /metrics}, {@code /openapi.yaml} and the dashboard. Every error is JSON {@code {status, error[, problems]}};
 * nothing a client sends is answered with a 500 or stops the service. Blocking and CPU-heavy work (decoding,
 * validation, database reads) runs on worker threads; the store is written by the {@link GroupCommitWriter}.
 */
public final class CollectorRoutes {
    private final CollectorConfig config;
    private final Tokens tokens;
    private final GroupCommitWriter writer;
    private final ReportStore store;
    private final FleetIndex index;
    private final FleetViews views;
    private final ReportDecoder decoder;
    private final CollectorMetrics metrics;
    private final ReportJson json;
    private final Clock clock;
    private final Dashboard dashboard;
    /** Most bytes of an oversized body read (and dropped) before the connection is cut. */
    static final long DISCARD_MAX = 64L << 20;

    /** How old a served fleet view may be. */
    static final Duration FLEET_MAX_AGE = Duration.ofSeconds(1);

    private final AtomicInteger decoding = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<FleetViews.Fleet> fleetCache =
            new java.util.concurrent.atomic.AtomicReference<>();

    public CollectorRoutes(CollectorConfig config, GroupCommitWriter writer, ReportStore store, FleetIndex index,
                           ReportDecoder decoder, CollectorMetrics metrics, ReportJson json, Clock clock,
                           Dashboard dashboard) {
        this.config = config;
        this.tokens = config.tokens();
        this.writer = writer;
        this.store = store;
        this.index = index;
        this.views = new FleetViews(config.staleAfterSeconds());
        this.decoder = decoder;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.dashboard = dashboard;
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        // admission is a security policy (token, overload) that must run before the body is read
        router.post("/v1/reports").handler((SecurityPolicyHandler) this::admit)
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(this::ingest);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
                .end(Buffer.buffer(dashboard.openApi())));
        router.route("/v1/*").handler(this::viewer);
        router.get("/v1/fleet").handler(ctx -> view(ctx, "fleet",
                () -> fleet("true".equals(ctx.request().getParam("fresh")))));
        router.get("/v1/clusters/:id/capacity.json").handler(this::capacity);
        router.get("/v1/clusters/:id").handler(this::cluster);
        router.get("/v1/hosts/:hostname").handler(this::host);
        router.get("/v1/reports/:id").handler(this::report);
        router.get("/v1/findings").handler(this::findings);
        dashboard.mount(router);
        router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()
                + " (see /openapi.yaml)"));
        router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method().name()
                + " not allowed on " + ctx.request().path()));
        router.errorHandler(413, ctx -> {
            metrics.ingest(IngestOutcome.TOO_LARGE, start(ctx));
            if (ctx.response().ended()) {
                return;
            }
            ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(Buffer.buffer(json.write(errorBody(413, "the body is larger than "
                            + config.maxBodyBytes() + " bytes"))));
            discardThenClose(ctx);
        });
        router.errorHandler(400, ctx -> error(ctx, 400, "bad request"));
        router.errorHandler(500, ctx -> error(ctx, 500, "internal error: "
                + (ctx.failure() == null ? "unknown" : ctx.failure().getClass().getSimpleName())));
        return router;
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

    /** Token and overload checks, before a byte of the body is read. */
    private void admit(RoutingContext ctx) {
        ctx.put("t0", System.nanoTime());
        Optional<String> sender = tokens.senderOf(bearer(ctx));
        if (sender.isEmpty()) {
            metrics.ingest(IngestOutcome.UNAUTHORIZED, start(ctx));
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"broker-tuner\"");
            error(ctx, 401, ctx.request().getHeader("Authorization") == null
                    ? "a bearer token is required (Authorization: Bearer <token>)"
                    : "the bearer token is not one of this collector's tokens");
            return;
        }
        String enc = ctx.request().getHeader("Content-Encoding");
        if (enc != null && !List.of("gzip", "x-gzip", "identity").contains(enc.trim().toLowerCase())) {
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
                        Map<String, Object> b = errorBody(r.status(), r.error());
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
                                    + rootMessage(failure) + "; retry later");
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

    /** Viewer access: open, or any sender token. */
    private void viewer(RoutingContext ctx) {
        if (config.viewers() == CollectorConfig.Viewers.OPEN || tokens.senderOf(bearer(ctx)).isPresent()) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"broker-tuner\"");
        error(ctx, 401, "a viewer token is required (Authorization: Bearer <token>)");
    }

    private void health(RoutingContext ctx) {
        Map<String, Object> b = new LinkedHashMap<>();
        boolean ok = writer.healthy();
        b.put("status", ok ? "ok" : "store-failing");
        b.put("hosts", index.size());
        b.put("storeQueue", writer.pending());
        b.put("stored", writer.stored());
        b.put("storeBytes", store.sizeBytes());
        send(ctx, ok ? 200 : 503, b);
    }

    /**
     * The fleet view, recomputed at most once per {@link #FLEET_MAX_AGE} while reports keep arriving (at 10,000
     * hosts it costs tens of milliseconds); {@code generatedAt} says when it was computed. {@code fresh} forces a
     * recomputation.
     */
    private Object fleet(boolean fresh) {
        Instant now = clock.instant();
        FleetViews.Fleet cached = fleetCache.get();
        if (!fresh && cached != null && cached.generatedAt().plus(FLEET_MAX_AGE).isAfter(now)
                && !now.isBefore(cached.generatedAt())) {
            return cached;
        }
        FleetViews.Fleet computed = views.fleet(index.all(), now);
        fleetCache.set(computed);
        return computed;
    }

    private void cluster(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        int hours = intParam(ctx, "hours", 1, 1, 24 * 31);
        if (hours < 0) {
            return;
        }
        List<HostSummary> members = index.cluster(id);
        if (members.isEmpty()) {
            error(ctx, 404, "no cluster '" + id + "' (see /v1/fleet)");
            return;
        }
        Instant now = clock.instant();
        Duration bucket = Duration.ofSeconds(Math.max(60, hours * 3600L / 120));
        view(ctx, "cluster", () -> views.cluster(id, members, now,
                store.throughput(id, now.minus(Duration.ofHours(hours))), bucket));
    }

    private void capacity(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        List<HostSummary> members = index.cluster(id);
        if (members.isEmpty()) {
            error(ctx, 404, "no cluster '" + id + "' (see /v1/fleet)");
            return;
        }
        CruiseControlCapacity.Result r = CruiseControlCapacity.of(members);
        if (!r.skipped().isEmpty()) {
            ctx.response().putHeader("X-Broker-Tuner-Skipped", String.join("; ", r.skipped()));
        }
        send(ctx, 200, r.document());
    }

    private void host(RoutingContext ctx) {
        String name = ctx.pathParam("hostname");
        int limit = intParam(ctx, "history", 50, 1, 10_000);
        if (limit < 0) {
            return;
        }
        Optional<HostSummary> s = index.host(name);
        if (s.isEmpty()) {
            error(ctx, 404, "no host '" + name + "' (see /v1/fleet)");
            return;
        }
        view(ctx, "host", () -> {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("summary", s.get());
            b.put("stale", s.get().staleAt(clock.instant(), config.staleAfterSeconds()));
            b.put("report", store.report(s.get().reportId()).map(this::tree).orElse(null));
            b.put("history", store.history(name, limit));
            return b;
        });
    }

    private void report(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        ctx.vertx().executeBlocking(() -> store.report(id), false).onComplete(ar -> {
            if (ar.failed()) {
                error(ctx, 503, "the store is unavailable: " + rootMessage(ar.cause()));
            } else if (ar.result().isEmpty()) {
                error(ctx, 404, "no report '" + id + "'");
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(ar.result().get()));
            }
        });
    }

    private void findings(RoutingContext ctx) {
        String rule = ctx.request().getParam("rule");
        String cluster = ctx.request().getParam("cluster");
        String sev = ctx.request().getParam("severity");
        Severity atLeast = null;
        if (sev != null && !sev.isBlank()) {
            try {
                atLeast = Severity.parse(sev);
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "severity: " + e.getMessage());
                return;
            }
        }
        Severity min = atLeast;
        view(ctx, "findings", () -> views.findings(index.all(), blank(rule), min, blank(cluster)));
    }

    private void view(RoutingContext ctx, String name, Callable<Object> body) {
        long t0 = System.nanoTime();
        ctx.vertx().executeBlocking(() -> json.write(body.call()), false).onComplete(ar -> {
            metrics.view(name, t0);
            if (ar.failed()) {
                error(ctx, 503, "view failed: " + rootMessage(ar.cause()));
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(ar.result()));
            }
        });
    }

    private Object tree(byte[] jsonBytes) {
        try {
            return json.mapper().readTree(jsonBytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        error(ctx, 400, name + ": must be a whole number " + min + "-" + max);
        return -1;
    }

    private static String bearer(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    private static long start(RoutingContext ctx) {
        Long t0 = ctx.get("t0");
        return t0 == null ? System.nanoTime() : t0;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : c.toString();
    }

    private static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("status", status);
        b.put("error", message);
        return b;
    }

    private void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, errorBody(status, message));
    }

    private void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(json.write(body)));
    }
}
