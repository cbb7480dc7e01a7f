package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * A Slack incoming webhook: {@code POST} of {@code {text, blocks}} to the webhook URL, where {@code text} is the
 * notification's fallback (shown in notifications and where blocks cannot be) and {@code blocks} are Block Kit: a
 * {@code header}, a {@code section} with the suggested action, a {@code section} of {@code fields}, a
 * {@code context} with the rule and the alert id, and an {@code actions} block of link buttons when there are links.
 * {@code text} and every {@code mrkdwn} text have {@code &}, {@code <} and {@code >} escaped as Slack asks, so a
 * value cannot form a link or a mention ({@code plain_text} is never parsed), and every {@code mrkdwn} text is
 * {@code verbatim} so Slack does not turn a bare URL, channel name or mention in a report's value into a link.
 * (Slack's mrkdwn has no escape for {@code * _ ~ `}: such characters in a value can only change emphasis.)
 * The URL is the secret: it is never logged or shown.
 */
public final class SlackReceiver extends PostedJsonReceiver {
    /** Slack's limit on a header's plain text. */
    static final int HEADER_MAX = 150;
    /** Slack's limit on a section's text. */
    static final int SECTION_MAX = 3000;

    public SlackReceiver(String name, URI url, JsonPost post) {
        super(name, url, post);
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    ObjectNode body(Notification n) {
        return render(n);
    }

    /** The webhook's JSON body. */
    public static ObjectNode render(Notification n) {
        ObjectNode root = JsonPost.mapper().createObjectNode();
        root.put("text", escape(NotificationText.headline(n)));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", NotificationText.cut(NotificationText.headline(n), HEADER_MAX));
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", NotificationText.cut(escape(n.message()),
                SECTION_MAX)).put("verbatim", true);
        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Severity", n.severity().wire());
        field(fields, "Status", n.status().name());
        field(fields, "Cluster", n.cluster());
        field(fields, "Host", n.host());
        field(fields, "Subject", n.subject());
        field(fields, "Now -> recommended", NotificationText.change(n));
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", escape("rule " + n.ruleId()
                + " \u00b7 alert " + n.alertId() + " \u00b7 raised " + n.raisedAt()
                + (n.clearedAt() == null ? "" : " \u00b7 cleared " + n.clearedAt()))).put("verbatim", true);
        if (n.dashboardUrl() != null || n.docUrl() != null) {
            ArrayNode elements = blocks.addObject().put("type", "actions").putArray("elements");
            button(elements, "Open in broker-tuner", n.dashboardUrl(), "dashboard");
            button(elements, "Rule documentation", n.docUrl(), "doc");
        }
        return root;
    }

    private static void field(ArrayNode fields, String label, String value) {
        if (value != null) {
            fields.addObject().put("type", "mrkdwn").put("text", "*" + escape(label) + "*\n" + escape(value))
                    .put("verbatim", true);
        }
    }

    private static void button(ArrayNode elements, String text, String url, String actionId) {
        if (url != null) {
            ObjectNode b = elements.addObject().put("type", "button").put("action_id", actionId).put("url", url);
            b.putObject("text").put("type", "plain_text").put("text", text);
        }
    }

    /** Slack's three control characters in text: {@code &}, {@code <}, {@code >}. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
