package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.host.BoundedRead;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Reads the CPUs a process can actually run on: its cgroup (from {@code <procfs>/PID/cgroup}), the CPU quota of that
 * cgroup and of every ancestor (cgroup v2 {@code <sysfs>/fs/cgroup/PATH/cpu.max}; v1
 * {@code <sysfs>/fs/cgroup/cpu,cpuacct/PATH/cpu.cfs_quota_us} and {@code cpu.cfs_period_us}), its cpuset
 * ({@code cpuset.cpus.effective}; v1 {@code cpuset/PATH/cpuset.effective_cpus}), {@code Cpus_allowed_list} from its
 * {@code status}, and the online CPUs ({@code <sysfs>/devices/system/cpu/online}). The effective count is the least of
 * them. Parsing is in {@link CgroupFiles}. Never throws.
 */
public final class CpuLimits {
    private final HostPaths paths;

    public CpuLimits(HostPaths paths) {
        this.paths = paths;
    }

    /**
     * The effective CPUs and where they came from.
     *
     * @param cpus    the least of the limits read, null when none could be read
     * @param source  which limit that is, with its value
     * @param allowed the CPU numbers the process may run on (cpuset and affinity together), empty when unknown
     * @param cpuStat the cgroup v2 {@code cpu.stat} of the process's cgroup (throttling counters), null when none
     */
    public record Effective(Double cpus, String source, TreeSet<Integer> allowed, Path cpuStat) {
        public Effective {
            allowed = allowed == null ? new TreeSet<>() : new TreeSet<>(allowed);
        }
    }

    private record Limit(double cpus, String label) {
    }

    /** Reads the limits of {@code pid}; {@code status} is its already-read {@code status} text, or null. */
    public Gathered<Effective> read(long pid, String status) {
        List<Problem> problems = new ArrayList<>();
        List<Limit> limits = new ArrayList<>();
        TreeSet<Integer> allowed = null;
        Path cpuStat = null;
        String cgroupText = text(paths.proc(pid + "/cgroup"));
        if (cgroupText == null) {
            problems.add(new Problem(HostPaths.procSource(pid + "/cgroup"), "cannot read; the broker's cgroup CPU "
                    + "quota and cpuset are unknown"));
        } else {
            CgroupFiles.Membership m = CgroupFiles.membership(cgroupText);
            if (escapes(m.v2()) && m.v1().values().stream().noneMatch(CpuLimits::escapes)) {
                Optional<String> found = outsideNamespace(m.v2());
                if (found.isPresent()) {
                    m = new CgroupFiles.Membership(found.get(), m.v1());
                }
            }
            if (escapes(m.v2()) || m.v1().values().stream().anyMatch(CpuLimits::escapes)) {
                problems.add(new Problem(HostPaths.procSource(pid + "/cgroup"), "the broker's cgroup lies outside "
                        + "the agent's cgroup namespace (a path with '..'); run the agent in the host's cgroup "
                        + "namespace to read its CPU quota"));
            } else {
                if (m.v2() != null) {
                    v2(m.v2()).ifPresent(limits::add);
                    allowed = cpuset(v2Dir(m.v2()), "cpuset.cpus.effective", "cgroup v2", limits, allowed);
                    if (Files.isRegularFile(v2Dir(m.v2()).resolve("cpu.stat"))) {
                        cpuStat = v2Dir(m.v2()).resolve("cpu.stat");
                    }
                }
                m.v1("cpu").ifPresent(e -> v1Quota(e.getKey(), e.getValue(), limits));
                Optional<java.util.Map.Entry<String, String>> cpuset = m.v1("cpuset");
                if (cpuset.isPresent()) {
                    Path dir = cgroupRoot().resolve(cpuset.get().getKey()).resolve(relative(cpuset.get().getValue()));
                    allowed = cpuset(dir, "cpuset.effective_cpus", "cgroup v1", limits, allowed);
                }
            }
        }
        if (status != null) {
            Optional<String> list = CgroupFiles.cpusAllowedList(status);
            if (list.isPresent()) {
                TreeSet<Integer> set = CgroupFiles.cpus(list.get());
                if (set != null && !set.isEmpty()) {
                    limits.add(new Limit(set.size(), "Cpus_allowed_list " + list.get()));
                    allowed = intersect(allowed, set);
                }
            }
        }
        String online = text(paths.sys("devices/system/cpu/online"));
        if (online != null) {
            TreeSet<Integer> set = CgroupFiles.cpus(online);
            if (set != null && !set.isEmpty()) {
                limits.add(new Limit(set.size(), "online CPUs " + online.strip()));
            }
        }
        Limit least = null;
        for (Limit l : limits) {
            if (least == null || l.cpus() < least.cpus()) {
                least = l;
            }
        }
        if (least == null && problems.isEmpty()) {
            problems.add(new Problem("broker:cpus", "none of the broker's CPU limits could be read (cgroup, "
                    + "Cpus_allowed_list, online CPUs); thread caps use the host's CPU count"));
        }
        if (least == null) {
            return new Gathered<>(new Effective(null, null, allowed, cpuStat), problems);
        }
        return new Gathered<>(new Effective(least.cpus(), least.label(), allowed, cpuStat), problems);
    }

