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
import java.util.stream.Stream;

/**
 * Finds Kafka broker JVMs on this host by reading {@code <procfs>/*}{@code /cmdline}, and reads the chosen one's
 * {@code status}, {@code limits}, {@code fd/} and {@code maps}. The owner's name comes from {@code etc/passwd} beside
 * the procfs root ({@code /etc/passwd} for {@code /proc}). Never throws: what cannot be read is a {@link Problem}.
 */
public final class BrokerDiscovery {
    private final HostPaths paths;

    public BrokerDiscovery(HostPaths paths) {
        this.paths = paths;
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
        Long maps = read(pid + "/maps", problems).map(ProcFiles::lineCount).orElse(null);
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

    private Long countFds(String pid, List<Problem> problems) {
        Path dir = paths.proc(pid + "/fd");
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
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
        } catch (AccessDeniedException | SecurityException e) {
            problems.add(new Problem(HostPaths.procSource(relative), "not permitted to read it (run the agent as "
                    + "the broker's user or root)"));
        } catch (IOException e) {
            problems.add(new Problem(HostPaths.procSource(relative), denied(e) ? "not permitted to read it (run the "
                    + "agent as the broker's user or root)" : "cannot read: " + describe(e)));
        }
        return Optional.empty();
    }

    /** procfs answers EACCES at read time for another user's {@code maps}: a plain IOException. */
    private static boolean denied(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Permission denied");
    }

    private static String describe(IOException e) {
        return e instanceof NoSuchFileException ? "no such file (did the broker exit?)" : e.toString();
    }
}
