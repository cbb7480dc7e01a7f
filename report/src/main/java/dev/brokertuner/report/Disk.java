package dev.brokertuner.report;

/**
 * A whole block device from {@code /sys/block}, with sampled throughput when sampling ran. The sampled figures are
 * what {@code iostat -x} prints for the window, computed from {@code /proc/diskstats} deltas.
 *
 * @param name             e.g. {@code nvme0n1}, {@code sda}, {@code dm-0}, {@code md0}
 * @param rotational       {@code queue/rotational}: true for spinning disks, null when unknown
 * @param sizeBytes        capacity, null when unknown
 * @param scheduler        the active I/O scheduler (the bracketed one), null when unknown
 * @param readBytesPerSec  sampled, null when not sampled
 * @param writeBytesPerSec sampled, null when not sampled
 * @param utilization      busy fraction of the sample window (0..1, {@code io_ticks}), null when not sampled; not
 *                         saturation for a device that serves requests in parallel
 * @param readIops         reads completed per second, null when not sampled
 * @param writeIops        writes completed per second, null when not sampled
 * @param readAwaitMs      mean milliseconds per read ({@code r_await}), null when not sampled or no read completed
 * @param writeAwaitMs     mean milliseconds per write ({@code w_await}), null when not sampled or no write completed
 * @param avgQueueSize     requests in flight on average ({@code aqu-sz}), null when not sampled
 */
public record Disk(String name, Boolean rotational, Long sizeBytes, String scheduler, Double readBytesPerSec,
                   Double writeBytesPerSec, Double utilization, Double readIops, Double writeIops,
                   Double readAwaitMs, Double writeAwaitMs, Double avgQueueSize) {
    /** Identity and byte rates only (no IOPS, await or queue figures). */
    public Disk(String name, Boolean rotational, Long sizeBytes, String scheduler, Double readBytesPerSec,
                Double writeBytesPerSec, Double utilization) {
        this(name, rotational, sizeBytes, scheduler, readBytesPerSec, writeBytesPerSec, utilization, null, null, null,
                null, null);
    }

}
