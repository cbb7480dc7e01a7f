package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.host.HostFiles;
import dev.brokertuner.agent.host.BoundedRead;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds Kafka broker JVMs on this host by reading {@code <procfs>/*}{@code /cmdline}, and reads the chosen one's
 * {@code status}, {@code limits}, {@code fd/} and {@code maps}. The owner's name comes from {@code etc/passwd} beside
 * the procfs root ({@code /etc/passwd} for {@code /proc}). Never throws: what cannot be read is a {@link Problem}.
 */
public final class BrokerDiscovery {
    /**
     * How long a count of the broker's map areas is reused (issue 15): listing {@code maps} costs the kernel about
     * 2 us per area (8 ms at 2,000 partitions, 4,400 areas), so it is counted again only when this old, when the
     * broker's open files changed by more than {@link #MAPS_RECOUNT_FDS} since (new segments: each holds its
     * {@code .log} open and maps its indexes), or for another pid. A count is at most this stale.
     */
    static final java.time.Duration MAPS_MAX_AGE = java.time.Duration.ofMinutes(5);
    /** The change in open files, as a share of those counted with the map areas, that counts them again. */
    static final double MAPS_RECOUNT_FDS = 0.02;

    private final HostPaths paths;
    private final java.util.function.LongSupplier nanoTime;
    /** The last map-area count: for which pid, with how many open files, when. */
    private MapsCount lastMaps;
    /** Map-area counts read (for tests). */
    private int mapsReads;

    private record MapsCount(long pid, long maps, long openFiles, long atNanos) {
    }

    public BrokerDiscovery(HostPaths paths) {
        this(paths, System::nanoTime);
    }

    /** As above, with the clock that ages a map-area count (for tests). */
    BrokerDiscovery(HostPaths paths, java.util.function.LongSupplier nanoTime) {
        this.paths = paths;
        this.nanoTime = nanoTime;
    }

    /** Every process running a Kafka broker main class, by pid. */
    public List<KafkaCommandLine> scan() {
        List<KafkaCommandLine> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(paths.procfs(), p -> isPid(p.getFileName()))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                try {
                    byte[] raw = BoundedRead.bytes(dir.resolve("cmdline"), HostFiles.MAX_BYTES);
                    KafkaCommandLine.parse(pid, new String(raw, StandardCharsets.UTF_8)).ifPresent(found::add);
                } catch (IOException | SecurityException e) {
                    // a process that exited or hides its cmdline: not ours to judge
                }
            }
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        found.sort(Comparator.comparingLong(KafkaCommandLine::pid));
        return found;
    }

    private static boolean isPid(Path name) {
        String s = name.toString();
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Picks the broker among candidates: the one whose properties file or JMX port matches what the operator gave,
     * else the only one, else the lowest pid (with a problem naming the others).
     */
    public static Gathered<Optional<KafkaCommandLine>> choose(List<KafkaCommandLine> candidates,
                                                             Path serverProperties, Integer jmxPort) {
        if (candidates.isEmpty()) {
            return new Gathered<>(Optional.empty(), List.of());
        }
        for (KafkaCommandLine c : candidates) {
            if (serverProperties != null && c.serverProperties() != null
                    && samePath(Path.of(c.serverProperties()), serverProperties)) {
                return new Gathered<>(Optional.of(c), List.of());
            }
            if (jmxPort != null && jmxPort.equals(c.jmxPort())) {
                return new Gathered<>(Optional.of(c), List.of());
            }
        }
        if (serverProperties != null || jmxPort != null) {
            // the operator named another broker (e.g. remote JMX): do not attribute a local process to it
            return new Gathered<>(Optional.empty(), List.of());
        }
        KafkaCommandLine first = candidates.get(0);
        if (candidates.size() == 1) {
            return new Gathered<>(Optional.of(first), List.of());
        }
        List<String> pids = candidates.stream().map(c -> String.valueOf(c.pid())).toList();
        return new Gathered<>(Optional.of(first), List.of(new Problem("broker:discovery", candidates.size()
                + " Kafka brokers run on this host (pids " + String.join(", ", pids) + "); reading pid " + first.pid()
                + ". Choose one with --server-properties or --jmx.")));
    }

    private static boolean samePath(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /**
     * The process facts of a broker JVM: owner, heap, open-files limit, open files, map areas in use, and the CPUs it
     * can run on ({@link CpuLimits}).
     */
    public Gathered<BrokerProcess> process(KafkaCommandLine cmd) {
        Gathered<Discovered> d = discovered(cmd);
        return new Gathered<>(d.value().process(), d.problems());
    }

    /**
     * A broker process, the CPU numbers it may run on (its cpuset and affinity; empty when unknown), for measuring
     * how busy those CPUs are, and its cgroup's {@code cpu.stat} (null when none), for throttling.
     */
    public record Discovered(BrokerProcess process, java.util.Set<Integer> cpus, Path cpuStat) {
        public Discovered {
            cpus = java.util.Set.copyOf(cpus);
        }
    }

    /** As {@link #process}, with the CPU numbers the broker may run on. */
    public Gathered<Discovered> discovered(KafkaCommandLine cmd) {
        List<Problem> problems = new ArrayList<>();
        String pid = String.valueOf(cmd.pid());
        String user = null;
        Optional<String> status = read(pid + "/status", problems);
        OptionalLong uid = status.map(ProcFiles::uid).orElse(OptionalLong.empty());
        if (uid.isPresent()) {
            user = String.valueOf(uid.getAsLong());
            Path passwd = passwdFile();
            if (passwd != null && Files.isReadable(passwd)) {
                try {
                    user = ProcFiles.userName(BoundedRead.text(passwd), uid.getAsLong())
                            .orElse(user);
                } catch (IOException | SecurityException ignored) {
                    // the uid stands in for the name
                }
            }
        }
        Long limit = read(pid + "/limits", problems).map(ProcFiles::maxOpenFiles)
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).orElse(null);
        Long fds = countFds(pid, problems);
        Long maps = maps(cmd.pid(), fds, problems);
        Long swap = status.map(ProcFiles::vmSwapBytes).filter(OptionalLong::isPresent).map(OptionalLong::getAsLong)
                .orElse(null);
        Gathered<CpuLimits.Effective> cpus = new CpuLimits(paths).read(cmd.pid(), status.orElse(null));
        problems.addAll(cpus.problems());
        CpuLimits.Effective e = cpus.value();
        return new Gathered<>(new Discovered(new BrokerProcess(cmd.pid(), user, cmd.heapMaxBytes(), limit, fds, maps,
                swap, e.cpus(), e.source(), null), e.allowed(), e.cpuStat()), problems);
    }

    private Path passwdFile() {
        Path parent = paths.procfs().toAbsolutePath().getParent();
        return parent == null ? null : parent.resolve("etc").resolve("passwd");
    }

    /** Map areas in use: counted again or reused, see {@link #MAPS_MAX_AGE}. */
    private synchronized Long maps(long pid, Long openFiles, List<Problem> problems) {
        long now = nanoTime.getAsLong();
        MapsCount last = lastMaps;
        if (last != null && openFiles != null && last.pid() == pid && now - last.atNanos() <= MAPS_MAX_AGE.toNanos()
                && Math.abs(openFiles - last.openFiles()) <= Math.max(1, last.openFiles() * MAPS_RECOUNT_FDS)) {
            return last.maps();
        }
        Long maps = countLines(pid + "/maps", problems);
        mapsReads++;
        lastMaps = maps == null || openFiles == null ? null : new MapsCount(pid, maps, openFiles, now);
        return maps;
    }

    /** Map-area counts read so far (package-private for tests). */
    synchronized int mapsReads() {
        return mapsReads;
    }

    /** Non-empty lines of a file under the procfs root, read in 64 KiB pieces (never whole); null when unreadable. */
    private Long countLines(String relative, List<Problem> problems) {
        Path file = paths.proc(relative);
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new IOException(file + " is not a regular file (a FIFO, device or directory is not read)");
            }
            ProcFiles.LineCounter lines = new ProcFiles.LineCounter();
            byte[] chunk = new byte[64 << 10];
            try (java.io.InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    lines.add(chunk, n);
                }
            }
            return lines.lines();
        } catch (IOException | SecurityException e) {
            problems.add(unreadable(relative, e));
        }
        return null;
    }

    /**
     * True when the procfs root is a mounted procfs (not a captured tree): only there does a {@code fd/} directory's
     * size mean something. Asked once.
     */
    private synchronized boolean mountedProcfs() {
        if (mountedProcfs == null) {
            try {
                mountedProcfs = "proc".equals(Files.getFileStore(paths.procfs()).type());
            } catch (IOException | RuntimeException e) {
                mountedProcfs = false;
            }
        }
        return mountedProcfs;
    }

    private Boolean mountedProcfs;

    /**
     * Open files of the broker. On a mounted procfs of Linux 6.2 or later the size of {@code <procfs>/PID/fd} is the
     * number of open files, one {@code stat} instead of listing 10,000+ entries (9 ms at 10,000 partitions); the
     * listing is the fallback (older kernels report 0, a captured tree reports its own directory size) and the only
     * way where the directory cannot be listed, so that is still said.
     */
    private Long countFds(String pid, List<Problem> problems) {
        Path dir = paths.proc(pid + "/fd");
        if (mountedProcfs() && Files.isReadable(dir)) {
            try {
                long size = Files.size(dir);
                if (size > 0) {
                    return size;
                }
            } catch (IOException | SecurityException e) {
                // listed below, which says why it cannot be
            }
        }
        long n = 0;
        // a directory stream counted as it goes: no stream pipeline, no list of 20,000 paths kept
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path ignored : s) {
                n++;
            }
            return n;
        } catch (AccessDeniedException | SecurityException e) {
            problems.add(new Problem(HostPaths.procSource(pid + "/fd"), "not permitted to list the broker's open "
                    + "files (run the agent as the broker's user or root); open-files use unknown"));
        } catch (IOException e) {
            problems.add(new Problem(HostPaths.procSource(pid + "/fd"), "cannot list: " + describe(e)));
        }
        return null;
    }

    private Optional<String> read(String relative, List<Problem> problems) {
        Path file = paths.proc(relative);
        try {
            return Optional.of(BoundedRead.text(file));
        } catch (IOException | SecurityException e) {
            problems.add(unreadable(relative, e));
        }
        return Optional.empty();
    }

    /** Why {@code <procfs>/relative} could not be read: not permitted (told how to fix), or the error. */
    private static Problem unreadable(String relative, Exception e) {
        boolean notPermitted = e instanceof AccessDeniedException || e instanceof SecurityException
                || (e instanceof IOException io && denied(io));
        return new Problem(HostPaths.procSource(relative), notPermitted
                ? "not permitted to read it (run the agent as the broker's user or root)"
                : "cannot read: " + describe((IOException) e));
    }

    /** procfs answers EACCES at read time for another user's {@code maps}: a plain IOException. */
    private static boolean denied(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Permission denied");
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file (did the broker exit?)" : e.toString();
    }
}
