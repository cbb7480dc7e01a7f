package dev.brokertuner.collector.alerts;

import java.util.Objects;

/**
 * What an alert is about: one rule on one subject of one host. Each key has at most one open episode at a time.
 *
 * @param host    the host
 * @param ruleId  the rule, e.g. {@code host.fs.noatime} or {@code collector.host.stale}
 * @param subject the finding's subject, e.g. {@code mount /data (/data/kafka)}
 */
public record AlertKey(String host, String ruleId, String subject) {
    public AlertKey {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(subject, "subject");
    }
}
