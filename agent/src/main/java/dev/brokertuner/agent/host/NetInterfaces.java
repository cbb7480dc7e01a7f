package dev.brokertuner.agent.host;

import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code <sysfs>/class/net}: speed in Mb/s (unknown for {@code -1}, an empty file or a missing one: the kernel
 * errors on read while a link is down), duplex, MTU, operstate, bond members and the interface's kind
 * ({@link NicKind}). {@code bonding_masters} is a file, not an interface; {@code lo} carries no broker traffic. A
 * veth's {@code speed} is its driver's constant (10000), not a link, so it is reported as unknown with that reason.
 * Where the kernel reports no speed, an operator-declared one ({@code nics:} in agent.yaml, {@code --nic-speed}) is
 * used and marked {@code declared}.
 */
public final class NetInterfaces {
    static final String VETH_NOTE = "veth: the driver reports a constant 10000 Mb/s, not a link speed; the traffic "
            + "leaves through the host's physical interface";

    private NetInterfaces() {
    }

    /** As {@link #read(HostFiles, Collection, Map)} with no declared speeds. */
    public static List<Nic> read(HostFiles files, Collection<String> extraNames) {
        return read(files, extraNames, Map.of());
    }

    /**
     * Every interface with a sysfs directory, plus any named in {@code extraNames} (from {@code /proc/net/dev})
     * that has none; those have every attribute unknown (a declared speed still applies).
     *
     * @param declaredMbps operator-declared link speeds by interface name, used where sysfs gives none
     */
    public static List<Nic> read(HostFiles files, Collection<String> extraNames, Map<String, Long> declaredMbps) {
        return read(files, extraNames, declaredMbps, new ArrayList<>());
    }

    /**
     * As {@link #read(HostFiles, Collection, Map)}; a name the kernel could not have given an interface (outside its
     * character set, longer than 15 bytes) is refused as a fact, with a problem, so it never reaches an apply line.
     */
    public static List<Nic> read(HostFiles files, Collection<String> extraNames, Map<String, Long> declaredMbps,
                                 List<Problem> problems) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : files.sysList("class/net")) {
            if (files.sysIsDirectory("class/net/" + name)) {
                names.add(name);
            }
        }
        names.addAll(extraNames);
        names.remove("lo");
        List<Nic> out = new ArrayList<>();
        KernelNameCheck check = new KernelNameCheck(problems);
        for (String name : names.stream().sorted().toList()) {
            if (!check.interfaceName(name, "sysfs:class/net")) {
                continue;
            }
            String base = "class/net/" + name + "/";
            String slaves = files.sysValue(base + "bonding/slaves");
            List<String> members = slaves == null ? List.of() : Arrays.asList(slaves.split("\\s+"));
            String kind = NicKind.of(files.sysIsDirectory("class/net/" + name)
                    ? new NicKind.Attributes(name, files.sysIsDirectory(base + "bonding"),
                    files.sysIsDirectory(base + "bridge"), NicKind.devtype(files.sys(base + "uevent").textOrNull()),
                    files.sysIsDirectory(base + "device"), files.sysValue(base + "ifindex"),
                    files.sysValue(base + "iflink"), files.sysValue(base + "type"))
                    : new NicKind.Attributes(name, false, false, null, false, null, null, null));
            Long speed = speed(files.sysValue(base + "speed"));
            String source = speed == null ? null : "sysfs";
            String note = null;
            if (NicKind.VETH.equals(kind) && speed != null) {
                speed = null;
                source = null;
                note = VETH_NOTE;
            }
            Long declared = declaredMbps.get(name);
            if (declared != null && declared > 0) {
                if (speed == null) {
                    note = "declared by the operator (nics." + name + ".speedMbps / --nic-speed)"
                            + (note == null ? "; the kernel reports no speed" : "; " + note);
                    speed = declared;
                    source = "declared";
                } else {
                    note = "the kernel reports " + speed + " Mb/s, used instead of the declared " + declared;
                }
            }
            out.add(new Nic(name, speed, files.sysValue(base + "duplex"), integer(files.sysValue(base + "mtu")),
                    files.sysValue(base + "operstate"), members, null, null, null, kind, source, note, List.of(),
                    null, null, null, null));
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
