package dev.brokertuner.collector.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * Alerts matching this are kept and shown but not notified until {@code expiresAt}. Each of cluster, host and rule
 * narrows the match when set; at least one is set.
 *
 * @param id        a UUID
 * @param cluster   the cluster key, null for any
 * @param host      the host, null for any
 * @param ruleId    the rule, null for any
 * @param comment   why (required)
 * @param createdBy the token name that made it
 * @param createdAt when
 * @param expiresAt until when
 */
public record Silence(String id, String cluster, String host, String ruleId, String comment, String createdBy,
                     Instant createdAt, Instant expiresAt) {
    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (cluster == null && host == null && ruleId == null) {
            throw new IllegalArgumentException("a silence names a cluster, a host or a rule");
        }
    }

    /** True when it is in force at {@code now} and matches the alert. */
    public boolean silences(Alert a, Instant now) {
        return expiresAt.isAfter(now) && (cluster == null || cluster.equals(a.cluster()))
                && (host == null || host.equals(a.key().host())) && (ruleId == null || ruleId.equals(a.key().ruleId()));
    }
}
