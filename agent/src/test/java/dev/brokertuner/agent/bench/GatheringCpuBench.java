package dev.brokertuner.agent.bench;

import dev.brokertuner.agent.broker.BrokerDiscovery;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.KafkaCommandLine;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.agent.host.LinuxHostGatherer;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.testkit.KraftBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Agent CPU per gathering, broker side on (not a test): one real KRaft broker with {@code P} partitions over
 * {@code T} topics under a light produce load, then the real {@link Inspection} (host facts, the whole broker side
 * with its workload reads, the rules, 12 earlier gatherings kept) run {@code N} times as the daemon runs it, plus the
 * report's JSON. Run it in the packaged agent's JVM options (C1, serial GC, 64 MB heap) to see the daemon's cost.
 *
 * <p>Prints: CPU ms per gathering for the whole agent (every thread but the harness's load threads), per thread
 * group (user and system apart, from {@code /proc/self/task/*}{@code /stat}), then the parts timed apart with thread
 * CPU time on one thread (process scan, the broker's process facts, the {@code fd/} count, {@code maps}, the rules,
 * the JSON), and the broker JVM's CPU over the measured gatherings (its steady load included, so only the difference
 * between two runs of the same setup is the agent's doing).
 *
 * <p>Arguments: {@code [partitions:topics, default 2000:40] [gatherings, default 20] [window s, default 1]
 * [pause s between gatherings, default 1] [logDirs s, default the daemon's 120]}: the last is
 * {@code broker.logDirsSeconds}, the least time between two {@code describeLogDirs} calls; 0 calls it every gathering,
 * a period longer than the run only on the first (warm-up) gathering, so the two bound the AdminClient's cost with and
 * without the call. The run prints how many measured gatherings called it.
 */
public final class GatheringCpuBench {
    private GatheringCpuBench() {
    }

    private static final long TICK_MS = 10; // USER_HZ 100 on Linux

    public static void main(String[] args) throws Exception {
        String[] pt = (args.length > 0 ? args[0] : "2000:40").split(":");
        int partitions = Integer.parseInt(pt[0]);
        int topicCount = Integer.parseInt(pt[1]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int pause = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Integer logDirsSeconds = args.length > 4 ? Integer.valueOf(args[4]) : null;
        try (KraftBroker broker = KraftBroker.builder().heap("-Xmx1g").property("num.partitions", "1")
                .property("auto.create.topics.enable", "false").start()) {
            List<String> names = createTopics(broker, partitions, topicCount);
            // the load in its own JVM, so that its CPU, threads and garbage are not the agent's
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    Load.class.getName(), broker.bootstrap()));
            command.addAll(names.subList(0, Math.min(5, names.size())));
            Process load = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(5000);
            try {
            BrokerOptions options = new BrokerOptions();
            options.jmx = "127.0.0.1:" + broker.jmxPort();
            options.bootstrapServer = broker.bootstrap();
            options.serverProperties = broker.serverProperties();
            if (logDirsSeconds != null) {
                options.logDirsSeconds = logDirsSeconds;
            }
            HostPaths paths = new HostPaths(Path.of("/proc"), Path.of("/sys"));
            ReportJson json = new ReportJson();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Map<String, long[]> timed = new java.util.concurrent.ConcurrentHashMap<>();
            try (LocalBrokerGatherer real = new LocalBrokerGatherer(paths, options)) {
                TimedBroker g = new TimedBroker(real, timed);
                Inspection inspection = new Inspection(new TimedHost(new LinuxHostGatherer(paths), timed), g,
                        new RuleEngine(RuleCatalog.builtIn().rules()), Clock.systemUTC(), "bench", 12);
                Report last = null;
                for (int i = 0; i < 3; i++) {
                    last = inspection.run(List.of(), window, null, Map.of());
                    json.write(last);
                }
                if (!last.broker().ok()) {
                    throw new IllegalStateException("broker not read: " + last.broker().reason());
                }
                System.err.println("problems: " + last.problems());
                Map<Long, long[]> t0 = tasks();
                Map<Long, String> names0 = taskNames();
                // threads the gatherer starts per gathering end before the run does: a sampler keeps their last ticks
                Map<Long, long[]> seen = new java.util.concurrent.ConcurrentHashMap<>(t0);
                Map<Long, String> seenNames = new java.util.concurrent.ConcurrentHashMap<>(names0);
                AtomicBoolean sampling = new AtomicBoolean(true);
                Thread sampler = new Thread(() -> {
                    while (sampling.get()) {
                        try {
                            seenNames.putAll(taskNames());
                            seen.putAll(tasks());
                            Thread.sleep(250);
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                }, "bench-sampler");
                sampler.setDaemon(true);
                sampler.start();
                timed.clear();
                int logDirsCalls0 = logDirsSeconds == null ? 0 : real.logDirsCalls();
                long mainCpu = 0;
                System.out.println("measured from " + java.time.Instant.now());
                long cpu0 = os.getProcessCpuTime();
                long broker0 = processTicks(broker.pid());
                long wall = 0;
                long jsonCpu = 0;
                for (int i = 0; i < n; i++) {
                    long w = System.nanoTime();
                    long m = threads.getCurrentThreadCpuTime();
                    last = inspection.run(List.of(), window, null, Map.of());
                    mainCpu += threads.getCurrentThreadCpuTime() - m;
                    wall += System.nanoTime() - w;
                    long c = threads.getCurrentThreadCpuTime();
                    json.write(last);
                    jsonCpu += threads.getCurrentThreadCpuTime() - c;
                    Thread.sleep(pause * 1000L);
                }
                long cpu1 = os.getProcessCpuTime();
                long broker1 = processTicks(broker.pid());
                System.out.println("measured to " + java.time.Instant.now());
                sampling.set(false);
                sampler.join();
                seen.putAll(tasks());
                seenNames.putAll(taskNames());
                Map<Long, long[]> t1 = seen;
                names0.putAll(seenNames);
                // per thread group: user and system ticks over the run
                Map<String, long[]> groups = new TreeMap<>();
                long loadTicks = 0;
                for (Map.Entry<Long, long[]> e : t1.entrySet()) {
                    long[] before = t0.getOrDefault(e.getKey(), new long[2]);
                    long u = e.getValue()[0] - before[0];
                    long s = e.getValue()[1] - before[1];
                    String name = group(names0.getOrDefault(e.getKey(), "?"));
                    if (name.startsWith("bench-") || name.startsWith("kafka-producer")) {
                        loadTicks += u + s;
                        continue;
                    }
                    long[] sum = groups.computeIfAbsent(name, k -> new long[2]);
                    sum[0] += u;
                    sum[1] += s;
                }
                double agentMs = (cpu1 - cpu0) / 1e6 - loadTicks * TICK_MS;
                System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
                System.out.printf("%n%,d partitions over %,d topics, %d gatherings, %d s window, %d s pause; "
                                + "findings %d, problems %d%n", partitions, topicCount, n, window, pause,
                        last.findings().size(), last.problems().size());
                System.out.printf("| measure | ms per gathering |%n|---|---:|%n");
                System.out.printf("| agent CPU (process less the harness's load and sampler threads) | %.1f |%n", agentMs / n);
                if (logDirsSeconds != null) {
                    System.out.printf("| describeLogDirs calls in the measured gatherings (broker.logDirsSeconds %d) "
                            + "| %d of %d |%n", logDirsSeconds, real.logDirsCalls() - logDirsCalls0, n);
                }
                System.out.printf("| wall time of a gathering (includes the window) | %.0f |%n", wall / 1e6 / n);
                System.out.printf("| broker JVM CPU (its steady load and the pauses included: compare runs) "
                        + "| %.1f |%n", (broker1 - broker0) * TICK_MS / (double) n);
                System.out.printf("| JSON of the report (main thread CPU) | %.2f |%n", jsonCpu / 1e6 / n);
                System.out.printf("%n| thread group | user ms/gathering | system ms/gathering |%n|---|---:|---:|%n");
                groups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1],
                        a.getValue()[0] + a.getValue()[1])).forEach(e -> System.out.printf("| %s | %.1f | %.1f |%n",
                        e.getKey(), e.getValue()[0] * TICK_MS / (double) n, e.getValue()[1] * TICK_MS / (double) n));
                System.out.printf("%n| call (thread CPU of the calling thread) | ms per gathering |%n|---|---:|%n");
                long inMain = 0;
                for (Map.Entry<String, long[]> e : new TreeMap<>(timed).entrySet()) {
                    System.out.printf("| %s | %.2f |%n", e.getKey(), e.getValue()[0] / 1e6 / n);
                    inMain += e.getKey().startsWith("broker.gather") ? 0 : e.getValue()[0];
                }
                System.out.printf("| main thread in all (Inspection.run) | %.2f |%n", mainCpu / 1e6 / n);
                System.out.printf("| main thread less the calls above (rules, report) | %.2f |%n",
                        (mainCpu - inMain) / 1e6 / n);
                parts(paths, broker.pid(), inspection, n, threads);
            }
            } finally {
                load.destroy();
                load.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The steady produce load, in its own JVM: 1 KiB records, 50 every 10 ms, over the topics named. */
    public static final class Load {
        private Load() {
        }

        public static void main(String[] args) {
            SteadyLoad.produce(args[0], List.of(args).subList(1, args.length), 50, new AtomicBoolean(true));
        }
    }

    private static void add(Map<String, long[]> timed, String what, long cpuNanos) {
        timed.computeIfAbsent(what, k -> new long[1])[0] += cpuNanos;
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The host side, each call's thread CPU added up. */
    private record TimedHost(dev.brokertuner.agent.gather.HostGatherer host, Map<String, long[]> timed)
            implements dev.brokertuner.agent.gather.HostGatherer {
        @Override
        public dev.brokertuner.agent.gather.Gathered<dev.brokertuner.report.HostFacts> gather(List<String> dirs,
                                                                                              int seconds) {
            long c = cpu();
            var r = host.gather(dirs, seconds);
            add(timed, "host.gather", cpu() - c);
            return r;
        }

        @Override
        public dev.brokertuner.agent.gather.Gathered<dev.brokertuner.report.HostFacts> gather(List<String> dirs,
                java.util.OptionalLong pid, int seconds) {
            long c = cpu();
            var r = host.gather(dirs, pid, seconds);
            add(timed, "host.gather", cpu() - c);
            return r;
        }

        @Override
        public dev.brokertuner.agent.gather.Gathered<dev.brokertuner.report.HostFacts> placeListeners(
                dev.brokertuner.report.HostFacts facts, dev.brokertuner.agent.gather.BrokerEndpoints endpoints) {
            long c = cpu();
            var r = host.placeListeners(facts, endpoints);
            add(timed, "host.placeListeners", cpu() - c);
            return r;
        }
    }

    /** The broker side, each call's thread CPU added up (not that of the threads it starts). */
    private record TimedBroker(LocalBrokerGatherer broker, Map<String, long[]> timed)
            implements dev.brokertuner.agent.gather.BrokerGatherer {
        @Override
        public List<String> logDirs() {
            long c = cpu();
            var r = broker.logDirs();
            add(timed, "broker.logDirs", cpu() - c);
            return r;
        }

        @Override
        public java.util.OptionalLong pid() {
            long c = cpu();
            var r = broker.pid();
            add(timed, "broker.pid", cpu() - c);
            return r;
        }

        @Override
        public dev.brokertuner.agent.gather.Gathered<dev.brokertuner.report.BrokerFacts> gather(int seconds) {
            long c = cpu();
            var r = broker.gather(seconds);
            add(timed, "broker.gather (its own thread, not the JMX and admin threads)", cpu() - c);
            return r;
        }

        @Override
        public dev.brokertuner.agent.gather.Gathered<dev.brokertuner.report.BrokerFacts> withHostFacts(
                dev.brokertuner.agent.gather.Gathered<dev.brokertuner.report.BrokerFacts> b,
                dev.brokertuner.report.HostFacts host) {
            long c = cpu();
            var r = broker.withHostFacts(b, host);
            add(timed, "broker.withHostFacts (batch-header sampling)", cpu() - c);
            return r;
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    /** The parts timed apart on this thread (thread CPU, user + system), each run {@code n} times. */
    private static void parts(HostPaths paths, long pid, Inspection inspection, int n, ThreadMXBean threads)
            throws Exception {
        BrokerDiscovery discovery = new BrokerDiscovery(paths);
        KafkaCommandLine cmd = discovery.scan().stream().filter(c -> c.pid() == pid).findFirst().orElseThrow();
        Map<String, Runnable> parts = new java.util.LinkedHashMap<>();
        parts.put("process scan (every /proc/PID/cmdline)", discovery::scan);
        parts.put("broker process facts (status, limits, fd/, maps, cpus)", () -> discovery.discovered(cmd));
        parts.put("count /proc/PID/fd", () -> {
            try (var s = Files.list(paths.proc(pid + "/fd"))) {
                s.count();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        parts.put("read /proc/PID/maps", () -> {
            try {
                dev.brokertuner.agent.host.BoundedRead.text(paths.proc(pid + "/maps"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf("%n| part (main thread, apart) | CPU ms per call |%n|---|---:|%n");
        for (Map.Entry<String, Runnable> p : parts.entrySet()) {
            p.getValue().run();
            long c = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                p.getValue().run();
            }
            System.out.printf("| %s | %.2f |%n", p.getKey(), (threads.getCurrentThreadCpuTime() - c) / 1e6 / n);
        }
        long fds;
        try (var s = Files.list(paths.proc(pid + "/fd"))) {
            fds = s.count();
        }
        long maps = Files.readAllLines(paths.proc(pid + "/maps")).size();
        System.out.printf("%nbroker: %,d open files, %,d map areas%n", fds, maps);
    }

    /** Thread groups: the name without digits (pool threads add up). */
    private static String group(String comm) {
        return comm.replaceAll("[0-9]+", "N");
    }

    private static Map<Long, String> taskNames() throws IOException {
        Map<Long, String> names = new HashMap<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : d) {
                try {
                    names.put(Long.parseLong(t.getFileName().toString()), Files.readString(t.resolve("comm")).trim());
                } catch (IOException e) {
                    // ended
                }
            }
        }
        return names;
    }

    /** utime + stime ticks of a process ({@code /proc/PID/stat}). */
    private static long processTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** utime and stime ticks of every thread of this process, by tid. */
    private static Map<Long, long[]> tasks() throws IOException {
        Map<Long, long[]> out = new HashMap<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : d) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(Long.parseLong(t.getFileName().toString()),
                            new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])});
                } catch (IOException e) {
                    // ended
                }
            }
        }
        return out;
    }

    private static List<String> createTopics(KraftBroker broker, int partitions, int topicCount) throws Exception {
        List<String> names = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     broker.bootstrap(), "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<NewTopic> topics = new ArrayList<>();
            int left = partitions;
            for (int t = 0; t < topicCount; t++) {
                int p = left / (topicCount - t);
                left -= p;
                names.add("bench-" + t);
                topics.add(new NewTopic("bench-" + t, Math.max(1, p), (short) 1));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < topics.size(); i += 20) {
                admin.createTopics(topics.subList(i, Math.min(topics.size(), i + 20))).all().get(120, TimeUnit.SECONDS);
            }
            for (String name : names) {
                producer.send(new ProducerRecord<>(name, new byte[100]));
            }
            producer.flush();
            System.err.printf("%,d partitions over %,d topics in %.1f s%n", partitions, topicCount,
                    (System.nanoTime() - t0) / 1e9);
        }
        return names;
    }
}
