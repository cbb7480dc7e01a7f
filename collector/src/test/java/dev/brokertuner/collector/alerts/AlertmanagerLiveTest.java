package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.report.Severity;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}, installed by bin/test) on a loopback port with a
 * temp config and storage: the receiver's RAISED shows as an active alert with our labels and annotations, and its
 * CLEAR resolves it; after a severity change (UPDATE) only the alert under the new severity is active.
 */
class AlertmanagerLiveTest {
    private static final ObjectMapper M = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Process alertmanager;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: blackhole
                  group_wait: 1h
                receivers:
                  - name: blackhole
                """);
        alertmanager = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=").redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        base = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!alertmanager.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("alertmanager did not become ready: "
                        + Files.readString(dir.resolve("alertmanager.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static JsonNode alerts() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return M.readTree(r.body());
    }

    @Test
    void raisedShowsAsActiveAndClearResolvesIt() throws Exception {
        var receiver = new AlertmanagerReceiver("am", base, AlertmanagerReceiver.DEFAULT_HOLD, Map.of(),
                new JsonPost("alertmanager", Duration.ofSeconds(5), Clock.systemUTC()), Clock.systemUTC());
        Instant raised = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Notification r = Notifications.raised();
        Notification n = new Notification(r.deliveryKey(), r.alertId(), r.status(), r.ruleId(), r.severity(),
                r.cluster(), r.host(), r.subject(), r.title(), r.message(), r.current(), r.recommended(), r.docUrl(),
                raised, null, r.dashboardUrl(), false);
        assertThat(receiver.deliver(n)).isInstanceOf(DeliveryResult.Delivered.class);

        JsonNode open = alerts();
        assertThat(open).hasSize(1);
        JsonNode a = open.get(0);
        assertThat(a.at("/labels/alertname").asText()).isEqualTo("host.vm.swappiness");
        assertThat(a.at("/labels/severity").asText()).isEqualTo("warning");
        assertThat(a.at("/labels/cluster").asText()).isEqualTo("payments-prod");
        assertThat(a.at("/labels/host").asText()).isEqualTo("kafka-1");
        assertThat(a.at("/labels/alert_id").asText()).isEqualTo("a-17");
        assertThat(a.at("/annotations/recommended").asText()).isEqualTo("1");
        assertThat(a.at("/status/state").asText()).isEqualTo("active");
        assertThat(Instant.parse(a.get("startsAt").asText())).isEqualTo(raised);
        assertThat(Instant.parse(a.get("endsAt").asText())).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(a.get("generatorURL").asText()).isEqualTo("https://collector.example/ui/#/alerts/a-17");

        Notification clear = new Notification("a-17-clear", n.alertId(), AlertStatus.CLEAR, n.ruleId(),
                n.severity(), n.cluster(), n.host(), n.subject(), n.title(), n.message(), n.current(),
                n.recommended(), n.docUrl(), raised, Instant.now().minusSeconds(1), n.dashboardUrl(), false);
        assertThat(receiver.deliver(clear)).isInstanceOf(DeliveryResult.Delivered.class);
        // a resolved alert is no longer active: Alertmanager's list shows only alerts whose endsAt is ahead
        JsonNode after = alerts();
        assertThat(after).noneMatch(x -> x.at("/labels/alert_id").asText().equals("a-17")
                && x.at("/status/state").asText().equals("active"));
    }

    @Test
    void aSeverityChangeLeavesOneActiveAlertAndClearResolvesIt() throws Exception {
        var receiver = new AlertmanagerReceiver("am", base, AlertmanagerReceiver.DEFAULT_HOLD, Map.of(),
                new JsonPost("alertmanager", Duration.ofSeconds(5), Clock.systemUTC()), Clock.systemUTC());
        Instant raised = Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Notification r = Notifications.raised();
        Notification warning = new Notification("s-1-raised", "s-1", AlertStatus.RAISED, r.ruleId(),
                Severity.WARNING, r.cluster(), r.host(), r.subject(), r.title(), r.message(), r.current(),
                r.recommended(), r.docUrl(), raised, null, r.dashboardUrl(), false);
        assertThat(receiver.deliver(warning)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(active("s-1")).extracting(x -> x.at("/labels/severity").asText()).containsExactly("warning");

        Notification critical = new Notification("s-1-update", "s-1", AlertStatus.UPDATE, r.ruleId(),
                Severity.CRITICAL, r.cluster(), r.host(), r.subject(), r.title(), r.message(), r.current(),
                r.recommended(), r.docUrl(), raised, null, r.dashboardUrl(), false);
        assertThat(receiver.deliver(critical)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(active("s-1")).as("the warning alert resolved by the UPDATE")
                .extracting(x -> x.at("/labels/severity").asText()).containsExactly("critical");

        Notification clear = new Notification("s-1-clear", "s-1", AlertStatus.CLEAR, r.ruleId(), Severity.CRITICAL,
                r.cluster(), r.host(), r.subject(), r.title(), r.message(), r.current(), r.recommended(),
                r.docUrl(), raised, Instant.now().minusSeconds(1), r.dashboardUrl(), false);
        assertThat(receiver.deliver(clear)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(active("s-1")).isEmpty();
    }

    /** Alertmanager's active alerts of one episode. */
    private static java.util.List<JsonNode> active(String alertId) throws Exception {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode x : alerts()) {
            if (x.at("/labels/alert_id").asText().equals(alertId) && x.at("/status/state").asText().equals("active")) {
                out.add(x);
            }
        }
        return out;
    }

    @Test
    void aDocumentAlertmanagerRefusesIsRejected() throws Exception {
        var receiver = new AlertmanagerReceiver("am", base, AlertmanagerReceiver.DEFAULT_HOLD, Map.of(),
                new JsonPost("alertmanager", Duration.ofSeconds(5), Clock.systemUTC()), Clock.systemUTC());
        Notification r = Notifications.raised();
        // endsAt before startsAt is invalid to Alertmanager's API (400)
        Notification bad = new Notification("bad", "bad-1", AlertStatus.CLEAR, r.ruleId(), r.severity(), null, null,
                null, r.title(), r.message(), null, null, null, Instant.now(), Instant.now().minusSeconds(3600),
                null, false);
        assertThat(receiver.deliver(bad)).isInstanceOf(DeliveryResult.Rejected.class);
    }
}
