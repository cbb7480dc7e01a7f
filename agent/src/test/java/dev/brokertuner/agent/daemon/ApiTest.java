package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's REST API over a real HTTP connection, on a tiny fixture host. */
class ApiTest {
    @TempDir
    static Path root;
    static AgentApp app;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        TinyHost.write(root);
        var config = new ConfigLoader(RuleCatalog.builtIn()).parse(TinyHost.config(root, 0, 2), null);
        app = AgentApp.start(config, Clock.systemUTC());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (get("/health").statusCode() != 200) {
            assertThat(System.nanoTime()).as("agent healthy within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    @Test
    void servesTheWholeReportInTheContract() throws Exception {
        var r = get("/v1/report");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        Report report = new ReportJson().read(r.body().getBytes(StandardCharsets.UTF_8));
        assertThat(report.schemaVersion()).isEqualTo(Report.SCHEMA_VERSION);
        assertThat(report.clusterAlias()).isEqualTo("test-cluster");
        assertThat(report.broker().status().wire()).isEqualTo("not-found");
    }

    @Test
    void healthSaysHowOldTheLastGatheringIs() throws Exception {
        var r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"", "\"ageSeconds\"", "\"intervalSeconds\":2");
    }

    @Test
    void findingsFilterBySeverityAndRejectUnknownOnes() throws Exception {
        assertThat(get("/v1/findings?severity=critical").body()).contains("\"minSeverity\":\"critical\"");
        var bad = get("/v1/findings?severity=urgent");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"status\":400", "unknown severity 'urgent'");
    }

    @Test
    void factsAndApplyText() throws Exception {
        assertThat(get("/v1/facts").body()).contains("\"host\"", "\"broker\"", "\"problems\"");
        var apply = get("/v1/apply");
        assertThat(apply.statusCode()).isEqualTo(200);
        assertThat(apply.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(apply.body()).startsWith("# broker-tuner apply plan for");
    }

    @Test
    void unknownPathsAndMethodsAnswerJsonErrorsAndTheDaemonStaysUp() throws Exception {
        var missing = get("/v1/nothing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"status\":404", "\"error\"");
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            var r = send(m, "/v1/report");
            assertThat(r.statusCode()).as(m).isEqualTo(405);
            assertThat(r.body()).contains("\"status\":405");
        }
        var longQuery = get("/v1/findings?severity=" + "x".repeat(3000));
        assertThat(longQuery.statusCode()).isIn(400, 414);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsParseWithPrometheusOwnParser() throws Exception {
        var r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("broker_tuner_up 1.0", "broker_tuner_gatherings",
                "broker_tuner_findings{severity=\"warning\"}", "broker_tuner_broker_reachable 0.0");
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(r.body().getBytes(StandardCharsets.UTF_8));
        promtool.getOutputStream().close();
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // exit 0: clean; 3: lint remarks only (on Micrometer's JVM metric names); 1: the text did not parse
        assertThat(promtool.exitValue()).as(out).isIn(0, 3);
        assertThat(out).doesNotContain("error while linting").doesNotContain("broker_tuner_");
    }
}
