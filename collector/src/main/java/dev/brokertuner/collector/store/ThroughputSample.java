package dev.brokertuner.collector.store;

import java.time.Instant;

/**
 * One host's throughput as one report measured it.
 *
 * @param hostname       the host
 * @param generatedAt    when
 * @param bytesInPerSec  bytes in per second, null when unknown
 * @param bytesOutPerSec bytes out per second, null when unknown
 */
public record ThroughputSample(String hostname, Instant generatedAt, Double bytesInPerSec, Double bytesOutPerSec) {
}
