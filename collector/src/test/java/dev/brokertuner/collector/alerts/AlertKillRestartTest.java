package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector in its own JVM, killed with SIGKILL while an alert is open and one report into its clearing, then
 * restarted on the same store: the RAISED is not sent again and the next report without the finding CLEARs it
 * (the absence count survived), delivered to a real local webhook.
 */
class AlertKillRestartTest {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");
    final HttpClient http = HttpClient.newHttpClient();
    final ReportJson json = new ReportJson();

    @Test
    void kill9BetweenRaisedAndClearSendsNoDuplicateRaisedAndTheClear(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "team-a " + CollectorFixture.TOKEN + "\n");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        try (WebhookSink sink = new WebhookSink().up(false)) {
            Process first = start(dir, sink, "first.log");
            String alertId;
            try {
                int port = awaitPort(first, dir.resolve("first.log"));
                assertThat(post(port, Reports.broker("kafka-a01", 1).swappiness("60").at(t).build())).isEqualTo(202);
                assertThat(post(port, Reports.broker("kafka-a01", 1).swappiness("60").at(t.plusSeconds(60))
                        .build())).isEqualTo(202);
                sink.await(1);
                assertThat(sink.statuses()).containsExactly("RAISED host.vm.swappiness kafka-a01");
                alertId = sink.accepted.get(0).get("id").asText();
                assertThat(post(port, Reports.broker("kafka-a01", 1).at(t.plusSeconds(120)).build())).isEqualTo(202);
                awaitAbsent(port, alertId);
            } finally {
                first.destroyForcibly();
            }
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);

            Process second = start(dir, sink, "second.log");
            try {
                int port = awaitPort(second, dir.resolve("second.log"));
                assertThat(post(port, Reports.broker("kafka-a01", 1).at(t.plusSeconds(180)).build())).isEqualTo(202);
                sink.await(2);
                Thread.sleep(500); // a duplicate would arrive now
                assertThat(sink.statuses()).containsExactly("RAISED host.vm.swappiness kafka-a01",
                        "CLEAR host.vm.swappiness kafka-a01");
                assertThat(sink.accepted.get(1).get("id").asText()).isEqualTo(alertId);
                assertThat(sink.keys).doesNotHaveDuplicates();
            } finally {
                second.destroyForcibly();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process start(Path dir, WebhookSink sink, String log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), AlertsServeMain.class.getName(), dir.toString(),
                sink.url()).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    private int post(int port, Report r) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/reports"))
                .header("Authorization", "Bearer " + CollectorFixture.TOKEN).header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CollectorFixture.gzip(json.write(r)))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Waits until the lifecycle has counted the report without the finding (it runs after the 202). */
    private void awaitAbsent(int port, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int absent = 0;
        while (absent < 1 && System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/alerts/" + id))
                    .header("Authorization", "Bearer " + CollectorFixture.TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            absent = new JsonObject(body).getJsonObject("alert").getInteger("absentReports");
            Thread.sleep(50);
        }
        assertThat(absent).as("one report without the finding counted").isEqualTo(1);
    }

    private static int awaitPort(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = STARTED.matcher(Files.readString(log));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            assertThat(child.isAlive()).as("collector running; log:\n%s",
                    Files.exists(log) ? Files.readString(log) : "").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the collector did not start within 60 s; log:\n" + Files.readString(log));
    }
}
