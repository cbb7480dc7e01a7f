package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.CollectorApp;
import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.config.ConfigLoader;
import dev.brokertuner.collector.config.Overrides;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real collector (in this JVM) with an {@code alerts:} section routing warnings and above to one webhook, spoken
 * to over real HTTP. The alerts section is built here, not parsed (its YAML parsing is another part's).
 */
public final class AlertCollector implements AutoCloseable {
    final Path dir;
    final ReportJson json = new ReportJson();
    final HttpClient http = HttpClient.newHttpClient();
    private final CollectorApp app;

    public AlertCollector(Path dir, Clock clock, String extraYaml, AlertsConfig alerts, Backoff backoff) throws Exception {
        this.dir = dir;
        Files.writeString(dir.resolve("tokens"), "team-a " + CollectorFixture.TOKEN + "\noncall "
                + CollectorFixture.OPERATOR_TOKEN + " role=operator\n");
        app = CollectorApp.start(config(dir, 0, extraYaml, alerts), clock, ReceiverFactory.webhookOnly(), backoff);
    }

    public static AlertsConfig webhook(String url, Duration repeat) {
        return new AlertsConfig(List.of(new ReceiverConfig("ops-hook", "webhook", Map.of("url", url))),
                List.of(new Route(null, Severity.WARNING, List.of("ops-hook"))), AlertsConfig.DEFAULT_RAISE_AFTER,
                AlertsConfig.DEFAULT_CLEAR_AFTER, repeat, "https://collector.ops", "https://docs.example/bt/v1/");
    }

    static CollectorConfig config(Path dir, int port, String extraYaml, AlertsConfig a) throws Exception {
        CollectorConfig c = new ConfigLoader().parse(CollectorFixture.yaml(dir, port, extraYaml), null,
                Overrides.none());
        return new CollectorConfig(c.source(), c.listenHost(), c.listenPort(), c.dataDir(), c.tokens(),
                c.tokensFile(), c.viewers(), c.tls(), c.retentionDays(), c.staleAfterSeconds(), c.maxBodyBytes(),
                c.maxPending(), c.durability(), c.ingest(), c.connections(), a, c.store(), c.kafkaIngest());
    }

    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    public int post(Report r) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/v1/reports"))
                .header("Authorization", "Bearer " + CollectorFixture.TOKEN).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CollectorFixture.gzip(json.write(r)))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    public HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public io.vertx.core.json.JsonObject get(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, CollectorFixture.TOKEN, null);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return new io.vertx.core.json.JsonObject(r.body());
    }

    /** True while this collector holds the once-only lock of a shared store (always with the embedded one). */
    public boolean ownsOnceWork() {
        return app.ownsOnceWork();
    }

    @Override
    public void close() {
        app.close();
    }
}
