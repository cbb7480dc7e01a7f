package dev.brokertuner.agent.broker.bench;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.broker.JmxBrokerReader;
import dev.brokertuner.agent.broker.JmxReading;
import dev.brokertuner.agent.broker.JmxSession;
import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.agent.workload.ProducerWorkload;
import dev.brokertuner.agent.workload.TopicMeters;
import dev.brokertuner.agent.workload.WorkloadBeans;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.testkit.KraftBroker;
import dev.brokertuner.agent.workload.MeterCadence;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark harness (not a test): the cost of the agent's fixed-table JMX read against a jmx_exporter-style full
 * scrape ({@code queryNames(null)}, then {@code getMBeanInfo} and {@code getAttributes} of every readable attribute of
 * every bean) on one real KRaft broker holding about 10, 1,000 and 5,000 partitions (topics of 50 partitions, one
 * record produced to each so the per-topic beans exist). Prints a Markdown table for docs/performance.md.
 *
 * <p>Per row: wall time per read (median and 99th percentile over the runs; with the default 10 scrape runs the
 * p99 is the maximum), the agent JVM's CPU per read (process CPU time
 * delta / runs: includes the RMI threads), the broker JVM's CPU per read (its {@code ProcessCpuTime} delta over the
 * runs minus the same duration idle, / runs), and beans and attributes read.
 *
 * <p>Also the daemon's whole JMX read over one window ({@link #daemon}), the workload reads included, sequential as
 * before issue 15 and with the gatherer's {@link JmxBatch} (beans side by side, queried names kept), measured from
 * the second read on.
 *
 * <p>Since issue 15 also the daemon's path with the window starts carried over from the previous gathering
 * ({@link #carried}), calls per window counted by the {@link JmxBatch}, and with a fourth argument the agent's whole
 * gathering ({@link #gatherings}: host facts, the whole broker side, the rules) against the same broker.
 *
 * <p>Run: see docs/performance.md, section "Broker JMX read". Arguments: {@code [fixedRuns] [scrapeRuns]
 * [steps, e.g. 10,2000,5000 or 10000:1000 for 10,000 partitions over 1,000 topics] [gatherings]}; 0 scrape runs
 * skips the full scrape, 0 gatherings (the default) the whole gathering.
 */
public final class JmxReadBench {
    private JmxReadBench() {
    }

    private record Result(String what, int partitions, int beans, long attributes, double firstMs, double medianMs,
                          double p99Ms, double agentCpuMs, double brokerCpuMs, double calls, double firstReadMs,
                          int topics) {
        Result(String what, int partitions, int beans, long attributes, double firstMs, double medianMs,
               double p99Ms, double agentCpuMs, double brokerCpuMs) {
            this(what, partitions, beans, attributes, firstMs, medianMs, p99Ms, agentCpuMs, brokerCpuMs, Double.NaN,
                    Double.NaN, 0);
        }

        Result with(double calls, double firstReadMs) {
            return new Result(what, partitions, beans, attributes, firstMs, medianMs, p99Ms, agentCpuMs, brokerCpuMs,
                    calls, firstReadMs, topics);
        }

        Result topics(int topics) {
            return new Result(what, partitions, beans, attributes, firstMs, medianMs, p99Ms, agentCpuMs, brokerCpuMs,
                    calls, firstReadMs, topics);
        }
    }

    /** One step: the partitions to reach and, optionally, the topics they are spread over (else 50 per topic). */
    private record Step(int partitions, int topics) {
        static Step parse(String text) {
            String[] p = text.split(":");
            return new Step(Integer.parseInt(p[0].trim()), p.length > 1 ? Integer.parseInt(p[1].trim()) : 0);
        }
    }

    /** Topics whose per-topic meters the daemon reads (ProducerWorkload's default K). */
    static final int TOP_TOPICS = dev.brokertuner.agent.workload.ProducerWorkload.DEFAULT_TOP_TOPICS;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("idle")) {
            JmxIdleBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("beans")) {
            JmxBeanCostBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int fixedRuns = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int scrapeRuns = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Step> targets = args.length > 2 ? Arrays.stream(args[2].split(",")).map(Step::parse).toList()
                : List.of(new Step(10, 0), new Step(2_000, 0), new Step(5_000, 0));
        int gatherings = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        List<Result> results = new ArrayList<>();
        try (JmxBenchBroker bench = JmxBenchBroker.start()) {
            KraftBroker broker = bench.broker();
            Admin admin = bench.admin();
            JmxSession session = bench.session();
            KafkaProducer<byte[], byte[]> producer = bench.producer();
            JmxBrokerReader reader = new JmxBrokerReader(session, Set.of("CONTROLLER"), true, System::nanoTime,
                    Thread::sleep);
            MBeanServerConnection c = session.connection();
            int partitions = 0;
            int topic = 0;
            List<String> allTopics = new ArrayList<>();
            for (Step step : targets) {
                int target = step.partitions();
                List<NewTopic> topics = new ArrayList<>();
                List<String> names = new ArrayList<>();
                while (partitions < target) {
                    int left = step.topics() - topic;
                    int n = step.topics() > 0 && left > 0 ? Math.max(1, (target - partitions) / left)
                            : Math.min(50, target - partitions);
                    String name = "bench-" + topic++;
                    topics.add(new NewTopic(name, n, (short) 1));
                    names.add(name);
                    partitions += n;
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < topics.size(); i += 20) {
                    admin.createTopics(topics.subList(i, Math.min(topics.size(), i + 20))).all()
                            .get(120, TimeUnit.SECONDS);
                }
                for (String name : names) {
                    producer.send(new ProducerRecord<>(name, new byte[100]));
                }
                producer.flush();
                waitForPartitions(c, partitions);
                System.err.printf("%d partitions ready in %.1f s%n", partitions, (System.nanoTime() - t0) / 1e9);
                Thread.sleep(2000);
                allTopics.addAll(names);
                results.add(fixed(reader, c, partitions, fixedRuns));
                List<String> top = allTopics.subList(0, Math.min(TOP_TOPICS, allTopics.size()));
                try (JmxBatch sequential = JmxBatch.sequential(System::nanoTime);
                     JmxBatch pooled = JmxBatch.pooled(System::nanoTime);
                     JmxBatch carried = JmxBatch.pooled(System::nanoTime);
                     JmxBatch table = JmxBatch.pooled(System::nanoTime)) {
                    results.add(daemon("daemon window, sequential (before)", session, sequential, top, c, partitions,
                            fixedRuns));
                    results.add(daemon("daemon window, pooled + kept names", session, pooled, top, c, partitions,
                            fixedRuns));
                    results.add(carried("daemon window, pooled + kept names + carried starts (before the table's)",
                            session, carried, allTopics, c, partitions, fixedRuns, false, Duration.ZERO, 0));
                    results.add(carried("daemon window, pooled + kept names + carried starts + table's start "
                            + "carried, every topic read (before the cadence; = due windows)", session, table,
                            allTopics, c, partitions, fixedRuns, true, Duration.ZERO, 0));
                }
                // issue 15's per-topic cadence: on a clock that moves 30 s per window (the daemon's default
                // interval), so that the carries and the cadence behave as at the daemon's real ratio; and a window
                // with no topic due (back to back in real time, every top topic within its period)
                for (String mode : List.of("notDue", "cadence")) {
                    java.util.concurrent.atomic.AtomicLong virtual = new java.util.concurrent.atomic.AtomicLong();
                    java.util.function.LongSupplier clock = () -> System.nanoTime() + virtual.get();
                    try (JmxBatch batch = JmxBatch.pooled(clock)) {
                        boolean cadence = mode.equals("cadence");
                        results.add(carried(cadence
                                ? "daemon window, per-topic meters when due (now): 30 s interval, "
                                + MeterCadence.DEFAULT_SECONDS + " s period, reads spread (the daemon's average)"
                                : "daemon window, per-topic meters when due (now): a not-due window (every top "
                                + "topic carried)", session, batch, allTopics, c, partitions, fixedRuns, true,
                                Duration.ofSeconds(MeterCadence.DEFAULT_SECONDS), cadence ? 30 : 0, virtual, clock));
                    }
                }
                if (gatherings > 0) {
                    results.add(gatherings("whole gathering (host + broker side + rules), 1 s window", broker, c,
                            partitions, gatherings, true));
                    results.add(gatherings("whole gathering without the broker side (host + rules), 1 s window",
                            broker, c, partitions, gatherings, false));
                }
                if (scrapeRuns > 0) {
                    results.add(scrape(c, partitions, scrapeRuns));
                }
                int topicCount = allTopics.size();
                results.replaceAll(r -> r.partitions() == step.partitions() && r.topics() == 0 ? r.topics(topicCount)
                        : r);
            }
        }
        System.out.printf("load average before the table: %s%n", java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/loadavg")).trim());
        System.out.println("| read | partitions | topics | calls/read | first read ms | reads 2-6 median ms "
                + "| wall median ms | wall p99 ms | agent CPU ms/read | broker CPU ms/read |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf("| %s | %,d | %,d | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", r.what(),
                    r.partitions(), r.topics(), Double.isNaN(r.calls()) ? "" : String.format("%.0f", r.calls()),
                    Double.isNaN(r.firstReadMs()) ? "" : String.format("%.2f", r.firstReadMs()), r.firstMs(),
                    r.medianMs(), r.p99Ms(), r.agentCpuMs(), r.brokerCpuMs());
        }
    }

    private static void waitForPartitions(MBeanServerConnection c, int partitions) throws Exception {
        ObjectName name = new ObjectName("kafka.server:type=ReplicaManager,name=LeaderCount");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            // one partition of __consumer_offsets may exist too
            if (((Number) c.getAttribute(name, "Value")).intValue() >= partitions) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("partitions not led within 5 minutes");
    }

    private static Result fixed(JmxBrokerReader reader, MBeanServerConnection c, int partitions, int runs)
            throws Exception {
        for (int i = 0; i < 300; i++) {
            reader.read(0);
        }
        // the table alone, sequential, after 300 warm-up reads: the figure of the earlier runs
        return measure("fixed table (agent)", partitions, c, runs, () -> {
            JmxReading r = reader.read(0);
            if (!(r instanceof JmxReading.Read)) {
                throw new IllegalStateException(r.toString());
            }
            return new long[] {dev.brokertuner.agent.broker.BrokerBeans.all().size(),
                    dev.brokertuner.agent.broker.BrokerBeans.all().stream().mapToLong(b -> b.attributes().size())
                            .sum()};
        });
    }

    /**
     * What the daemon's JMX read does over one sample window, both ends back to back (a no-op sleep): the top
     * topics' per-topic meter counts, the window-start counters of the table and the workload beans, then the whole
     * table, the processors, the collectors, the workload beans and the group states, then the per-topic counts
     * again. A fresh reader and workload reader per step, as a fresh gatherer; one warm-up (the first gathering),
     * then {@code runs} measured from the second on.
     */
    private static Result daemon(String what, JmxSession session, JmxBatch batch, List<String> top,
                                 MBeanServerConnection c, int partitions, int runs) throws Exception {
        WorkloadBeans workload = new WorkloadBeans(System::nanoTime, batch);
        TopicMeters meters = new TopicMeters(System::nanoTime, batch);
        JmxBrokerReader reader = new JmxBrokerReader(session, Set.of("CONTROLLER"), true, System::nanoTime,
                ms -> { }, workload, batch);
        Read window = () -> {
            TopicMeters.Counts start = meters.counts(c, top);
            JmxReading r = reader.read(1);
            if (!(r instanceof JmxReading.Read read) || read.workload() == null) {
                throw new IllegalStateException(r.toString());
            }
            TopicMeters.rates(start, meters.counts(c, top));
            return new long[] {0, 0};
        };
        long f0 = System.nanoTime();
        window.run();
        double firstMs = (System.nanoTime() - f0) / 1e6;
        long calls0 = batch.calls();
        Result measured = measure(what, partitions, c, runs, window);
        return new Result(what + ", top " + top.size() + " topics", partitions, 0, 0, measured.firstMs(),
                measured.medianMs(), measured.p99Ms(), measured.agentCpuMs(), measured.brokerCpuMs())
                .with((batch.calls() - calls0) / (double) runs, firstMs);
    }

    /**
     * The daemon's own path since issue 15, as {@code LocalBrokerGatherer} runs it: {@link ProducerWorkload#around}
     * (the top topics' per-topic meters, their window start carried over from the previous gathering's end read)
     * around {@link JmxBrokerReader#read} (the table, the processors, the collectors and the workload beans, whose
     * start counters are carried over too), then {@link ProducerWorkload#withMeters} (the ranking for the next
     * window) over facts naming every topic. The first gathering (ranking by {@code busiest}, every start read in
     * the window) is timed apart; the measured reads are the second gathering on.
     */
    private static Result carried(String what, JmxSession session, JmxBatch batch, List<String> topics,
                                  MBeanServerConnection c, int partitions, int runs, boolean table,
                                  Duration topicMeters, int stepSeconds) throws Exception {
        java.util.concurrent.atomic.AtomicLong virtual = new java.util.concurrent.atomic.AtomicLong();
        return carried(what, session, batch, topics, c, partitions, runs, table, topicMeters, stepSeconds, virtual,
                System::nanoTime);
    }

    /**
     * As above, every part on {@code clock} (the batch's too), which {@code virtual} moves on by {@code stepSeconds}
     * before each window (0: windows back to back in real time, so that after the first every top topic is within
     * its period and carried); the per-topic meters read every {@code topicMeters} (zero: every window, as before
     * the cadence). Calls per window are counted per window and their spread printed.
     */
    private static Result carried(String what, JmxSession session, JmxBatch batch, List<String> topics,
                                  MBeanServerConnection c, int partitions, int runs, boolean table,
                                  Duration topicMeters, int stepSeconds, java.util.concurrent.atomic.AtomicLong virtual,
                                  java.util.function.LongSupplier clock) throws Exception {
        WorkloadBeans workload = new WorkloadBeans(clock, batch);
        ProducerWorkload producer = new ProducerWorkload(TOP_TOPICS, 1 << 20, 20, clock, batch, topicMeters);
        JmxBrokerReader reader = new JmxBrokerReader(session, Set.of("CONTROLLER"), true, clock,
                ms -> { }, workload, batch, table ? new dev.brokertuner.agent.workload.CarriedStart<>() : null);
        BrokerFacts facts = Snapshots.hostAndBroker(h -> { }, b -> {
            for (String t : topics) {
                b.topic(t, 100L);
            }
        }).broker();
        int[] carriedTopics = new int[4];
        List<Long> callsPerWindow = new ArrayList<>();
        Read window = () -> {
            virtual.addAndGet(TimeUnit.SECONDS.toNanos(stepSeconds));
            long before = batch.calls();
            long g = producer.begin();
            JmxReading r = producer.around(g, session::connection, 1, () -> reader.read(1));
            if (!(r instanceof JmxReading.Read read) || read.workload() == null) {
                throw new IllegalStateException(r.toString());
            }
            producer.withMeters(facts, null);
            carriedTopics[0] += producer.lastStarts().carried();
            carriedTopics[1] += workload.lastCarried() ? 1 : 0;
            carriedTopics[2] += reader.lastCarried() ? 1 : 0;
            carriedTopics[3] += producer.lastStarts().skipped();
            callsPerWindow.add(batch.calls() - before);
            return new long[] {0, 0};
        };
        long f0 = System.nanoTime();
        window.run();
        double firstMs = (System.nanoTime() - f0) / 1e6;
        // the second gathering reads the starts of the topics the first one ranked (not those busiest found)
        window.run();
        carriedTopics[0] = 0;
        carriedTopics[1] = 0;
        carriedTopics[2] = 0;
        carriedTopics[3] = 0;
        callsPerWindow.clear();
        long calls0 = batch.calls();
        Result measured = measure(what, partitions, c, runs, window);
        System.err.printf("%s at %d partitions: topic starts carried %.1f per window, topics not read %.1f per "
                + "window, workload starts carried in %d of %d windows, table starts carried in %d; calls per "
                + "window min %d, max %d%n", what, partitions, carriedTopics[0] / (double) runs,
                carriedTopics[3] / (double) runs, carriedTopics[1], runs, carriedTopics[2],
                callsPerWindow.stream().mapToLong(Long::longValue).min().orElse(0),
                callsPerWindow.stream().mapToLong(Long::longValue).max().orElse(0));
        return new Result(what + ", top " + TOP_TOPICS + " topics", partitions, 0, 0, measured.firstMs(),
                measured.medianMs(), measured.p99Ms(), measured.agentCpuMs(), measured.brokerCpuMs())
                .with((batch.calls() - calls0) / (double) runs, firstMs);
    }

    /**
     * The agent's whole gathering as the daemon runs it ({@code Inspection} over this host's /proc and /sys, a
     * {@code LocalBrokerGatherer} named at the broker's JMX port, listener and properties, the built-in rules, 12
     * earlier gatherings kept) with a 1 s sample window: one first gathering (connections, the AdminClient's first
     * reads, the ranking) timed apart, then {@code n} measured. Without the broker side, the same with no broker, so
     * the difference is the broker side's cost. Agent CPU is this JVM's (C2 here, C1 only in the packaged agent).
     */
    private static Result gatherings(String what, KraftBroker broker, MBeanServerConnection c, int partitions, int n,
                                     boolean brokerSide) throws Exception {
        dev.brokertuner.agent.broker.BrokerOptions options = new dev.brokertuner.agent.broker.BrokerOptions();
        options.jmx = "127.0.0.1:" + broker.jmxPort();
        options.bootstrapServer = broker.bootstrap();
        options.serverProperties = broker.serverProperties();
        dev.brokertuner.agent.gather.HostPaths paths = new dev.brokertuner.agent.gather.HostPaths(
                java.nio.file.Path.of("/proc"), java.nio.file.Path.of("/sys"));
        try (dev.brokertuner.agent.gather.BrokerGatherer g = brokerSide
                ? new dev.brokertuner.agent.broker.LocalBrokerGatherer(paths, options)
                : dev.brokertuner.agent.gather.BrokerGatherer.none("broker side off in this measure")) {
            dev.brokertuner.agent.gather.Inspection inspection = new dev.brokertuner.agent.gather.Inspection(
                    new dev.brokertuner.agent.host.LinuxHostGatherer(paths), g,
                    new dev.brokertuner.agent.rules.RuleEngine(dev.brokertuner.agent.rules.RuleCatalog.builtIn()
                            .rules()), java.time.Clock.systemUTC(), "bench", 12);
            Read gathering = () -> {
                dev.brokertuner.report.Report r = inspection.run(List.of(), 1, null, Map.of());
                if (brokerSide && !r.broker().ok()) {
                    throw new IllegalStateException("broker not read: " + r.broker().reason());
                }
                return new long[] {r.findings().size(), r.problems().size()};
            };
            long f0 = System.nanoTime();
            long[] first = gathering.run();
            double firstMs = (System.nanoTime() - f0) / 1e6;
            dev.brokertuner.report.Report sample = inspection.run(List.of(), 1, null, Map.of());
            System.err.printf("%s at %d partitions: %d findings, problems: %s%n", what, partitions, first[0],
                    sample.problems());
            return measure(what, partitions, c, n, gathering).with(Double.NaN, firstMs);
        }
    }

    private static Result scrape(MBeanServerConnection c, int partitions, int runs) throws Exception {
        fullScrape(c);
        return measure("full scrape (jmx_exporter-style)", partitions, c, runs, () -> fullScrape(c));
    }

    /** Every bean, every readable attribute: what jmx_exporter does without an allow-list. */
    private static long[] fullScrape(MBeanServerConnection c) throws Exception {
        Set<ObjectName> names = c.queryNames(null, null);
        long attributes = 0;
        for (ObjectName n : names) {
            try {
                MBeanAttributeInfo[] infos = c.getMBeanInfo(n).getAttributes();
                String[] readable = Arrays.stream(infos).filter(MBeanAttributeInfo::isReadable)
                        .map(MBeanAttributeInfo::getName).toArray(String[]::new);
                attributes += c.getAttributes(n, readable).size();
            } catch (javax.management.InstanceNotFoundException e) {
                // a bean that went away mid-scrape
            }
        }
        return new long[] {names.size(), attributes};
    }

    @FunctionalInterface
    private interface Read {
        long[] run() throws Exception;
    }

    private static Result measure(String what, int partitions, MBeanServerConnection c, int runs, Read read)
            throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ObjectName brokerOs = new ObjectName("java.lang:type=OperatingSystem");
        double[] ms = new double[runs];
        long[] counts = null;
        long agentCpu0 = os.getProcessCpuTime();
        long brokerCpu0 = ((Number) c.getAttribute(brokerOs, "ProcessCpuTime")).longValue();
        long wall0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            counts = read.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        long wall = System.nanoTime() - wall0;
        long agentCpu = os.getProcessCpuTime() - agentCpu0;
        long brokerCpu = ((Number) c.getAttribute(brokerOs, "ProcessCpuTime")).longValue() - brokerCpu0;
        // the broker's own background CPU over the same duration, idle
        long idle0 = ((Number) c.getAttribute(brokerOs, "ProcessCpuTime")).longValue();
        Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wall)));
        long idle = ((Number) c.getAttribute(brokerOs, "ProcessCpuTime")).longValue() - idle0;
        double[] first = Arrays.copyOf(ms, Math.min(5, runs));
        Arrays.sort(first);
        Arrays.sort(ms);
        double p99 = ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)];
        return new Result(what, partitions, (int) counts[0], counts[1], first[first.length / 2], ms[runs / 2], p99,
                agentCpu / 1e6 / runs, Math.max(0, brokerCpu - idle) / 1e6 / runs);
    }
}
