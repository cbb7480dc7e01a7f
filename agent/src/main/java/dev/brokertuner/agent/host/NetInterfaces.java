package dev.brokertuner.agent.host;

import dev.brokertuner.report.Nic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code <sysfs>/class/net}: speed in Mb/s (unknown for {@code -1}, an empty file or a missing one: the kernel
 * errors on read while a link is down), duplex, MTU, operstate and bond members. {@code bonding_masters} is a file,
 * not an interface; {@code lo} carries no broker traffic.
 */
public final class NetInterfaces {
    private NetInterfaces() {
    }

    /**
     * Every interface with a sysfs directory, plus any named in {@code extraNames} (from {@code /proc/net/dev})
     * that has none; those have every attribute unknown.
     */
    public static List<Nic> read(HostFiles files, Collection<String> extraNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : files.sysList("class/net")) {
            if (files.sysIsDirectory("class/net/" + name)) {
                names.add(name);
            }
        }
        names.addAll(extraNames);
        names.remove("lo");
        List<Nic> out = new ArrayList<>();
        for (String name : names.stream().sorted().toList()) {
            String base = "class/net/" + name + "/";
            String slaves = files.sysValue(base + "bonding/slaves");
            List<String> members = slaves == null ? List.of() : Arrays.asList(slaves.split("\\s+"));
            out.add(new Nic(name, speed(files.sysValue(base + "speed")), files.sysValue(base + "duplex"),
                    integer(files.sysValue(base + "mtu")), files.sysValue(base + "operstate"), members, null, null,
                    null));
        }
        return out;
    }

    /** Link speed in Mb/s; null for unknown ({@code -1}, empty, garbage, or the 65535 some drivers report). */
    static Long speed(String value) {
        if (value == null) {
            return null;
        }
        try {
            long v = Long.parseLong(value.trim());
            return v <= 0 || v == 65535 || v == 4294967295L ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
