package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.HostFacts;
import java.util.OptionalLong;

/**
 * Reads numeric sysctls out of {@link HostFacts#sysctl()} (values as the kernel prints them) and writes the
 * {@code /etc/sysctl.d} lines that change them. A value that is absent or not a number is empty, never zero.
 */
public final class SysctlValues {
    /** The drop-in file every host rule appends its kernel settings to. */
    public static final String DROP_IN = "/etc/sysctl.d/60-kafka.conf";

    private SysctlValues() {
    }

    /** The single number of a sysctl such as {@code vm.swappiness}. */
    static OptionalLong single(HostFacts host, String name) {
        return host.sysctl(name).map(SysctlValues::parseLong).orElse(OptionalLong.empty());
    }

    /** Field {@code index} (0-based) of a sysctl printed as several numbers, e.g. the max of {@code tcp_rmem}. */
    static OptionalLong field(HostFacts host, String name, int index) {
        return host.sysctl(name).map(v -> {
            String[] parts = v.trim().split("\\s+");
            return index < parts.length ? parseLong(parts[index]) : OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    static OptionalLong parseLong(String text) {
        return Units.parseLong(text);
    }

    /** The lines that set a sysctl now and at every boot. */
    static java.util.List<String> apply(HostFacts host, String name, long value) {
        return apply(host, name, String.valueOf(value));
    }

    /**
     * The lines that set a sysctl now and across reboots (a value of several numbers, like tcp_rmem, is quoted), led
     * by a note when the agent sees a container, where the node is the place to run them.
     */
    public static java.util.List<String> apply(HostFacts host, String name, String value) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (inContainer(host)) {
            lines.add("# this agent sees a container (overlay root): run these on the node itself, where they apply");
        }
        lines.add("echo '" + name + " = " + value + "' >> " + DROP_IN);
        lines.add("sysctl -w " + name + "=" + (value.contains(" ") ? "'" + value + "'" : value));
        return lines;
    }

    /** True when the root filesystem is an overlay: the agent runs inside a container. */
    static boolean inContainer(HostFacts host) {
        return host.mounts().stream().anyMatch(m -> m.mountPoint().equals("/") && "overlay".equals(m.fsType()));
    }
}
