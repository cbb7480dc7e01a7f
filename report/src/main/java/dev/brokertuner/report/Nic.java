package dev.brokertuner.report;

import java.util.List;

/**
 * A network interface from {@code /sys/class/net}, with sampled throughput when sampling ran.
 *
 * @param name          e.g. {@code eth0}, {@code bond0}
 * @param speedMbps     link speed in Mb/s; null when unknown ({@code -1}, empty or missing {@code speed})
 * @param duplex        {@code full}, {@code half}, null when unknown
 * @param mtu           null when unknown
 * @param operstate     {@code up}, {@code down}, ...; null when unknown
 * @param bondMembers   slave interfaces when this is a bond, else empty
 * @param rxBytesPerSec sampled, null when not sampled
 * @param txBytesPerSec sampled, null when not sampled
 * @param utilization   max(rx, tx) against link speed (0..1), null when not sampled or speed unknown
 */
public record Nic(String name, Long speedMbps, String duplex, Integer mtu, String operstate, List<String> bondMembers,
                  Double rxBytesPerSec, Double txBytesPerSec, Double utilization) {
    public Nic {
        bondMembers = bondMembers == null ? List.of() : List.copyOf(bondMembers);
    }
}
