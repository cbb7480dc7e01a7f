package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.Reports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end over real HTTP: reports posted to a real collector, notifications delivered to a real local
 * webhook receiver that is down, then failing, then back.
 */
class AlertDeliveryTest {
    static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void aReceiverDownThenBackGetsEverythingOnceInOrder(@TempDir Path dir) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        try (WebhookSink sink = new WebhookSink();
             AlertCollector c = new AlertCollector(dir, Clock.systemUTC(), "",
                     AlertCollector.webhook(sink.url(), null), FAST)) {
            // the receiver is not even listening yet
            assertThat(c.post(Reports.broker("kafka-a01", 1).swappiness("60").at(t).build())).isEqualTo(202);
            assertThat(c.post(Reports.broker("kafka-a01", 1).swappiness("60").at(t.plusSeconds(60)).build()))
                    .isEqualTo(202);
            assertThat(c.post(Reports.broker("kafka-a02", 2).relatime().at(t).build())).isEqualTo(202);
            assertThat(c.post(Reports.broker("kafka-a02", 2).relatime().at(t.plusSeconds(60)).build()))
                    .isEqualTo(202);
            assertThat(c.post(Reports.broker("kafka-a01", 1).at(t.plusSeconds(120)).build())).isEqualTo(202);
            assertThat(c.post(Reports.broker("kafka-a01", 1).at(t.plusSeconds(180)).build())).isEqualTo(202);
            await("both alerts raised and one cleared", () -> alerts(c, "all").size() == 2
                    && alerts(c, "raised").size() == 1);
            String first = alerts(c, "cleared").getJsonObject(0).getString("id");
            await("delivery retried while the receiver is down", () -> attempts(c, first) >= 3);
            sink.up(true);
            await("refused while failing", () -> sink.refused.get() >= 2);
            sink.heal();
            sink.await(3);
            Thread.sleep(500); // anything sent twice would arrive now
            assertThat(sink.statuses()).containsExactly("RAISED host.vm.swappiness kafka-a01",
                    "RAISED host.fs.noatime kafka-a02", "CLEAR host.vm.swappiness kafka-a01");
            assertThat(sink.keys).doesNotHaveDuplicates();
            JsonNode raised = sink.accepted.get(0);
            assertThat(raised.fieldNames()).toIterable().containsExactly("id", "rule_id", "severity", "status",
                    "title", "message", "cluster", "host", "subject", "current", "recommended", "raised_at",
                    "cleared_at", "dashboard_url");
            assertThat(raised.get("id").asText()).isEqualTo(first);
            assertThat(raised.get("severity").asText()).isEqualTo("WARN");
            assertThat(raised.get("title").asText())
                    .isEqualTo("WARNING host.vm.swappiness on kafka-a01: vm.swappiness");
            assertThat(raised.get("message").asText()).isEqualTo("Suggested action: set 1 (now 60). Swapping out "
                    + "broker heap stalls request handlers.\nApply:\n  sysctl -w vm.swappiness=1\n  echo "
                    + "'vm.swappiness=1' > /etc/sysctl.d/60-kafka.conf\n\nRule documentation: "
                    + "https://docs.example/bt/v1/docs/rules.md#hostvmswappiness");
            assertThat(raised.get("cluster").asText()).isEqualTo("c-prod");
            assertThat(raised.get("host").asText()).isEqualTo("kafka-a01");
            assertThat(raised.get("subject").asText()).isEqualTo("vm.swappiness");
            assertThat(raised.get("current").asText()).isEqualTo("60");
            assertThat(raised.get("recommended").asText()).isEqualTo("1");
            assertThat(raised.get("raised_at").asText()).isEqualTo(t.plusSeconds(60).toString());
            assertThat(raised.get("cleared_at").isNull()).isTrue();
            assertThat(raised.get("dashboard_url").asText()).isEqualTo("https://collector.ops/#/alerts/" + first);
            JsonNode clear = sink.accepted.get(2);
            assertThat(clear.get("id").asText()).isEqualTo(first);
            assertThat(clear.get("cleared_at").asText()).isEqualTo(t.plusSeconds(180).toString());

            JsonObject detail = c.get("/v1/alerts/" + first);
            assertThat(detail.getJsonArray("notifications").stream().map(n -> ((JsonObject) n).getString("status")))
                    .containsExactly("RAISED", "CLEAR");
            assertThat(detail.getJsonArray("deliveries").stream().map(d -> ((JsonObject) d).getString("state")))
                    .containsExactly("DELIVERED", "DELIVERED");
            List<String> outcomes = detail.getJsonArray("attempts").stream()
                    .map(a -> ((JsonObject) a).getString("outcome")).toList();
            assertThat(outcomes).contains("retry").endsWith("delivered");
            assertThat(outcomes.stream().filter("delivered"::equals)).hasSize(2);
            String metrics = c.call("GET", "/metrics", null, null).body();
            assertThat(metrics).contains("broker_tuner_collector_alerts_open 1.0",
                    "broker_tuner_collector_alert_deliveries_delivered 3.0",
                    "broker_tuner_collector_alert_receivers_failing 0.0");
            assertThat(metrics).doesNotContain("broker_tuner_collector_alert_deliveries_retried 0.0");
        }
    }

    @Test
    void aSilentHostRaisesStaleAndItsNextReportClearsIt(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (WebhookSink sink = new WebhookSink().up(false);
             AlertCollector c = new AlertCollector(dir, clock, "staleAfterSeconds: 10\n",
                     AlertCollector.webhook(sink.url(), null), FAST)) {
            assertThat(c.post(Reports.broker("kafka-a01", 1).at(clock.instant()).build())).isEqualTo(202);
            clock.advance(Duration.ofSeconds(30));
            sink.await(1);
            assertThat(sink.statuses()).containsExactly("RAISED collector.host.stale kafka-a01");
            JsonNode raised = sink.accepted.get(0);
            assertThat(raised.get("message").asText()).startsWith("No report from kafka-a01 since ")
                    .contains("systemctl status broker-tuner-agent");
            assertThat(c.post(Reports.broker("kafka-a01", 1).at(clock.instant()).build())).isEqualTo(202);
            sink.await(2);
            assertThat(sink.statuses()).containsExactly("RAISED collector.host.stale kafka-a01",
                    "CLEAR collector.host.stale kafka-a01");
            assertThat(sink.accepted.get(1).get("id").asText()).isEqualTo(raised.get("id").asText());
            assertThat(alerts(c, "raised")).isEmpty();
        }
    }

    @Test
    void silencedAlertsAreKeptAndShownButNotNotifiedAndAcksNeedAToken(@TempDir Path dir) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
        try (WebhookSink sink = new WebhookSink().up(false);
             AlertCollector c = new AlertCollector(dir, Clock.systemUTC(), "viewers: open\n",
                     AlertCollector.webhook(sink.url(), null), FAST)) {
            String token = CollectorFixture.OPERATOR_TOKEN;
            assertThat(c.call("POST", "/v1/silences", null, "{\"host\":\"kafka-a01\",\"comment\":\"x\","
                    + "\"durationMinutes\":60}").statusCode()).as("writes need a token even with open viewers")
                    .isEqualTo(401);
            var reportsToken = c.call("POST", "/v1/silences", CollectorFixture.TOKEN, "{\"host\":\"kafka-a01\","
                    + "\"comment\":\"x\",\"durationMinutes\":60}");
            assertThat(reportsToken.statusCode()).as("an agent's reports token may not silence").isEqualTo(403);
            assertThat(reportsToken.body()).contains("role=operator");
            assertThat(c.call("POST", "/v1/silences", token, "{\"comment\":\"nothing named\","
                    + "\"durationMinutes\":60}").body()).contains("names a cluster, a host or a ruleId");
            assertThat(c.call("POST", "/v1/silences", token, "{\"host\":\"kafka-a01\",\"comment\":\"past\","
                    + "\"expiresAt\":\"2020-01-01T00:00:00Z\"}").body()).contains("must be in the future");
            assertThat(c.call("POST", "/v1/silences", token, "{\"host\":\"kafka-a01\",\"comment\":\"far\","
                    + "\"durationMinutes\":9999999}").statusCode()).isEqualTo(400);
            assertThat(c.call("POST", "/v1/silences", token, "{\"host\":\"bad host!\",\"comment\":\"x\","
                    + "\"durationMinutes\":5}").body()).contains("host: not a hostname");
            assertThat(c.call("POST", "/v1/silences", token, "not json").statusCode()).isEqualTo(400);
            var made = c.call("POST", "/v1/silences", token, "{\"host\":\"kafka-a01\",\"comment\":\"disk swap\","
                    + "\"durationMinutes\":60}");
            assertThat(made.statusCode()).isEqualTo(201);
            String silence = new JsonObject(made.body()).getString("id");
            assertThat(c.get("/v1/silences").getJsonArray("silences")).hasSize(1);

            for (int i = 0; i < 2; i++) {
                assertThat(c.post(Reports.broker("kafka-a01", 1).swappiness("60").at(t.plusSeconds(60L * i))
                        .build())).isEqualTo(202);
                assertThat(c.post(Reports.broker("kafka-a02", 2).swappiness("60").at(t.plusSeconds(60L * i))
                        .build())).isEqualTo(202);
            }
            sink.await(1);
            await("both alerts open", () -> alerts(c, "raised").size() == 2);
            Thread.sleep(300);
            assertThat(sink.statuses()).containsExactly("RAISED host.vm.swappiness kafka-a02");
            JsonObject silenced = alerts(c, "raised").stream().map(JsonObject.class::cast)
                    .filter(a -> a.getString("host").equals("kafka-a01")).findFirst().orElseThrow();
            assertThat(silenced.getString("silencedBy")).isEqualTo(silence);
            JsonObject detail = c.get("/v1/alerts/" + silenced.getString("id"));
            assertThat(detail.getJsonArray("notifications").getJsonObject(0).getString("silencedBy"))
                    .isEqualTo(silence);
            assertThat(detail.getJsonArray("deliveries")).isEmpty();

            String id = silenced.getString("id");
            assertThat(c.call("POST", "/v1/alerts/" + id + "/ack", null, "{}").statusCode()).isEqualTo(401);
            assertThat(c.call("POST", "/v1/alerts/" + id + "/ack", CollectorFixture.TOKEN, "{}").statusCode())
                    .isEqualTo(403);
            assertThat(c.call("POST", "/v1/alerts/not-a-uuid/ack", token, "{}").statusCode()).isEqualTo(400);
            assertThat(c.call("POST", "/v1/alerts/" + java.util.UUID.randomUUID() + "/ack", token, "{}")
                    .statusCode()).isEqualTo(404);
            var acked = c.call("POST", "/v1/alerts/" + id + "/ack", token, "{\"comment\":\"replacing the disk\"}");
            assertThat(acked.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(acked.body()).getJsonObject("alert").getJsonObject("ack").getString("by"))
                    .isEqualTo("oncall");
            assertThat(c.call("DELETE", "/v1/silences/" + silence, CollectorFixture.TOKEN, null).statusCode())
                    .isEqualTo(403);
            assertThat(c.call("DELETE", "/v1/silences/" + silence, token, null).statusCode()).isEqualTo(204);
            assertThat(c.call("DELETE", "/v1/silences/" + silence, token, null).statusCode()).isEqualTo(404);
            assertThat(c.call("GET", "/v1/alerts?state=bogus", null, null).statusCode()).isEqualTo(400);
        }
    }

    static JsonArray alerts(AlertCollector c, String state) {
        try {
            return c.get("/v1/alerts?state=" + state).getJsonArray("alerts");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static int attempts(AlertCollector c, String id) {
        try {
            return c.get("/v1/alerts/" + id).getJsonArray("attempts").size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
