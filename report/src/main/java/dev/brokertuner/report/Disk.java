package dev.brokertuner.report;

/**
 * A whole block device from {@code /sys/block}, with sampled throughput when sampling ran.
 *
 * @param name             e.g. {@code nvme0n1}, {@code sda}, {@code dm-0}, {@code md0}
 * @param rotational       true for spinning disks, null when unknown
 * @param sizeBytes        capacity, null when unknown
 * @param scheduler        the active I/O scheduler (the bracketed one), null when unknown
 * @param readBytesPerSec  sampled, null when not sampled
 * @param writeBytesPerSec sampled, null when not sampled
 * @param utilization      busy fraction of the sample window (0..1), null when not sampled
 */
public record Disk(String name, Boolean rotational, Long sizeBytes, String scheduler, Double readBytesPerSec,
                   Double writeBytesPerSec, Double utilization) {
}
