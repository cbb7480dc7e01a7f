package dev.brokertuner.agent.host;

import java.util.Map;

/**
 * Rates measured over one window.
 *
 * @param disks per disk: read and write bytes/s and the busy fraction of the window
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

    /** One disk's rates. */
    public record DiskRate(double readBytesPerSec, double writeBytesPerSec, double utilization) {
    }

    /** One interface's rates. */
    public record NicRate(double rxBytesPerSec, double txBytesPerSec) {
    }
}
