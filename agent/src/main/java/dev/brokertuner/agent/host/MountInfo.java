package dev.brokertuner.agent.host;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses {@code <procfs>/PID/mountinfo} with the fields that tie one mount namespace to another: the device
 * ({@code major:minor}, field 3) and the root of the mount within its filesystem (field 4). A bind mount of
 * {@code /var/lib/kubelet/pods/UID/volumes/.../pv1} into a pod at {@code /var/lib/kafka} shows the same
 * {@code major:minor} as the node's {@code /var/lib} mount, with root {@code /kubelet/pods/UID/volumes/.../pv1}.
 * Octal escapes are decoded as in {@link MountTable}; malformed lines are skipped.
 */
public final class MountInfo {
    private MountInfo() {
    }

    /**
     * One mountinfo line.
     *
     * @param majMin     the filesystem's device, e.g. {@code 259:1}
     * @param root       the path within that filesystem mounted here, e.g. {@code /} or a bind mount's source dir
     * @param mountPoint where it is mounted in this namespace
     * @param options    per-mount options
     * @param fsType     filesystem type
     * @param source     mount source, e.g. {@code /dev/nvme1n1}
     */
    public record Entry(String majMin, String root, String mountPoint, List<String> options, String fsType,
                        String source) {
        public Entry {
            options = List.copyOf(options);
        }
    }

    /** The entries in table order. */
    public static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String raw : text.split("\n")) {
            if (raw.isBlank()) {
                continue;
            }
            String[] f = raw.trim().split("\\s+");
            int sep = Arrays.asList(f).indexOf("-");
            if (f.length < 7 || sep < 6 || sep + 2 >= f.length || !f[2].contains(":")) {
                continue;
            }
            out.add(new Entry(f[2], MountTable.unescape(f[3]), MountTable.unescape(f[4]), List.of(f[5].split(",")),
                    f[sep + 1], MountTable.unescape(f[sep + 2])));
        }
        return out;
    }

    /** The entry a path lives on: the longest mount point that is a prefix, the last of equals (it hides others). */
    public static java.util.Optional<Entry> entryOf(List<Entry> entries, String path) {
        Entry best = null;
        for (Entry e : entries) {
            if (under(path, e.mountPoint()) && (best == null || e.mountPoint().length() >= best.mountPoint().length())) {
                best = e;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** True when {@code path} is {@code dir} or below it. */
    static boolean under(String path, String dir) {
        return dir.equals("/") || path.equals(dir) || path.startsWith(dir + "/");
    }

    /** {@code path} relative to {@code dir} (which it is under), starting with {@code /}, or empty when equal. */
    static String below(String path, String dir) {
        if (dir.equals("/")) {
            return path.equals("/") ? "" : path;
        }
        return path.substring(dir.length());
    }
}
