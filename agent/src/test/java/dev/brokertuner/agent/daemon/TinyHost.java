package dev.brokertuner.agent.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a minimal procfs/sysfs tree (hostname, memory, one ext4 data mount with relatime, swappiness 60). */
public final class TinyHost {
    private TinyHost() {
    }

    public static Path write(Path root) throws IOException {
        put(root, "proc/sys/kernel/hostname", "kafka-test-01\n");
        put(root, "proc/meminfo", "MemTotal:       16384000 kB\n");
        put(root, "proc/cpuinfo", "processor\t: 0\nprocessor\t: 1\n");
        put(root, "proc/mounts", "/dev/sda1 / ext4 rw,relatime 0 0\n/dev/sdb1 /data xfs rw,relatime 0 0\n");
        put(root, "proc/sys/vm/swappiness", "60\n");
        put(root, "proc/sys/vm/max_map_count", "65530\n");
        Files.createDirectories(root.resolve("sys/block"));
        Files.createDirectories(root.resolve("sys/class/net"));
        return root;
    }

    private static void put(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** YAML for an agent over that tree, broker side off. */
    public static String config(Path root, int port, int intervalSeconds) {
        return """
                listen: 127.0.0.1:%d
                procfs: %s
                sysfs: %s
                logDirs: [/data/kafka]
                intervalSeconds: %d
                sampleSeconds: 0
                broker: {enabled: false}
                clusterAlias: test-cluster
                """.formatted(port, root.resolve("proc"), root.resolve("sys"), intervalSeconds);
    }
}
