package dev.brokertuner.collector.alerts;

import java.util.Objects;

/**
 * What an alert is about: one rule on one subject of one host. Each key has at most one open episode at a time.
 *
 * @param host    the host; for a cluster-level alert {@code cluster:} and the cluster key (never a hostname, which
 *                cannot hold a colon)
 * @param ruleId  the rule, e.g. {@code host.fs.noatime} or {@code collector.host.stale}
 * @param subject the finding's subject, e.g. {@code mount /data (/data/kafka)}
 */
public record AlertKey(String host, String ruleId, String subject) {
    public AlertKey {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(subject, "subject");
    }

    /** What a cluster-level alert has in place of a host. */
    public static final String CLUSTER_PREFIX = "cluster:";

    /** The key of a cluster-level alert. */
    public static AlertKey cluster(String clusterKey, String ruleId, String subject) {
        return new AlertKey(CLUSTER_PREFIX + clusterKey, ruleId, subject);
    }

    /** True for a cluster-level alert. */
    public boolean clusterLevel() {
        return host.startsWith(CLUSTER_PREFIX);
    }

    /** The host, null for a cluster-level alert. */
    public String hostOrNull() {
        return clusterLevel() ? null : host;
    }
}
