package dev.brokertuner.report;

import java.util.List;

/**
 * A network interface from {@code /sys/class/net}, with sampled throughput when sampling ran.
 *
 * @param name            e.g. {@code eth0}, {@code bond0}
 * @param speedMbps       link speed in Mb/s; null when unknown ({@code -1}, empty or missing {@code speed}) or
 *                        meaningless (a veth reports its driver's constant 10000); see {@code speedNote}
 * @param duplex          {@code full}, {@code half}, null when unknown
 * @param mtu             null when unknown
 * @param operstate       {@code up}, {@code down}, ...; null when unknown
 * @param bondMembers     slave interfaces when this is a bond, else empty
 * @param rxBytesPerSec   sampled, null when not sampled
 * @param txBytesPerSec   sampled, null when not sampled
 * @param utilization     max(rx, tx) against link speed (0..1), null when not sampled or speed unknown
 * @param kind            {@code physical}, {@code bond}, {@code vlan}, {@code bridge}, {@code veth} or
 *                        {@code virtual} (dummy, ifb, tun, tunnels); null when unknown
 * @param speedSource     {@code sysfs} (the kernel's {@code speed}) or {@code declared} (the operator's
 *                        {@code nics:} / {@code --nic-speed}); null when the speed is unknown
 * @param speedNote       why the speed is unknown or where it came from, null when read plainly from sysfs
 * @param brokerListeners the broker's listener names whose address is on this interface (or, for a wildcard
 *                        listener, whose traffic routes over it); empty when none or when no listener is known
 * @param rxPackets       received packets since boot ({@code <procfs>/net/dev}), null when unknown
 * @param rxDropped       received packets dropped since boot, null when unknown
 * @param txPackets       transmitted packets since boot, null when unknown
 * @param txDropped       transmitted packets dropped since boot, null when unknown
 */
public record Nic(String name, Long speedMbps, String duplex, Integer mtu, String operstate, List<String> bondMembers,
                  Double rxBytesPerSec, Double txBytesPerSec, Double utilization, String kind, String speedSource,
                  String speedNote, List<String> brokerListeners, Long rxPackets, Long rxDropped, Long txPackets,
                  Long txDropped) {
    public Nic {
        bondMembers = bondMembers == null ? List.of() : List.copyOf(bondMembers);
        brokerListeners = brokerListeners == null ? List.of() : List.copyOf(brokerListeners);
    }

    /** The shape before kinds, speed sources, listeners and drop counters were reported. */
    public Nic(String name, Long speedMbps, String duplex, Integer mtu, String operstate, List<String> bondMembers,
               Double rxBytesPerSec, Double txBytesPerSec, Double utilization) {
        this(name, speedMbps, duplex, mtu, operstate, bondMembers, rxBytesPerSec, txBytesPerSec, utilization, null,
                speedMbps == null ? null : "sysfs", null, List.of(), null, null, null, null);
    }

    /** This interface with sampled rates. */
    public Nic withRates(Double rx, Double tx, Double util) {
        return new Nic(name, speedMbps, duplex, mtu, operstate, bondMembers, rx, tx, util, kind, speedSource,
                speedNote, brokerListeners, rxPackets, rxDropped, txPackets, txDropped);
    }

    /** This interface with the broker's listeners on it. */
    public Nic withBrokerListeners(List<String> listeners) {
        return new Nic(name, speedMbps, duplex, mtu, operstate, bondMembers, rxBytesPerSec, txBytesPerSec,
                utilization, kind, speedSource, speedNote, listeners, rxPackets, rxDropped, txPackets, txDropped);
    }

    /** This interface with its packet and drop counters. */
    public Nic withCounters(Long rxPackets, Long rxDropped, Long txPackets, Long txDropped) {
        return new Nic(name, speedMbps, duplex, mtu, operstate, bondMembers, rxBytesPerSec, txBytesPerSec,
                utilization, kind, speedSource, speedNote, brokerListeners, rxPackets, rxDropped, txPackets,
                txDropped);
    }

    /** True when the speed came from the operator, not the kernel. */
    public boolean speedDeclared() {
        return "declared".equals(speedSource);
    }
}
