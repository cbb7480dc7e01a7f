package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * The broker's own mount namespace, when it is not the host's (a broker in a pod or container, seen by an agent with
 * the node's {@code /proc}): its {@code <procfs>/PID/mountinfo} beside the host's ({@code <procfs>/1/mountinfo}), so
 * that a {@code log.dirs} entry, a path in the broker's namespace, can be mapped to the node mount and path that back
 * it: the broker's mount holding the path gives the filesystem ({@code major:minor}) and the path within it (its
 * root plus the rest); the host mount of the same filesystem whose root contains that path gives the node path.
 *
 * @param pid    the broker's pid
 * @param broker the broker's mount table
 * @param host   the host's mount table
 */
public record BrokerMounts(long pid, List<MountInfo.Entry> broker, List<MountInfo.Entry> host) {
    public BrokerMounts {
        broker = List.copyOf(broker);
        host = List.copyOf(host);
    }

    /**
     * The broker's mount namespace when it differs from the host's: the {@code ns/mnt} links differ, or (when those
     * cannot be read) the mount tables do. Empty when they are the same or cannot be read (then with a problem).
     */
    public static Optional<BrokerMounts> read(HostFiles files, long pid, List<Problem> problems) {
        Read mine = files.proc(pid + "/mountinfo");
        Read host = files.proc("1/mountinfo");
        if (mine.textOrNull() == null) {
            problems.add(new Problem(HostPaths.procSource(pid + "/mountinfo"), "the broker's mount table is "
                    + "unknown (" + mine.why() + "); its log.dirs are judged as host paths"));
            return Optional.empty();
        }
        if (host.textOrNull() == null) {
            return Optional.empty();
        }
        Boolean separate = separateByLinks(files.paths(), pid);
        if (separate == null) {
            separate = !mine.textOrNull().equals(host.textOrNull());
        }
        if (!separate) {
            return Optional.empty();
        }
        return Optional.of(new BrokerMounts(pid, MountInfo.parse(mine.textOrNull()),
                MountInfo.parse(host.textOrNull())));
    }

    private static Boolean separateByLinks(HostPaths paths, long pid) {
        try {
            String a = Files.readSymbolicLink(paths.proc(pid + "/ns/mnt")).toString();
            String b = Files.readSymbolicLink(paths.proc("1/ns/mnt")).toString();
            return !a.equals(b);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /**
     * Where a path of the broker's namespace lives on the node, or empty when no node mount shows its filesystem
     * (a volume the node does not mount, such as the container's own overlay upper dir on some runtimes).
     */
    public Optional<String> hostPath(String brokerPath) {
        Optional<MountInfo.Entry> mine = MountInfo.entryOf(broker, brokerPath);
        if (mine.isEmpty()) {
            return Optional.empty();
        }
        MountInfo.Entry m = mine.get();
        String inFs = join(m.root(), MountInfo.below(brokerPath, m.mountPoint()));
        MountInfo.Entry best = null;
        for (MountInfo.Entry h : host) {
            if (h.majMin().equals(m.majMin()) && MountInfo.under(inFs, h.root())
                    && (best == null || h.root().length() > best.root().length())) {
                best = h;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(normalize(join(best.mountPoint(), MountInfo.below(inFs, best.root()))));
    }

    /** The broker-namespace mount a path lives on. */
    public Optional<MountInfo.Entry> brokerMountOf(String brokerPath) {
        return MountInfo.entryOf(broker, brokerPath);
    }

    private static String join(String dir, String rest) {
        if (rest.isEmpty()) {
            return dir;
        }
        return dir.equals("/") ? rest : dir + rest;
    }

    private static String normalize(String p) {
        String s = p.replaceAll("/+", "/");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
