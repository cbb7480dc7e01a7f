package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.alerts.CapturingServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/alerts/test} on a real collector whose Slack receiver is a local HTTP server: the test message
 * arrives there now; the answer says how the delivery ended; a token is required; an unknown receiver is a 404.
 */
class AlertTestRouteTest {
    private static final ObjectMapper M = new ObjectMapper();
    @TempDir
    static Path dir;
    private static CapturingServer slack;
    private static CapturingServer pagerDuty;
    private static CollectorFixture collector;

    @BeforeAll
    static void start() throws Exception {
        slack = new CapturingServer();
        pagerDuty = new CapturingServer();
        Path key = Files.writeString(dir.resolve("pd-key"), "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        collector = new CollectorFixture(dir, Clock.systemUTC(), """
                viewers: open
                alerts:
                  receivers:
                    - {name: chat, type: slack, url: "%s"}
                    - {name: down, type: teams, url: "http://127.0.0.1:9/nothing-listens"}
                    - {name: pager, type: pagerduty, routingKeyFile: %s, baseUrl: "%s"}
                  routes:
                    - {minSeverity: warning, receivers: [chat]}
                  dashboardUrl: https://collector.example
                """.formatted(slack.url("/services/T/B/x"), key, pagerDuty.url("")));
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
        slack.close();
        pagerDuty.close();
    }

    private static HttpResponse<Buffer> post(String body, String token) throws Exception {
        var req = collector.client.post(collector.port(), "127.0.0.1", "/v1/alerts/test")
                .putHeader("Content-Type", "application/json");
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return req.timeout(30_000).sendBuffer(Buffer.buffer(body)).await(30, TimeUnit.SECONDS);
    }

    @Test
    void sendsATestNotificationToTheReceiverNow() throws Exception {
        int before = slack.requests.size();
        HttpResponse<Buffer> r = post("{\"receiver\": \"chat\"}", CollectorFixture.OPERATOR_TOKEN);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonNode b = M.readTree(r.bodyAsString());
        assertThat(b.get("receiver").asText()).isEqualTo("chat");
        assertThat(b.get("type").asText()).isEqualTo("slack");
        assertThat(b.get("outcome").asText()).isEqualTo("delivered");
        assertThat(b.get("detail").asText()).isEqualTo("slack answered HTTP 200: ok");
        assertThat(slack.requests).hasSize(before + 1);
        JsonNode sent = M.readTree(slack.requests.get(before).body());
        assertThat(sent.get("text").asText()).isEqualTo("[TEST RAISED] info broker-tuner.test: Test notification "
                + "from broker-tuner");
        assertThat(sent.toString()).contains("https://collector.example/ui/", b.get("alertId").asText());
    }

    @Test
    void aPagerDutyTestTriggerIsResolvedAtOnceSoNoIncidentStaysOpen() throws Exception {
        HttpResponse<Buffer> r = post("{\"receiver\": \"pager\"}", CollectorFixture.OPERATOR_TOKEN);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonNode b = M.readTree(r.bodyAsString());
        assertThat(b.get("outcome").asText()).isEqualTo("delivered");
        assertThat(b.at("/resolve/outcome").asText()).isEqualTo("delivered");
        assertThat(pagerDuty.requests).hasSize(2);
        JsonNode trigger = M.readTree(pagerDuty.requests.get(0).body());
        JsonNode resolve = M.readTree(pagerDuty.requests.get(1).body());
        assertThat(pagerDuty.requests.get(1).path()).isEqualTo("/v2/enqueue");
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(trigger.get("dedup_key").asText())
                .isEqualTo(b.get("alertId").asText());
        assertThat(resolve.get("routing_key").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void aSlackTestIsOneMessageWithoutAResolve() throws Exception {
        int before = slack.requests.size();
        HttpResponse<Buffer> r = post("{\"receiver\": \"chat\"}", CollectorFixture.OPERATOR_TOKEN);
        assertThat(M.readTree(r.bodyAsString()).has("resolve")).isFalse();
        assertThat(slack.requests).hasSize(before + 1);
    }

    @Test
    void aReceiverThatIsDownAnswers502WithTheReason() throws Exception {
        HttpResponse<Buffer> r = post("{\"receiver\": \"down\"}", CollectorFixture.OPERATOR_TOKEN);
        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode b = M.readTree(r.bodyAsString());
        assertThat(b.get("outcome").asText()).isEqualTo("retry");
        assertThat(b.get("detail").asText()).startsWith("teams: cannot reach 127.0.0.1:9");
        assertThat(b.get("error").asText()).isEqualTo("the test notification was not delivered to 'down'");
    }

    @Test
    void aTokenIsRequiredEvenWithOpenViewers() throws Exception {
        int before = slack.requests.size();
        HttpResponse<Buffer> r = post("{\"receiver\": \"chat\"}", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(post("{\"receiver\": \"chat\"}", "not-a-token-of-this-collector").statusCode()).isEqualTo(401);
        assertThat(slack.requests).hasSize(before);
    }

    @Test
    void aReportsTokenIsRefusedWith403AndSendsNothing() throws Exception {
        int before = slack.requests.size();
        HttpResponse<Buffer> r = post("{\"receiver\": \"chat\"}", CollectorFixture.TOKEN);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(M.readTree(r.bodyAsString()).get("error").asText()).contains("role=operator");
        assertThat(slack.requests).hasSize(before);
    }

    @Test
    void eachTokenSendsAtMostFiveTestsAMinuteThen429() throws Exception {
        int before = slack.requests.size();
        for (int i = 0; i < 5; i++) {
            assertThat(post("{\"receiver\": \"chat\"}", CollectorFixture.OTHER_OPERATOR_TOKEN).statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<Buffer> r = post("{\"receiver\": \"chat\"}", CollectorFixture.OTHER_OPERATOR_TOKEN);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(r.getHeader("Retry-After"))).isBetween(1L, 60L);
        assertThat(slack.requests).hasSize(before + 5);
    }

    @Test
    void anUnknownReceiverOrABadBodyIsRefused() throws Exception {
        HttpResponse<Buffer> r = post("{\"receiver\": \"sms\"}", CollectorFixture.OPERATOR_TOKEN);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(M.readTree(r.bodyAsString()).get("error").asText())
                .isEqualTo("no receiver 'sms' (configured: chat, down, pager)");
        assertThat(post("not json", CollectorFixture.OPERATOR_TOKEN).statusCode()).isEqualTo(400);
        assertThat(post("{\"receiver\": 3}", CollectorFixture.OPERATOR_TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentDescribesTheRoute() throws Exception {
        String api = collector.get("/openapi.yaml").bodyAsString();
        assertThat(api).contains("  /v1/alerts/test:\n    post:", "TestDelivery:");
    }
}
