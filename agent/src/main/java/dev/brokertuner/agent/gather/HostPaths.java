package dev.brokertuner.agent.gather;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The roots every host reader resolves its files under: {@code --procfs} and {@code --sysfs}. The live host is
 * {@code /proc} and {@code /sys}; a container with the host mounted elsewhere, or a test on a fixture tree, passes
 * other roots. No reader names {@code /proc} or {@code /sys} itself.
 *
 * @param procfs root standing for {@code /proc}
 * @param sysfs  root standing for {@code /sys}
 */
public record HostPaths(Path procfs, Path sysfs) {
    public HostPaths {
        Objects.requireNonNull(procfs, "procfs");
        Objects.requireNonNull(sysfs, "sysfs");
    }

    /** A file under the procfs root, e.g. {@code proc("sys/vm/swappiness")}. */
    public Path proc(String relative) {
        return procfs.resolve(relative);
    }

    /** A file under the sysfs root, e.g. {@code sys("class/net")}. */
    public Path sys(String relative) {
        return sysfs.resolve(relative);
    }

    /** Human label for problems: {@code procfs:mdstat}. */
    public static String procSource(String relative) {
        return "procfs:" + relative;
    }

    /** Human label for problems: {@code sysfs:class/net/eth0/speed}. */
    public static String sysSource(String relative) {
        return "sysfs:" + relative;
    }
}
