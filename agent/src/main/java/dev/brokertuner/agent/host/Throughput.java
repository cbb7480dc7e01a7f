package dev.brokertuner.agent.host;

import java.util.Map;

/**
 * Rates measured over one window.
 *
 * @param disks per disk: read and write bytes/s, the busy fraction of the window ({@code io_ticks}), IOPS, await and
 *              average queue size
 * @param nics  per interface: received and transmitted bytes/s
 */
public record Throughput(Map<String, DiskRate> disks, Map<String, NicRate> nics) {
    public Throughput {
        disks = Map.copyOf(disks);
        nics = Map.copyOf(nics);
    }

    /** Nothing measured. */
    public static Throughput none() {
        return new Throughput(Map.of(), Map.of());
    }

    /**
     * One disk's rates over the window, as {@code iostat -x} computes them from {@code diskstats} deltas.
     *
     * @param readBytesPerSec  bytes read per second
     * @param writeBytesPerSec bytes written per second
     * @param utilization      {@code io_ticks} delta over the window (0..1): time with any I/O in flight. A device
     *                         that serves requests in parallel (NVMe, SSD, md, dm) can be near 1 and far from
     *                         saturated, as iostat(1) says of {@code %util}
     * @param readIops         reads completed per second
     * @param writeIops        writes completed per second
     * @param readAwaitMs      mean milliseconds per read (queue and service), null when no read completed
     * @param writeAwaitMs     mean milliseconds per write, null when no write completed
     * @param avgQueueSize     {@code time_in_queue} delta over the window: requests in flight on average
     */
    public record DiskRate(double readBytesPerSec, double writeBytesPerSec, double utilization, double readIops,
                           double writeIops, Double readAwaitMs, Double writeAwaitMs, double avgQueueSize) {
        /** Bytes and busy fraction only. */
        public DiskRate(double readBytesPerSec, double writeBytesPerSec, double utilization) {
            this(readBytesPerSec, writeBytesPerSec, utilization, 0, 0, null, null, 0);
        }
    }

    /** One interface's rates. */
    public record NicRate(double rxBytesPerSec, double txBytesPerSec) {
    }
}
