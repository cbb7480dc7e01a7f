package dev.brokertuner.agent.host;

import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Mount;
import dev.brokertuner.report.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps each Kafka data dir to the mount it lives on (the longest mount point that is a path prefix; of several
 * entries for one mount point the last, which hides the others) and to the disks and md array under that mount.
 * With no data dirs given, every disk-backed, writable mount is assessed as if it were one. A broker in its own
 * mount namespace (a pod seen from the node) has its dirs mapped to the node's mounts first
 * ({@link #mapThrough}).
 *
 * <p>A configured data dir that does not exist is never judged as its nearest mount: it is reported with no mount
 * and {@code exists=false}, and a problem names the path. A mount at or under the dir proves it exists. Beyond that,
 * whether it exists is asked of the filesystem only when the procfs root is this machine's
 * ({@link PathExistence#forProcfs}). Otherwise (a fixture tree, or a host's
 * {@code /proc} mounted elsewhere) the mount table is all there is: a data dir that is a mount point, or has one
 * under it, exists; any other stays unknown ({@code exists=null}) and is mapped to its mount as before, since a
 * missing mount-table entry proves nothing about a directory inside a mounted filesystem.
 */
public final class DataDirMapper {
    private static final Set<String> NOT_DATA_FS = Set.of("squashfs", "iso9660", "udf", "vfat", "msdos", "exfat");
    private static final List<String> SYSTEM_PREFIXES =
            List.of("/boot", "/snap", "/var/lib/snapd", "/var/lib/docker", "/var/lib/containers", "/etc", "/run",
                    "/dev", "/proc", "/sys");

    private final List<Mount> mounts;
    private final DeviceResolver resolver;
    private final DiskSpace space;
    private final PathExistence existence;
    private final Map<String, Mount> byMountPoint = new java.util.HashMap<>();

    public DataDirMapper(List<Mount> mounts, DeviceResolver resolver, DiskSpace space, PathExistence existence) {
        this.mounts = List.copyOf(mounts);
        for (Mount m : this.mounts) {
            byMountPoint.put(m.mountPoint(), m);
        }
        this.resolver = resolver;
        this.space = space;
        this.existence = existence;
    }

    /** Existence never asked of the filesystem: only the mount table says a dir exists. */
    public DataDirMapper(List<Mount> mounts, DeviceResolver resolver, DiskSpace space) {
        this(mounts, resolver, space, PathExistence.unknown());
    }

    /** Maps the given data dirs; an empty list means every disk-backed mount. Problems are dropped. */
    public List<DataDir> map(List<String> dataDirs) {
        return map(dataDirs, new ArrayList<>());
    }

    /**
     * Maps the given data dirs; an empty list means every disk-backed mount. A configured dir that does not exist,
     * or is not a directory, adds a problem naming it.
     */
    public List<DataDir> map(List<String> dataDirs, List<Problem> problems) {
        boolean assessed = dataDirs.isEmpty();
        List<String> paths = assessed ? assessableMountPoints() : dataDirs;
        List<DataDir> out = new ArrayList<>();
        for (String raw : paths) {
            String path = normalize(raw);
            Boolean exists = assessed ? Boolean.TRUE : exists(path);
            if (Boolean.FALSE.equals(exists)) {
                PathExistence.State state = existence.of(path);
                String what = state == PathExistence.State.NOT_A_DIRECTORY ? "is not a directory" : "does not exist";
                String nearest = mountOf(path).map(m -> " (it would lie on mount " + m.mountPoint() + ")").orElse("");
                problems.add(new Problem("datadir:" + path, "log dir " + path + " " + what + " on this host" + nearest
                        + ": it is not judged as that mount; fix log.dirs or --log-dirs, or create the directory "
                        + "on the intended disk"));
                out.add(new DataDir(path, null, null, null, List.of(), null, null, null, false, false));
                continue;
            }
            Optional<Mount> mount = mountOf(path);
            Optional<DiskSpace.Usage> usage = space.of(path);
            Long total = usage.map(DiskSpace.Usage::totalBytes).orElse(null);
            Long usable = usage.map(DiskSpace.Usage::usableBytes).orElse(null);
            if (mount.isEmpty()) {
                out.add(new DataDir(path, null, null, null, List.of(), null, total, usable, assessed, exists));
                continue;
            }
            Mount m = mount.get();
            DeviceResolver.Resolved resolved = resolver.resolve(m.device());
            out.add(new DataDir(path, m.mountPoint(), m.fsType(), m.noatime(), resolved.devices(), resolved.raid(),
                    total, usable, assessed, exists));
        }
        return out;
    }

    /**
     * True when a mount is at or under the path (the mount table proves it exists); else the filesystem's answer when
     * it was asked; else unknown. The mount table wins over a stat that found nothing: they disagree only when this
     * process sees another mount namespace than the one the table was read from (a container), and then the stat
     * is the one that is wrong.
     */
    private Boolean exists(String path) {
        boolean mounted = path.equals("/") || mounts.stream().map(Mount::mountPoint)
                .anyMatch(mp -> mp.equals(path) || mp.startsWith(path + "/"));
        if (mounted) {
            return true;
        }
        switch (existence.of(path)) {
            case DIRECTORY:
                return true;
            case MISSING:
            case NOT_A_DIRECTORY:
                return false;
            default:
                return null;
        }
    }

    /**
     * Maps the broker's data dirs, paths in its own mount namespace, through {@code ns} to the node mounts behind
     * them (see {@link BrokerMounts}); each keeps the broker's path and gets its node path. Capacity is asked of
     * {@code brokerSpace}, which sees the broker's paths (statvfs through {@code <procfs>/PID/root}, on the live host
     * only). A dir no node mount backs is judged by the broker's own mount, with a problem.
     */
    public List<DataDir> mapThrough(BrokerMounts ns, List<String> dataDirs, DiskSpace brokerSpace,
                                    List<dev.brokertuner.report.Problem> problems) {
        List<DataDir> out = new ArrayList<>();
        for (String raw : dataDirs) {
            String path = normalize(raw);
            Optional<DiskSpace.Usage> usage = brokerSpace.of(path);
            Long total = usage.map(DiskSpace.Usage::totalBytes).orElse(null);
            Long usable = usage.map(DiskSpace.Usage::usableBytes).orElse(null);
            Optional<String> host = ns.hostPath(path);
            if (host.isPresent()) {
                DataDir d = map(List.of(host.get())).get(0);
                out.add(new DataDir(path, d.mountPoint(), d.fsType(), d.noatime(), d.devices(), d.raid(),
                        total != null ? total : d.totalBytes(), usable != null ? usable : d.usableBytes(), false,
                        host.get().equals(path) ? null : host.get()));
                continue;
            }
            Optional<MountInfo.Entry> own = ns.brokerMountOf(path);
            if (own.isEmpty()) {
                out.add(new DataDir(path, null, null, null, List.of(), null, total, usable, false));
                continue;
            }
            MountInfo.Entry m = own.get();
            problems.add(new dev.brokertuner.report.Problem("procfs:" + ns.pid() + "/mountinfo", path + " (in the "
                    + "broker's mount namespace) is on " + m.fsType() + " at " + m.mountPoint() + ", which no node "
                    + "mount shows; its filesystem and devices come from the broker's own mount, and its mount "
                    + "point is left unknown (it is not a node path)"));
            DeviceResolver.Resolved resolved = resolver.resolve(m.source());
            out.add(new DataDir(path, null, m.fsType(), m.options().contains("noatime"),
                    resolved.devices(), resolved.raid(), total, usable, false));
        }
        return out;
    }

    /**
     * The mount a path lives on: the longest mount point that is a prefix of it, and of several entries for that
     * mount point the last (it hides the others). Walks the path's ancestors through an index, so mapping every
     * mount of a node with tens of thousands of them stays linear.
     */
    public Optional<Mount> mountOf(String path) {
        String p = path;
        while (true) {
            Mount m = byMountPoint.get(p);
            if (m != null) {
                return Optional.of(m);
            }
            if (p.isEmpty() || p.equals("/")) {
                return Optional.empty();
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? "/" : p.substring(0, slash);
        }
    }

    /** Mount points that could hold Kafka data: disk or network backed, writable, not system or boot areas. */
    List<String> assessableMountPoints() {
        Map<String, Mount> last = new LinkedHashMap<>();
        for (Mount m : mounts) {
            if (PseudoFilesystems.isPseudo(m.fsType()) || NOT_DATA_FS.contains(m.fsType())
                    || m.options().contains("ro") || isSystemPath(m.mountPoint())) {
                continue;
            }
            last.put(m.mountPoint(), m);
        }
        return new ArrayList<>(last.keySet());
    }

    private static boolean isSystemPath(String mp) {
        return SYSTEM_PREFIXES.stream().anyMatch(p -> mp.equals(p) || mp.startsWith(p + "/"));
    }

    static String normalize(String raw) {
        String p = raw.trim().replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        try {
            return java.nio.file.Path.of(p).normalize().toString();
        } catch (RuntimeException e) {
            return p;
        }
    }
}
