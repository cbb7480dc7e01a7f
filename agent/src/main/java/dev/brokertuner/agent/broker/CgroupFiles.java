package dev.brokertuner.agent.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Parsers for the files that limit the CPUs a process may use: {@code <procfs>/PID/cgroup} (which cgroup it is in),
 * cgroup v2 {@code cpu.max} and {@code cpuset.cpus.effective}, cgroup v1 {@code cpu.cfs_quota_us} /
 * {@code cpu.cfs_period_us} and {@code cpuset.effective_cpus}, and the {@code Cpus_allowed_list} line of
 * {@code <procfs>/PID/status}. All take text; reading is in {@link CpuLimits}.
 */
public final class CgroupFiles {
    private CgroupFiles() {
    }

    /**
     * Where a process sits: its cgroup v2 path ({@code 0::/path}), and its v1 path per controller list
     * ({@code cpu,cpuacct} to {@code /path}).
     *
     * @param v2 the unified hierarchy's path, null when the process is in none (pure v1)
     * @param v1 v1 paths by the controller list as written in the file (e.g. {@code cpu,cpuacct}, {@code cpuset})
     */
    public record Membership(String v2, Map<String, String> v1) {
        public Membership {
            v1 = Map.copyOf(v1);
        }

        /** The v1 path of the hierarchy that holds {@code controller}, with that hierarchy's directory name. */
        public Optional<Map.Entry<String, String>> v1(String controller) {
            return v1.entrySet().stream()
                    .filter(e -> java.util.Arrays.asList(e.getKey().split(",")).contains(controller))
                    .findFirst();
        }
    }

    /** Parses {@code <procfs>/PID/cgroup}: {@code hierarchy-id:controllers:path} per line. */
    public static Membership membership(String cgroup) {
        String v2 = null;
        Map<String, String> v1 = new LinkedHashMap<>();
        for (String line : cgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3 || f[2].isEmpty()) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2 = f[2].strip();
            } else if (!f[1].isEmpty()) {
                v1.put(f[1], f[2].strip());
            }
        }
        return new Membership(v2, v1);
    }

    /**
     * CPUs' worth of quota in cgroup v2 {@code cpu.max} ({@code $MAX $PERIOD}: {@code 400000 100000} is 4); empty for
     * {@code max} (no limit) or malformed text.
     */
    public static OptionalDouble cpuMax(String cpuMax) {
        String[] f = cpuMax.strip().split("\\s+");
        if (f.length < 1 || f[0].equals("max")) {
            return OptionalDouble.empty();
        }
        long period = f.length > 1 ? parse(f[1]) : 100_000;
        return quota(parse(f[0]), period);
    }

    /** CPUs' worth of a cgroup v1 quota; empty for {@code -1} (no limit) or malformed values. */
    public static OptionalDouble cfsQuota(String quotaUs, String periodUs) {
        return quota(parse(quotaUs.strip()), parse(periodUs.strip()));
    }

    private static OptionalDouble quota(long quota, long period) {
        if (quota <= 0 || period <= 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((double) quota / period);
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * How many CPUs a kernel CPU list names ({@code 0-3,8,10-11} is 7); empty for an empty or malformed list (an
     * empty {@code cpuset.cpus.effective} of a cgroup without the cpuset controller means "not restricted here").
     */
    public static OptionalInt cpuCount(String list) {
        TreeSet<Integer> cpus = cpus(list);
        return cpus == null || cpus.isEmpty() ? OptionalInt.empty() : OptionalInt.of(cpus.size());
    }

    /** The CPUs a kernel CPU list names, null when malformed. */
    public static TreeSet<Integer> cpus(String list) {
        TreeSet<Integer> cpus = new TreeSet<>();
        String s = list.strip();
        if (s.isEmpty()) {
            return cpus;
        }
        for (String part : s.split(",")) {
            String[] range = part.strip().split("-", 2);
            try {
                int from = Integer.parseInt(range[0].strip());
                int to = range.length == 2 ? Integer.parseInt(range[1].strip()) : from;
                if (from < 0 || to < from || to - from > 65_536) {
                    return null;
                }
                for (int c = from; c <= to; c++) {
                    cpus.add(c);
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return cpus;
    }

    /** The {@code Cpus_allowed_list} value of {@code <procfs>/PID/status}. */
    public static Optional<String> cpusAllowedList(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return Optional.of(line.substring("Cpus_allowed_list:".length()).strip());
            }
        }
        return Optional.empty();
    }

    /**
     * The throttling counters of cgroup v2 {@code cpu.stat}: {@code nr_periods} (enforcement periods with the group
     * runnable) and {@code nr_throttled} (periods it ran out of quota); empty without a quota (no such lines).
     */
    public static Optional<long[]> throttling(String cpuStat) {
        long periods = -1;
        long throttled = -1;
        for (String line : cpuStat.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2 && f[0].equals("nr_periods")) {
                periods = parse(f[1]);
            } else if (f.length == 2 && f[0].equals("nr_throttled")) {
                throttled = parse(f[1]);
            }
        }
        return periods < 0 || throttled < 0 ? Optional.empty() : Optional.of(new long[] {periods, throttled});
    }
}
