package dev.brokertuner.collector.store;

import dev.brokertuner.collector.fleet.HostSummary;

/**
 * A validated report on its way into the store.
 *
 * @param summary what the fleet views keep of it (identity, cluster, counts, throughput)
 * @param gzJson  the report's JSON, gzip-compressed
 */
public record Incoming(HostSummary summary, byte[] gzJson) {
    /** The idempotency key. */
    public String reportId() {
        return summary.reportId();
    }
}
