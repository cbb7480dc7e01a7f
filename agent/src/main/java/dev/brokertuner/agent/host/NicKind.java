package dev.brokertuner.agent.host;

import java.util.Locale;

/**
 * What kind of interface a {@code <sysfs>/class/net/IF} directory is, from what sysfs shows: {@code bonding/} (bond),
 * {@code bridge/} (bridge), {@code uevent}'s {@code DEVTYPE} ({@code vlan}, {@code bridge}, {@code bond}, tunnel
 * types), a {@code device/} link (physical, also virtio and ENA NICs of cloud VMs), {@code iflink != ifindex} without a
 * device (a veth: its peer's index), and {@code type} (not 1, Ethernet, means a tunnel or tun device). Without any of
 * these (a flattened capture) the kind is unknown (null), never guessed from the name alone, except {@code dummy*},
 * {@code ifb*} and {@code veth*}, which the kernel names so by default.
 */
public final class NicKind {
    public static final String PHYSICAL = "physical";
    public static final String BOND = "bond";
    public static final String VLAN = "vlan";
    public static final String BRIDGE = "bridge";
    public static final String VETH = "veth";
    public static final String VIRTUAL = "virtual";

    private NicKind() {
    }

    /** The attributes the kind is judged from; null where sysfs did not show them. */
    record Attributes(String name, boolean bonding, boolean bridge, String devtype, boolean device, String ifindex,
                      String iflink, String type) {
    }

    /** The kind, or null when sysfs shows too little to tell. */
    static String of(Attributes a) {
        String devtype = a.devtype() == null ? null : a.devtype().toLowerCase(Locale.ROOT);
        if (a.bonding() || "bond".equals(devtype)) {
            return BOND;
        }
        if (a.bridge() || "bridge".equals(devtype)) {
            return BRIDGE;
        }
        if ("vlan".equals(devtype)) {
            return VLAN;
        }
        if (devtype != null && !devtype.isEmpty()) {
            return VIRTUAL; // vxlan, wireguard, macvlan, ipvlan, geneve, ...
        }
        if (a.device()) {
            return PHYSICAL;
        }
        if (a.type() != null && !a.type().strip().equals("1")) {
            return VIRTUAL; // tun (65534), ipip (768), sit (776), gre, ...
        }
        if (a.name().startsWith("veth")) {
            return VETH;
        }
        if (a.ifindex() != null && a.iflink() != null && !a.ifindex().strip().equals(a.iflink().strip())) {
            return VETH; // no device, Ethernet, linked to another index: a veth (its peer is in another namespace)
        }
        if (a.name().startsWith("dummy") || a.name().startsWith("ifb")) {
            return VIRTUAL;
        }
        if (a.ifindex() != null && a.iflink() != null && a.type() != null) {
            return VIRTUAL; // a full sysfs view with no device behind it: dummy, ifb, a bridge-less virtual device
        }
        return null;
    }

    /** The {@code DEVTYPE=} value of a {@code uevent} file's text, null when absent. */
    static String devtype(String uevent) {
        if (uevent == null) {
            return null;
        }
        for (String line : uevent.split("\n")) {
            if (line.startsWith("DEVTYPE=")) {
                return line.substring("DEVTYPE=".length()).strip();
            }
        }
        return null;
    }
}
