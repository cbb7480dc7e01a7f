package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.report.Severity;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slack, Teams and PagerDuty against a real local HTTP receiver: the exact JSON each vendor documents, and how
 * answers map to deliveries (2xx delivered; 408, 429 and 5xx retried with Retry-After; other 4xx rejected;
 * a closed port retried).
 */
class HttpReceiversTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:31:00Z"), ZoneOffset.UTC);
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private CapturingServer server;

    @BeforeEach
    void start() throws IOException {
        server = new CapturingServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonPost post(String type) {
        return new JsonPost(type, Duration.ofSeconds(5), CLOCK);
    }

    private JsonNode only() throws IOException {
        assertThat(server.requests).hasSize(1);
        CapturingServer.Request r = server.requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        return M.readTree(r.body());
    }

    @Test
    void slackGetsTextAndBlockKitBlocks() throws Exception {
        var slack = new SlackReceiver("chat", server.url("/services/T0/B0/secret"), post("slack"));
        assertThat(slack.deliver(Notifications.raised())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.requests.get(0).path()).isEqualTo("/services/T0/B0/secret");
        assertThat(only()).isEqualTo(M.readTree("""
                {"text": "[RAISED] warning host.vm.swappiness on kafka-1: vm.swappiness is 60",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text",
                    "text": "[RAISED] warning host.vm.swappiness on kafka-1: vm.swappiness is 60"}},
                  {"type": "section", "text": {"type": "mrkdwn", "text": "Set vm.swappiness to 1 so the kernel keeps the broker's heap in memory: sysctl -w vm.swappiness=1", "verbatim": true}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*Severity*\\nwarning", "verbatim": true},
                    {"type": "mrkdwn", "text": "*Status*\\nRAISED", "verbatim": true},
                    {"type": "mrkdwn", "text": "*Cluster*\\npayments-prod", "verbatim": true},
                    {"type": "mrkdwn", "text": "*Host*\\nkafka-1", "verbatim": true},
                    {"type": "mrkdwn", "text": "*Subject*\\nvm.swappiness", "verbatim": true},
                    {"type": "mrkdwn", "text": "*Now -&gt; recommended*\\n60 -&gt; 1", "verbatim": true}]},
                  {"type": "context", "elements": [{"type": "mrkdwn",
                    "text": "rule host.vm.swappiness \u00b7 alert a-17 \u00b7 raised 2026-12-01T12:00:00Z", "verbatim": true}]},
                  {"type": "actions", "elements": [
                    {"type": "button", "action_id": "dashboard", "url": "https://collector.example/ui/#/alerts/a-17",
                     "text": {"type": "plain_text", "text": "Open in broker-tuner"}},
                    {"type": "button", "action_id": "doc", "url": "https://docs.example/rules#host.vm.swappiness",
                     "text": {"type": "plain_text", "text": "Rule documentation"}}]}]}
                """));
    }

    @Test
    void slackTextCannotFormMentionsOrLinks() {
        JsonNode body = SlackReceiver.render(Notifications.critical());
        assertThat(body.at("/blocks/1/text/text").asText()).isEqualTo("use &lt;!channel&gt; &amp; more");
        assertThat(body.at("/blocks/0/text/text").asText()).startsWith("[UPDATE] critical")
                .endsWith("a <b> & c");
        assertThat(body.get("text").asText()).endsWith("a &lt;b&gt; &amp; c");
        assertThat(body.toString()).doesNotContain("<!channel>");
        // no links without a dashboard or doc URL
        assertThat(body.get("blocks")).noneMatch(b -> b.path("type").asText().equals("actions"));
    }

    /** Values a report supplies, each trying to form a link, a mention or emphasis. */
    private static Notification hostile() {
        Notification r = Notifications.raised();
        return new Notification("h-1", "h-1", AlertStatus.RAISED, "workload.consumer.lag", Severity.WARNING,
                "prod [Docs](https://evil.example/c)", "kafka-*1*", "group [Runbook](https://evil.example/rb)",
                "lag of <https://evil.example/s|Runbook> grows",
                "See https://evil.example/bare and _urgent_ ~x~ `y` <!here> [click](https://evil.example/m)",
                "[a](https://evil.example/a)", "1", null, r.raisedAt(), null, null, false);
    }

    @Test
    void slackValuesCannotFormLinksEvenBareUrls() {
        JsonNode body = SlackReceiver.render(hostile());
        assertThat(body.get("text").asText()).doesNotContain("<https://")
                .contains("&lt;https://evil.example/s|Runbook&gt;");
        int mrkdwn = 0;
        for (JsonNode t : body.findParents("type")) {
            if (t.path("type").asText().equals("mrkdwn")) {
                mrkdwn++;
                assertThat(t.path("verbatim").asBoolean()).as(t.toString()).isTrue();
                assertThat(t.path("text").asText()).doesNotContain("<https://", "<!here>");
            }
        }
        assertThat(mrkdwn).isEqualTo(1 + 6 + 1);
        assertThat(body.at("/blocks/1/text/text").asText()).startsWith("See https://evil.example/bare and ")
                .contains("&lt;!here&gt;");
    }

    @Test
    void teamsValuesCannotFormMarkdownLinksOrEmphasis() {
        JsonNode card = TeamsReceiver.render(hostile()).at("/attachments/0/content");
        String headline = card.at("/body/0/text").asText();
        String message = card.at("/body/1/text").asText();
        assertThat(headline).isEqualTo("\\[RAISED\\] warning workload.consumer.lag on kafka-\\*1\\*: lag of "
                + "<https://evil.example/s|Runbook> grows");
        assertThat(message).isEqualTo("See https://evil.example/bare and \\_urgent\\_ \\~x\\~ \\`y\\` <!here> "
                + "\\[click\\]\\(https://evil.example/m\\)");
        assertThat(card.at("/body/2/facts").findValuesAsText("value")).contains("prod \\[Docs\\]\\(https://evil.example/c\\)",
                "kafka-\\*1\\*", "group \\[Runbook\\]\\(https://evil.example/rb\\)");
        // no unescaped link syntax anywhere in the card
        java.util.List<String> texts = new java.util.ArrayList<>(card.findValuesAsText("text"));
        texts.addAll(card.findValuesAsText("value"));
        assertThat(texts).hasSize(2 + 9).noneMatch(t -> t.matches("(?s).*(?<!\\\\)[\\[\\]()].*"));
        assertThat(card.has("actions")).isFalse();
    }

    @Test
    void teamsGetsAnAdaptiveCardInAMessage() throws Exception {
        var teams = new TeamsReceiver("ops", server.url("/workflows/abc"), post("teams"));
        assertThat(teams.deliver(Notifications.cleared())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(only()).isEqualTo(M.readTree("""
                {"type": "message", "attachments": [{
                  "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": null,
                  "content": {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                    "type": "AdaptiveCard", "version": "1.4",
                    "body": [
                      {"type": "TextBlock", "text": "\\\\[CLEAR\\\\] warning host.vm.swappiness on kafka-1: vm.swappiness is 60",
                       "weight": "Bolder", "size": "Medium", "wrap": true, "color": "Good"},
                      {"type": "TextBlock", "text": "Set vm.swappiness to 1 so the kernel keeps the broker's heap in memory: sysctl -w vm.swappiness=1", "wrap": true},
                      {"type": "FactSet", "facts": [
                        {"title": "Severity", "value": "warning"}, {"title": "Status", "value": "CLEAR"},
                        {"title": "Rule", "value": "host.vm.swappiness"}, {"title": "Cluster", "value": "payments-prod"},
                        {"title": "Host", "value": "kafka-1"}, {"title": "Subject", "value": "vm.swappiness"},
                        {"title": "Now -> recommended", "value": "60 -> 1"},
                        {"title": "Raised", "value": "2026-12-01T12:00:00Z"},
                        {"title": "Cleared", "value": "2026-12-01T12:30:00Z"}, {"title": "Alert", "value": "a-17"}]}],
                    "actions": [
                      {"type": "Action.OpenUrl", "title": "Open in broker-tuner", "url": "https://collector.example/ui/#/alerts/a-17"},
                      {"type": "Action.OpenUrl", "title": "Rule documentation", "url": "https://docs.example/rules#host.vm.swappiness"}]}}]}
                """));
        assertThat(TeamsReceiver.color(Notifications.critical())).isEqualTo("Attention");
    }

    @Test
    void pagerDutyTriggersOnRaiseAndResolvesOnClearWithTheAlertIdAsDedupKey() throws Exception {
        var pd = new PagerDutyReceiver("pager", server.url(""), KEY, post("pagerduty"));
        assertThat(pd.deliver(Notifications.raised())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(pd.deliver(Notifications.cleared())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.requests).extracting(CapturingServer.Request::path).containsOnly("/v2/enqueue");
        assertThat(M.readTree(server.requests.get(0).body())).isEqualTo(M.readTree("""
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "a-17", "client": "broker-tuner",
                 "client_url": "https://collector.example/ui/#/alerts/a-17",
                 "payload": {"summary": "[RAISED] warning host.vm.swappiness on kafka-1: vm.swappiness is 60",
                   "source": "kafka-1", "severity": "warning", "timestamp": "2026-12-01T12:00:00Z",
                   "component": "vm.swappiness", "group": "payments-prod", "class": "host.vm.swappiness",
                   "custom_details": {"status": "RAISED",
                     "message": "Set vm.swappiness to 1 so the kernel keeps the broker's heap in memory: sysctl -w vm.swappiness=1",
                     "current": "60", "recommended": "1", "raised_at": "2026-12-01T12:00:00Z", "alert_id": "a-17"}},
                 "links": [{"href": "https://collector.example/ui/#/alerts/a-17", "text": "Open in broker-tuner"},
                           {"href": "https://docs.example/rules#host.vm.swappiness", "text": "Rule documentation"}]}
                """.formatted(KEY)));
        JsonNode resolve = M.readTree(server.requests.get(1).body());
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo("a-17");
        assertThat(resolve.at("/payload/timestamp").asText()).isEqualTo("2026-12-01T12:30:00Z");
        assertThat(PagerDutyReceiver.render(Notifications.critical(), KEY).at("/payload/severity").asText())
                .isEqualTo("critical");
    }

    @Test
    void tooManyRequestsAndUnavailableAreRetriedAfterWhatTheReceiverAsks() throws Exception {
        server.answer(new CapturingServer.Answer(429, "7", "rate_limited"),
                new CapturingServer.Answer(503, "Tue, 01 Dec 2026 12:33:00 GMT", ""),
                new CapturingServer.Answer(500, null, "oops"),
                new CapturingServer.Answer(408, null, ""));
        var slack = new SlackReceiver("chat", server.url("/hook"), post("slack"));
        assertThat(slack.deliver(Notifications.raised())).isEqualTo(new DeliveryResult.Retry(
                "slack answered HTTP 429: rate_limited", Duration.ofSeconds(7)));
        assertThat(slack.deliver(Notifications.raised())).isEqualTo(new DeliveryResult.Retry(
                "slack answered HTTP 503", Duration.ofMinutes(2)));
        assertThat(slack.deliver(Notifications.raised())).isEqualTo(new DeliveryResult.Retry(
                "slack answered HTTP 500: oops", null));
        assertThat(slack.deliver(Notifications.raised())).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(slack.deliver(Notifications.raised())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.requests).hasSize(5);
    }

    @Test
    void aBadRequestIsRejectedWithTheReceiversReason() throws Exception {
        server.answer(new CapturingServer.Answer(400, null, "invalid_payload"),
                new CapturingServer.Answer(404, null, "no_service"));
        var pd = new PagerDutyReceiver("pager", server.url("/"), KEY, post("pagerduty"));
        assertThat(pd.deliver(Notifications.raised())).isEqualTo(new DeliveryResult.Rejected(
                "pagerduty answered HTTP 400: invalid_payload"));
        var teams = new TeamsReceiver("ops", server.url("/x"), post("teams"));
        assertThat(teams.deliver(Notifications.raised())).isEqualTo(new DeliveryResult.Rejected(
                "teams answered HTTP 404: no_service"));
    }

    @Test
    void aReceiverThatIsDownIsRetriedAndItsSecretUrlIsNotInTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var slack = new SlackReceiver("chat", URI.create("http://127.0.0.1:" + port + "/services/SECRET"),
                post("slack"));
        DeliveryResult r = slack.deliver(Notifications.raised());
        assertThat(r).isInstanceOf(DeliveryResult.Retry.class);
        assertThat(((DeliveryResult.Retry) r).reason()).contains("cannot reach 127.0.0.1:" + port)
                .doesNotContain("SECRET");
    }

    @Test
    void aHeaderHttpCannotCarryIsRejectedWithoutShowingIt() throws Exception {
        var am = new AlertmanagerReceiver("am", server.url("/"), Duration.ofHours(1),
                Map.of("Authorization", "Bearer a\nb"), post("alertmanager"), CLOCK);
        DeliveryResult r = am.deliver(Notifications.raised());
        assertThat(r).isEqualTo(new DeliveryResult.Rejected(
                "alertmanager: a configured header (Authorization) holds characters HTTP does not allow"));
        assertThat(server.requests).isEmpty();
    }

    @Test
    void retryAfterIsReadAsSecondsOrDateAndCapped() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(HttpOutcome.retryAfter("120", now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(HttpOutcome.retryAfter("Tue, 01 Dec 2026 12:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpOutcome.retryAfter("Tue, 01 Dec 2026 11:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(HttpOutcome.retryAfter("999999", now)).isEqualTo(HttpOutcome.MAX_RETRY_AFTER);
        assertThat(HttpOutcome.retryAfter("soon", now)).isNull();
        assertThat(HttpOutcome.retryAfter(null, now)).isNull();
        assertThat(HttpOutcome.of("x", 202, null, "\u0007bell", now))
                .isEqualTo(new DeliveryResult.Delivered("x answered HTTP 202:  bell"));
    }

    @Test
    void alertmanagerDocumentHasLabelsAnnotationsAndEndsAtOnClear() throws Exception {
        Instant now = Instant.parse("2026-12-01T12:31:00Z");
        assertThat(AlertmanagerReceiver.render(Notifications.raised(), now, Duration.ofHours(1)))
                .isEqualTo(M.readTree("""
                [{"labels": {"alertname": "host.vm.swappiness", "severity": "warning", "cluster": "payments-prod",
                   "host": "kafka-1", "subject": "vm.swappiness", "alert_id": "a-17"},
                  "annotations": {"summary": "vm.swappiness is 60",
                   "description": "Set vm.swappiness to 1 so the kernel keeps the broker's heap in memory: sysctl -w vm.swappiness=1",
                   "current": "60", "recommended": "1", "doc_url": "https://docs.example/rules#host.vm.swappiness"},
                  "startsAt": "2026-12-01T12:00:00Z", "endsAt": "2026-12-01T13:31:00Z",
                  "generatorURL": "https://collector.example/ui/#/alerts/a-17"}]
                """));
        assertThat(AlertmanagerReceiver.render(Notifications.cleared(), now, Duration.ofHours(1))
                .at("/0/endsAt").asText()).isEqualTo("2026-12-01T12:30:00Z");
        assertThat(AlertmanagerReceiver.render(Notifications.cleared(), now, Duration.ofHours(1))).hasSize(1);
        // an UPDATE (here to critical) resolves the episode's label sets under the other severities now
        JsonNode update = AlertmanagerReceiver.render(Notifications.critical(), now, Duration.ofHours(1));
        assertThat(update).hasSize(3);
        assertThat(update.findValuesAsText("severity")).containsExactly("critical", "info", "warning");
        assertThat(update.findValuesAsText("endsAt")).containsExactly("2026-12-01T13:31:00Z",
                "2026-12-01T12:31:00Z", "2026-12-01T12:31:00Z");
        assertThat(update.findValuesAsText("alert_id")).containsOnly("a-17");
        var am = new AlertmanagerReceiver("am", server.url("/am/"), Duration.ofHours(1),
                Map.of("Authorization", "Bearer x"), post("alertmanager"), CLOCK);
        assertThat(am.deliver(Notifications.raised())).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(server.requests.get(0).path()).isEqualTo("/am/api/v2/alerts");
        assertThat(server.requests.get(0).header("Authorization")).isEqualTo("Bearer x");
    }
}
