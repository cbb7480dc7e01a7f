package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;

/**
 * PagerDuty Events API v2: {@code POST <baseUrl>/v2/enqueue} of {@code {routing_key, event_action, dedup_key,
 * payload, links}}. RAISED and UPDATE trigger (PagerDuty folds a trigger with a known {@code dedup_key} into the open
 * alert), CLEAR resolves; {@code dedup_key} is the alert id, so the resolve closes the incident its trigger opened.
 * {@code payload} carries {@code summary} (at most 1024 characters), {@code source} (the host, else the cluster),
 * {@code severity} ({@code critical}, {@code warning} or {@code info}), {@code timestamp}, {@code component} (the
 * subject), {@code group} (the cluster), {@code class} (the rule id) and {@code custom_details}. The routing key is
 * the secret: never logged or shown.
 */
public final class PagerDutyReceiver implements Receiver {
    public static final String DEFAULT_BASE_URL = "https://events.pagerduty.com";
    /** PagerDuty's limit on {@code payload.summary}. */
    static final int SUMMARY_MAX = 1024;
    /** PagerDuty's limit on {@code dedup_key}. */
    static final int DEDUP_MAX = 255;

    private final String name;
    private final URI enqueue;
    private final String routingKey;
    private final JsonPost post;

    /**
     * @param baseUrl    {@link #DEFAULT_BASE_URL}, or a test server
     * @param routingKey the integration's routing key
     */
    public PagerDutyReceiver(String name, URI baseUrl, String routingKey, JsonPost post) {
        this.name = name;
        String base = baseUrl.toString();
        this.enqueue = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v2/enqueue");
        this.routingKey = routingKey;
        this.post = post;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "pagerduty";
    }

    @Override
    public DeliveryResult deliver(Notification n) throws InterruptedException {
        return post.post(enqueue, render(n, routingKey), Map.of());
    }

    /** The event's JSON body. */
    public static ObjectNode render(Notification n, String routingKey) {
        ObjectNode root = JsonPost.mapper().createObjectNode();
        root.put("routing_key", routingKey);
        root.put("event_action", n.status() == AlertStatus.CLEAR ? "resolve" : "trigger");
        root.put("dedup_key", NotificationText.cut(n.alertId(), DEDUP_MAX));
        root.put("client", "broker-tuner");
        if (n.dashboardUrl() != null) {
            root.put("client_url", n.dashboardUrl());
        }
        ObjectNode payload = root.putObject("payload");
        payload.put("summary", NotificationText.cut(NotificationText.headline(n), SUMMARY_MAX));
        payload.put("source", n.host() != null ? n.host() : n.cluster() != null ? n.cluster() : "broker-tuner");
        payload.put("severity", n.severity().wire());
        payload.put("timestamp", (n.status() == AlertStatus.CLEAR && n.clearedAt() != null ? n.clearedAt()
                : n.raisedAt()).toString());
        if (n.subject() != null) {
            payload.put("component", n.subject());
        }
        if (n.cluster() != null) {
            payload.put("group", n.cluster());
        }
        payload.put("class", n.ruleId());
        ObjectNode details = payload.putObject("custom_details");
        details.put("status", n.status().name());
        details.put("message", n.message());
        putIf(details, "current", n.current());
        putIf(details, "recommended", n.recommended());
        details.put("raised_at", n.raisedAt().toString());
        putIf(details, "cleared_at", n.clearedAt() == null ? null : n.clearedAt().toString());
        details.put("alert_id", n.alertId());
        if (n.test()) {
            details.put("test", true);
        }
        if (n.dashboardUrl() != null || n.docUrl() != null) {
            ArrayNode links = root.putArray("links");
            link(links, n.dashboardUrl(), "Open in broker-tuner");
            link(links, n.docUrl(), "Rule documentation");
        }
        return root;
    }

    private static void putIf(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void link(ArrayNode links, String href, String text) {
        if (href != null) {
            links.addObject().put("href", href).put("text", text);
        }
    }
}
