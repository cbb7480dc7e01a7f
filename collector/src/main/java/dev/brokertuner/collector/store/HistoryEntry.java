package dev.brokertuner.collector.store;

import java.time.Instant;

/**
 * One stored report of a host, without its body.
 *
 * @param reportId       the report
 * @param generatedAt    when the agent gathered it
 * @param receivedAt     when the collector stored it
 * @param critical       critical findings
 * @param warning        warning findings
 * @param info           info findings
 * @param bytesInPerSec  broker bytes in per second, null when unknown
 * @param bytesOutPerSec broker bytes out per second, null when unknown
 */
public record HistoryEntry(String reportId, Instant generatedAt, Instant receivedAt, int critical, int warning,
                           int info, Double bytesInPerSec, Double bytesOutPerSec) {
}
