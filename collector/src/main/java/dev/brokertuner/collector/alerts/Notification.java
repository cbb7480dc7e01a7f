package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * One message about one alert episode, as every receiver gets it; each receiver renders it in its own format.
 *
 * @param deliveryKey  idempotency key of this notification (the same on every retry, different for each
 *                     notification of the episode), sent to receivers that take one
 * @param alertId      stable for the episode: the same on its RAISED, UPDATEs and CLEAR
 * @param status       what happened
 * @param ruleId       the rule, e.g. {@code broker.threads.io} or {@code collector.host.stale}
 * @param severity     the episode's severity now
 * @param cluster      the cluster key (Kafka cluster id or the agent's alias), null when unknown
 * @param host         the host, null for a cluster-level alert
 * @param subject      the finding's subject, e.g. {@code topic clicks}
 * @param title        one line
 * @param message      the suggested action and why, plain text
 * @param current      the value now, null when not applicable
 * @param recommended  the recommended value, null when not applicable
 * @param docUrl       the rule's documentation link, null when none
 * @param raisedAt     when the episode was raised
 * @param clearedAt    when it cleared, null unless {@code status} is CLEAR
 * @param dashboardUrl where the alert is shown on the collector's dashboard, null when no public URL is configured
 * @param test         true for {@code POST /v1/alerts/test}
 */
public record Notification(String deliveryKey, String alertId, AlertStatus status, String ruleId, Severity severity,
                           String cluster, String host, String subject, String title, String message,
                           String current, String recommended, String docUrl, Instant raisedAt, Instant clearedAt,
                           String dashboardUrl, boolean test) {
    public Notification {
        Objects.requireNonNull(deliveryKey, "deliveryKey");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }
}
