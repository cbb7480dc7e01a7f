package dev.brokertuner.agent.daemon.http;

import dev.brokertuner.agent.daemon.ApplyText;
import dev.brokertuner.agent.daemon.LatestReport;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's read-only REST API on loopback: {@code /health}, {@code /v1/report}, {@code /v1/facts},
 * {@code /v1/findings}, {@code /v1/apply}, {@code /metrics}, {@code /openapi.yaml}. Unknown paths answer 404 and
 * wrong methods 405, always with a JSON body {@code {status, error}}; nothing a client sends can stop the daemon.
 * Every response carries {@link BrowserHardening}'s headers, and a {@code Host} that is not one of the listen names
 * is answered 421 before any route runs.
 */
public final class ApiRoutes {
    private final LatestReport latest;
    private final AgentMetrics metrics;
    private final ReportJson json;
    private final Clock clock;
    private final Duration interval;
    private final byte[] openApi;
    private final BrowserHardening hardening;
    private final HealthSignals signals;

    /**
     * @param hosts   the Host names the API answers to
     * @param signals what else makes the agent degraded (the outbox)
     */
    public ApiRoutes(LatestReport latest, AgentMetrics metrics, ReportJson json, Clock clock, Duration interval,
                     HostCheck hosts, HealthSignals signals) {
        this.hardening = new BrowserHardening(hosts);
        this.signals = signals;
        this.latest = latest;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.interval = interval;
        try (InputStream in = ApiRoutes.class.getResourceAsStream("/dev/brokertuner/agent/openapi.yaml")) {
            this.openApi = in == null ? "openapi: 3.0.3\n".getBytes() : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> hardening.handle(ctx, this::error));
        router.get("/health").handler(this::health);
        router.get("/v1/report").handler(ctx -> withReport(ctx, r -> sendJson(ctx, 200, r)));
        router.get("/v1/facts").handler(ctx -> withReport(ctx, r -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("generatedAt", r.generatedAt());
            facts.put("host", r.host());
            facts.put("broker", r.broker());
            facts.put("problems", r.problems());
            sendJson(ctx, 200, facts);
        }));
        router.get("/v1/findings").handler(this::findings);
        router.get("/v1/apply").handler(ctx -> withReport(ctx, r -> ctx.response()
                .putHeader("Content-Type", "text/plain; charset=utf-8").end(ApplyText.render(r))));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml").end(Buffer.buffer(openApi)));
        router.errorHandler(404, ctx -> error(ctx, 404, "no such resource: " + ctx.request().path()
                + " (see /openapi.yaml)"));
        router.errorHandler(405, ctx -> error(ctx, 405, "method " + ctx.request().method().name()
                + " not allowed: this API is read-only (GET)"));
        router.errorHandler(500, ctx -> error(ctx, 500, "internal error: "
                + (ctx.failure() == null ? "unknown" : ctx.failure().getClass().getSimpleName())));
        return router;
    }

    /**
     * Answers a request Vert.x could not decode (a malformed request line or header, a request framed both by
     * Content-Length and chunked encoding, an oversized line or header block): a JSON error with the hardening
     * headers, then the connection closes, whatever the method (Vert.x's default closes without a word for
     * anything but a GET).
     */
    public void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        String why = cause == null || cause.getMessage() == null ? "malformed request"
                : "malformed request: " + cause.getMessage().replaceAll("[^\\x20-\\x7e]", "?");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", why.length() > 200 ? why.substring(0, 200) : why);
        var response = request.response();
        BrowserHardening.addTo(response.headers());
        response.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(Buffer.buffer(json.write(body)));
    }

    private void health(RoutingContext ctx) {
        var p = latest.get();
        Map<String, Object> body = new LinkedHashMap<>();
        if (p.isEmpty()) {
            body.put("status", "starting");
            body.put("detail", "the first gathering has not completed yet");
            sendJson(ctx, 503, body);
            return;
        }
        long ageMillis = Math.max(0, clock.millis() - p.get().completedAt().toEpochMilli());
        boolean stale = ageMillis > interval.toMillis() * 3;
        List<String> degraded = signals.degradedReasons();
        body.put("status", stale ? "stale" : degraded.isEmpty() ? "ok" : "degraded");
        body.put("lastGatheringAt", p.get().completedAt());
        body.put("ageSeconds", ageMillis / 1000.0);
        body.put("intervalSeconds", interval.toSeconds());
        body.put("report", p.get().kind().wire());
        body.put("broker", p.get().report().broker() == null ? null : p.get().report().broker().status());
        if (!degraded.isEmpty()) {
            body.put("degraded", degraded);
        }
        if (stale) {
            body.put("detail", "the last gathering is older than three intervals");
        } else if (!degraded.isEmpty()) {
            body.put("detail", String.join("; ", degraded));
        }
        sendJson(ctx, stale ? 503 : 200, body);
    }

    private void findings(RoutingContext ctx) {
        List<String> sev = ctx.queryParam("severity");
        Severity min = Severity.INFO;
        if (!sev.isEmpty()) {
            try {
                min = Severity.parse(sev.get(0));
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "severity: " + e.getMessage());
                return;
            }
        }
        Severity atLeast = min;
        withReport(ctx, r -> {
            List<Finding> selected = r.findings().stream().filter(f -> f.severity().atLeast(atLeast)).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("reportId", r.reportId());
            body.put("generatedAt", r.generatedAt());
            body.put("hostname", r.host().hostname());
            body.put("minSeverity", atLeast);
            body.put("findings", selected);
            sendJson(ctx, 200, body);
        });
    }

    private void withReport(RoutingContext ctx, java.util.function.Consumer<Report> then) {
        var p = latest.get();
        if (p.isEmpty()) {
            error(ctx, 503, "no report yet: the first gathering has not completed");
            return;
        }
        then.accept(p.get().report());
    }

    private void sendJson(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(json.write(body)));
    }

    private void error(RoutingContext ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        if (!ctx.response().ended()) {
            sendJson(ctx, status, body);
        }
    }
}