    /**
     * A cgroup v2 path seen from another cgroup namespace ({@code /../../kubepods.slice/pod1/ctr}: an agent in a pod
     * with a private cgroup namespace reading the node's procfs) climbs to a common ancestor and descends again. The
     * descending part is looked for under the cgroup root (a few levels deep); exactly one match is this cgroup's
     * path from the root, more than one or none leaves it unknown.
     */
    private Optional<String> outsideNamespace(String cgroup) {
        List<String> parts = new ArrayList<>(List.of(relative(cgroup).split("/")));
        while (!parts.isEmpty() && (parts.get(0).equals("..") || parts.get(0).isEmpty())) {
            parts.remove(0);
        }
        if (parts.isEmpty() || parts.contains("..")) {
            return Optional.empty();
        }
        String tail = String.join("/", parts);
        Path root = v2Root(cgroup);
        List<Path> found = new ArrayList<>();
        try (java.util.stream.Stream<Path> dirs = Files.find(root, 6, (p, a) -> a.isDirectory())) {
            dirs.filter(d -> Files.isDirectory(d.resolve(tail))).limit(2).forEach(found::add);
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            return Optional.empty();
        }
        if (found.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(cgroupName(root, found.get(0).resolve(tail)));
    }

    /** The least quota on the path from the process's cgroup up to the root (a parent's quota limits children). */
    private Optional<Limit> v2(String cgroup) {
        Limit least = null;
        Path root = v2Root(cgroup);
        Path dir = root.resolve(relative(cgroup));
        while (dir != null && dir.startsWith(root)) {
            String raw = text(dir.resolve("cpu.max"));
            if (raw != null) {
                OptionalDouble q = CgroupFiles.cpuMax(raw);
                if (q.isPresent() && (least == null || q.getAsDouble() < least.cpus())) {
                    least = new Limit(q.getAsDouble(), "cgroup v2 cpu.max " + raw.strip() + " ("
                            + cgroupName(root, dir) + ")");
                }
            }
            if (dir.equals(root)) {
                break;
            }
            dir = dir.getParent();
        }
        return Optional.ofNullable(least);
    }

    private void v1Quota(String hierarchy, String cgroup, List<Limit> limits) {
        Path root = cgroupRoot().resolve(hierarchy);
        if (!Files.isDirectory(root)) {
            root = cgroupRoot().resolve("cpu");
        }
        Limit least = null;
        Path dir = root.resolve(relative(cgroup));
        while (dir != null && dir.startsWith(root)) {
            String quota = text(dir.resolve("cpu.cfs_quota_us"));
            String period = text(dir.resolve("cpu.cfs_period_us"));
            if (quota != null && period != null) {
                OptionalDouble q = CgroupFiles.cfsQuota(quota, period);
                if (q.isPresent() && (least == null || q.getAsDouble() < least.cpus())) {
                    least = new Limit(q.getAsDouble(), "cgroup v1 cpu.cfs_quota_us " + quota.strip()
                            + " / cpu.cfs_period_us " + period.strip() + " (" + cgroupName(root, dir) + ")");
                }
            }
            if (dir.equals(root)) {
                break;
            }
            dir = dir.getParent();
        }
        if (least != null) {
            limits.add(least);
        }
    }

    private TreeSet<Integer> cpuset(Path dir, String file, String version, List<Limit> limits,
                                    TreeSet<Integer> allowed) {
        String raw = text(dir.resolve(file));
        if (raw == null) {
            return allowed;
        }
        TreeSet<Integer> set = CgroupFiles.cpus(raw);
        if (set == null || set.isEmpty()) {
            return allowed;
        }
        limits.add(new Limit(set.size(), version + " " + file + " " + raw.strip()));
        return intersect(allowed, set);
    }

    private static TreeSet<Integer> intersect(TreeSet<Integer> a, TreeSet<Integer> b) {
        if (a == null) {
            return new TreeSet<>(b);
        }
        TreeSet<Integer> both = new TreeSet<>(a);
        both.retainAll(b);
        return both.isEmpty() ? a : both;
    }

    private Path cgroupRoot() {
        return paths.sys("fs/cgroup");
    }

    /** The unified hierarchy: {@code fs/cgroup}, or {@code fs/cgroup/unified} on a hybrid v1/v2 host. */
    private Path v2Root(String cgroup) {
        Path unified = cgroupRoot().resolve("unified");
        if (Files.isDirectory(unified) && !Files.exists(cgroupRoot().resolve("cgroup.controllers"))) {
            return unified;
        }
        return cgroupRoot();
    }

    private Path v2Dir(String cgroup) {
        return v2Root(cgroup).resolve(relative(cgroup));
    }

    private static String cgroupName(Path root, Path dir) {
        String rel = root.relativize(dir).toString();
        return "/" + rel;
    }

    private static String relative(String cgroup) {
        String r = cgroup;
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        return r;
    }

    /** A path outside the reader's cgroup namespace ({@code /../..}), or one that would leave the cgroup tree. */
    private static boolean escapes(String cgroup) {
        if (cgroup == null) {
            return false;
        }
        for (String part : cgroup.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static String text(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            return BoundedRead.text(file);
        } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
