package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import java.util.Locale;

/**
 * The words of notifications: titles, the suggested action with the rule's rationale and apply lines (from the
 * report that raised the alert), and the rule's documentation link. Pure.
 */
public final class Messages {
    /** Where rule documentation lives in the distribution ({@code docs/rules.md}, one anchor per rule). */
    public static final String RULE_DOCS = "docs/rules.md#";
    /** Most apply lines quoted in a message. */
    static final int MAX_APPLY = 5;

    private Messages() {
    }

    /**
     * The rule's documentation as an absolute link: {@code BASE/docs/rules.md#hostfsnoatime} for
     * {@code host.fs.noatime}; null when {@code base} is null (notifications then carry no doc link).
     */
    public static String docUrl(String base, String ruleId) {
        return base == null || base.isBlank() ? null : base.replaceAll("/+$", "") + "/" + docUrl(ruleId);
    }

    /** The rule's documentation path in the distribution: {@code docs/rules.md#hostfsnoatime}. */
    public static String docUrl(String ruleId) {
        if (ruleId.equals(Lifecycle.STALE) || ruleId.equals(Lifecycle.UNREACHABLE)) {
            return "docs/alerts.md#synthetic-alerts";
        }
        if (ruleId.equals(ClusterObservations.OUTLIER) || ruleId.equals(ClusterObservations.SCALE)) {
            return "docs/alerts.md#cluster-level-alerts";
        }
        return RULE_DOCS + ruleId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
    }

    public static String title(Alert a, AlertStatus status) {
        String where = a.key().clusterLevel() ? "cluster " + a.cluster() : a.key().host();
        String what = a.key().ruleId() + " on " + where + ": " + a.key().subject();
        return switch (status) {
            case RAISED -> a.severity().name() + " " + what;
            case UPDATE -> a.severity().name() + " (still open) " + what;
            case CLEAR -> "Resolved " + what;
        };
    }

    /** The message of an alert raised from {@code report}: the finding's rationale and apply lines. */
    public static String fromReport(AlertKey key, Report report) {
        if (key.ruleId().equals(Lifecycle.UNREACHABLE)) {
            String reason = report.broker() == null || report.broker().reason() == null ? "no reason given"
                    : report.broker().reason();
            return "The agent on " + key.host() + " cannot reach its broker (" + reason + "). Suggested action: "
                    + "check that the broker process runs and that its JMX endpoint answers the agent.";
        }
        for (Finding f : report.findings()) {
            if (f.ruleId().equals(key.ruleId()) && f.subject().equals(key.subject())) {
                StringBuilder m = new StringBuilder("Suggested action: set ").append(f.recommended())
                        .append(" (now ").append(f.current()).append("). ").append(f.rationale());
                if (!f.apply().isEmpty()) {
                    m.append("\nApply:");
                    f.apply().stream().limit(MAX_APPLY).forEach(l -> m.append("\n  ").append(l));
                }
                return m.toString();
            }
        }
        return null;
    }

    /** A message when the report's finding is not at hand. */
    public static String fallback(Alert a, AlertStatus status) {
        if (a.key().ruleId().equals(Lifecycle.STALE)) {
            return status == AlertStatus.CLEAR ? "The host reports again."
                    : "No report from " + a.key().host() + " since " + a.current() + ". Suggested action: check that "
                    + "the agent runs (systemctl status broker-tuner-agent) and can reach the collector.";
        }
        if (status == AlertStatus.CLEAR) {
            return "The finding is gone from the host's latest reports.";
        }
        return "Suggested action: " + (a.recommended() == null ? "see the rule's documentation"
                : "set " + a.recommended() + (a.current() == null ? "" : " (now " + a.current() + ")")) + ".";
    }
}
