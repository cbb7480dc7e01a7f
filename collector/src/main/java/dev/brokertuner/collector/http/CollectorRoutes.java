package dev.brokertuner.collector.http;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.collector.fleet.CruiseControlCapacity;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.fleet.FleetViews;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.WorkloadViews;
import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.ReportStore;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The collector's HTTP API: ingest ({@link IngestRoutes}), the fleet views, {@code /health}, {@code /metrics},
 * {@code /openapi.yaml} and the dashboard. Every error is JSON {@code {status, error[, problems]}};
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
    private final WorkloadViews workload;
    private final CollectorMetrics metrics;
    private final ReportJson json;
    private final Clock clock;
    private final Dashboard dashboard;
    /** How old a served fleet view may be. */
    static final Duration FLEET_MAX_AGE = Duration.ofSeconds(1);

    private final IngestRoutes ingest;
    private final AlertTestRoutes alertTest;
    private final AlertRoutes alerts;
    private final java.util.concurrent.atomic.AtomicReference<FleetViews.Fleet> fleetCache =
            new java.util.concurrent.atomic.AtomicReference<>();

    public CollectorRoutes(CollectorConfig config, GroupCommitWriter writer, ReportStore store, FleetIndex index,
                           ReportDecoder decoder, CollectorMetrics metrics, ReportJson json, Clock clock,
                           Dashboard dashboard) {
        this(config, writer, store, index, decoder, metrics, json, clock, dashboard, new HostOwners(Map.of()),
                new MemoryBudget(config.ingest().memoryBytes()));
    }

    /**
     * @param owners the token each host is registered to
     * @param budget the memory budget of ingest
     */
    public CollectorRoutes(CollectorConfig config, GroupCommitWriter writer, ReportStore store, FleetIndex index,
                           ReportDecoder decoder, CollectorMetrics metrics, ReportJson json, Clock clock,
                           Dashboard dashboard, HostOwners owners, MemoryBudget budget) {
        this(config, writer, store, index, decoder, metrics, json, clock, dashboard, owners, budget, null);
    }

    /** @param alerts the alerts API, null for none */
    public CollectorRoutes(CollectorConfig config, GroupCommitWriter writer, ReportStore store, FleetIndex index,
                           ReportDecoder decoder, CollectorMetrics metrics, ReportJson json, Clock clock,
                           Dashboard dashboard, HostOwners owners, MemoryBudget budget, AlertRoutes alerts) {
        this.alerts = alerts;
        this.config = config;
        this.tokens = config.tokens();
        this.writer = writer;
        this.store = store;
        this.index = index;
        this.views = new FleetViews(config.staleAfterSeconds());
        this.workload = new WorkloadViews(config.staleAfterSeconds());
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.dashboard = dashboard;
        this.ingest = new IngestRoutes(config, writer, decoder, metrics, json, clock, index, owners, budget);
        this.alertTest = new AlertTestRoutes(tokens, dev.brokertuner.collector.alerts.Receivers.standard(clock)
                .all(config.alerts()), config.alerts().dashboardUrl(), json, clock);
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        ingest.mount(router);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/openapi.yaml").handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
                .end(Buffer.buffer(dashboard.openApi())));
        router.route("/v1/*").handler(this::viewer);
        router.get("/v1/fleet").handler(ctx -> view(ctx, "fleet",
                () -> fleet("true".equals(ctx.request().getParam("fresh")))));
        router.get("/v1/clusters/:id/capacity.json").handler(this::capacity);
        router.get("/v1/clusters/:id/topics").handler(ctx -> workload(ctx, "topics"));
        router.get("/v1/clusters/:id/groups").handler(ctx -> workload(ctx, "groups"));
        router.get("/v1/clusters/:id").handler(this::cluster);
        router.get("/v1/hosts/:hostname").handler(this::host);
        router.get("/v1/reports/:id").handler(this::report);
        router.get("/v1/findings").handler(this::findings);
        alertTest.mount(router);
        if (alerts != null) {
            alerts.mount(router);
        }
        dashboard.mount(router);
        router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()
                + " (see /openapi.yaml)"));
        router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method().name()
                + " not allowed on " + ctx.request().path()));
        router.errorHandler(413, ingest::tooLarge);
        router.errorHandler(400, ctx -> error(ctx, 400, "bad request"));
        router.errorHandler(500, ctx -> error(ctx, 500, "internal error: "
                + (ctx.failure() == null ? "unknown" : ctx.failure().getClass().getSimpleName())));
        return router;
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

    /** {@code /v1/clusters/{id}/topics} and {@code /groups}: the cluster's workload rolled up over its hosts. */
    private void workload(RoutingContext ctx, String what) {
        String id = ctx.pathParam("id");
        String problem = Identifiers.clusterProblem(id);
        if (problem != null) {
            error(ctx, 400, "cluster id " + problem);
            return;
        }
        int limit = intParam(ctx, "limit", 1000, 1, 10_000);
        if (limit < 0) {
            return;
        }
        List<HostSummary> members = index.cluster(id);
        if (members.isEmpty()) {
            error(ctx, 404, "no cluster '" + id + "' (see /v1/fleet)");
            return;
        }
        Instant now = clock.instant();
        view(ctx, what, () -> "topics".equals(what) ? workload.topics(id, members, now, limit)
                : workload.groups(id, members, now, limit));
    }

    private void capacity(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        List<HostSummary> members = index.cluster(id);
        if (members.isEmpty()) {
            error(ctx, 404, "no cluster '" + id + "' (see /v1/fleet)");
            return;
        }
        CruiseControlCapacity.Result r = CruiseControlCapacity.of(members, clock.instant(),
                config.staleAfterSeconds());
        if (!r.skipped().isEmpty()) {
            // hostnames are checked at ingest, but a store from before then may hold anything: never a raw value
            ctx.response().putHeader("X-Broker-Tuner-Skipped", Identifiers.printable(String.join("; ",
                    r.skipped())));
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

    static String bearer(RoutingContext ctx) {
        String h = ctx.request().getHeader("Authorization");
        if (h == null || h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : c.toString();
    }

    static Map<String, Object> errorBody(int status, String message) {
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
