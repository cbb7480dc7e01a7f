package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.report.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A Prometheus Alertmanager: {@code POST <url>/api/v2/alerts} of a one-element array {@code [{labels, annotations,
 * startsAt, endsAt, generatorURL}]}. Labels identify the alert in Alertmanager: {@code alertname} (the rule id),
 * {@code severity}, {@code cluster}, {@code host}, {@code subject} and {@code alert_id} (absent ones left out);
 * annotations carry {@code summary}, {@code description}, {@code current}, {@code recommended}, {@code doc_url}.
 * {@code startsAt} is the raise time; on CLEAR {@code endsAt} is the clear time, which resolves the alert at once.
 * Alertmanager expects an open alert to be re-sent, else it resolves it {@code resolve_timeout} after the last post;
 * this collector notifies on changes only, so an open alert's {@code endsAt} is set {@code hold} after the post
 * (default {@link #DEFAULT_HOLD}): it stays firing until its CLEAR, or until {@code hold} passes with no
 * notification (set {@code repeatIntervalSeconds} below {@code hold} to keep long-open alerts firing).
 * <p>
 * {@code severity} stays a label (Alertmanager routes on labels, and routing critical alerts apart is the usual
 * setup), so a severity change makes a new label set, which is a new alert to Alertmanager. An UPDATE therefore also
 * posts the episode's label set under every other severity with {@code endsAt} = now: the alert as it was posted
 * before the change resolves at once instead of firing on for {@code hold} next to the new one (posting a label set
 * Alertmanager never saw as resolved is a no-op to it).
 */
public final class AlertmanagerReceiver implements Receiver {
    public static final Duration DEFAULT_HOLD = Duration.ofDays(7);
    /** A test notification's hold: it resolves itself soon in Alertmanager. */
    public static final Duration TEST_HOLD = Duration.ofMinutes(5);

    private final String name;
    private final URI alerts;
    private final Duration hold;
    private final Clock clock;
    private final JsonPost post;
    private final Map<String, String> headers;

    /**
     * @param baseUrl the Alertmanager, e.g. {@code http://alertmanager:9093}
     * @param hold    how long an open alert stays firing after its last notification
     * @param headers extra request headers (e.g. {@code Authorization} in front of a proxy), none when empty
     */
    public AlertmanagerReceiver(String name, URI baseUrl, Duration hold, Map<String, String> headers, JsonPost post,
                                Clock clock) {
        this.name = name;
        String base = baseUrl.toString();
        this.alerts = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/api/v2/alerts");
        this.hold = hold;
        this.headers = Map.copyOf(headers);
        this.post = post;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "alertmanager";
    }

    @Override
    public DeliveryResult deliver(Notification n) throws InterruptedException {
        return post.post(alerts, render(n, clock.instant(), hold), headers);
    }

    /**
     * The posted JSON array, for a notification posted at {@code now}: the alert, and on UPDATE the same alert under
     * each other severity, resolved at {@code now}.
     */
    public static ArrayNode render(Notification n, Instant now, Duration hold) {
        ArrayNode root = JsonPost.mapper().createArrayNode();
        Instant ends = n.status() == AlertStatus.CLEAR ? (n.clearedAt() != null ? n.clearedAt() : now)
                : now.plus(n.test() ? TEST_HOLD : hold);
        alert(root, n, n.severity(), ends);
        if (n.status() == AlertStatus.UPDATE) {
            for (Severity other : Severity.values()) {
                if (other != n.severity()) {
                    alert(root, n, other, now.isBefore(n.raisedAt()) ? n.raisedAt() : now);
                }
            }
        }
        return root;
    }

    private static void alert(ArrayNode root, Notification n, Severity severity, Instant ends) {
        ObjectNode alert = root.addObject();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", n.ruleId());
        labels.put("severity", severity.wire());
        putIf(labels, "cluster", n.cluster());
        putIf(labels, "host", n.host());
        putIf(labels, "subject", n.subject());
        labels.put("alert_id", n.alertId());
        if (n.test()) {
            labels.put("test", "true");
        }
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put("summary", n.title());
        annotations.put("description", n.message());
        putIf(annotations, "current", n.current());
        putIf(annotations, "recommended", n.recommended());
        putIf(annotations, "doc_url", n.docUrl());
        alert.put("startsAt", n.raisedAt().toString());
        alert.put("endsAt", ends.toString());
        putIf(alert, "generatorURL", n.dashboardUrl());
    }

    private static void putIf(ObjectNode o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(key, value);
        }
    }
}
