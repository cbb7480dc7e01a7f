package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.report.Severity;
import java.net.URI;

/**
 * A Microsoft Teams Workflows webhook ("When a Teams webhook request is received" / "Post to a channel when a webhook
 * request is received"): {@code POST} of {@code {type: "message", attachments: [{contentType:
 * "application/vnd.microsoft.card.adaptive", contentUrl: null, content: <AdaptiveCard 1.4>}]}}. The card has a
 * headline {@code TextBlock} coloured by severity, the suggested action, a {@code FactSet} and
 * {@code Action.OpenUrl} buttons for the dashboard and the rule's docs. TextBlocks and fact values render Markdown,
 * so every value in them (they come from reports: hosts, subjects, group and topic names, rationale) has Markdown's
 * control characters backslash-escaped ({@link #escape}): a group named {@code [Runbook](https://evil)} shows as
 * that text, never as a link. The URL is the secret: never logged or shown.
 */
public final class TeamsReceiver extends PostedJsonReceiver {
    /** The Adaptive Card schema version sent (Teams renders up to 1.5). */
    static final String CARD_VERSION = "1.4";

    public TeamsReceiver(String name, URI url, JsonPost post) {
        super(name, url, post);
    }

    @Override
    public String type() {
        return "teams";
    }

    @Override
    ObjectNode body(Notification n) {
        return render(n);
    }

    /** The webhook's JSON body. */
    public static ObjectNode render(Notification n) {
        ObjectNode root = JsonPost.mapper().createObjectNode();
        root.put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", CARD_VERSION);
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("text", escape(NotificationText.headline(n)))
                .put("weight", "Bolder")
                .put("size", "Medium").put("wrap", true).put("color", color(n));
        body.addObject().put("type", "TextBlock").put("text", escape(n.message())).put("wrap", true);
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Severity", n.severity().wire());
        fact(facts, "Status", n.status().name());
        fact(facts, "Rule", n.ruleId());
        fact(facts, "Cluster", n.cluster());
        fact(facts, "Host", n.host());
        fact(facts, "Subject", n.subject());
        fact(facts, "Now -> recommended", NotificationText.change(n));
        fact(facts, "Raised", n.raisedAt().toString());
        fact(facts, "Cleared", n.clearedAt() == null ? null : n.clearedAt().toString());
        fact(facts, "Alert", n.alertId());
        if (n.dashboardUrl() != null || n.docUrl() != null) {
            ArrayNode actions = card.putArray("actions");
            open(actions, "Open in broker-tuner", n.dashboardUrl());
            open(actions, "Rule documentation", n.docUrl());
        }
        return root;
    }

    /** {@code Good} once cleared, else by severity. */
    static String color(Notification n) {
        if (n.status() == AlertStatus.CLEAR) {
            return "Good";
        }
        return n.severity() == Severity.CRITICAL ? "Attention" : n.severity() == Severity.WARNING ? "Warning"
                : "Default";
    }

    private static void fact(ArrayNode facts, String title, String value) {
        if (value != null) {
            facts.addObject().put("title", title).put("value", escape(value));
        }
    }

    /**
     * Markdown's control characters ({@code \ [ ] ( ) * _ ~ `}) escaped with a backslash, so text from a report
     * shows as written and cannot form a link or emphasis.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ("\\[]()*_~`".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    private static void open(ArrayNode actions, String title, String url) {
        if (url != null) {
            actions.addObject().put("type", "Action.OpenUrl").put("title", title).put("url", url);
        }
    }
}
