package dev.brokertuner.agent.broker.bench;

import dev.brokertuner.agent.broker.JmxBrokerReader;
import dev.brokertuner.agent.broker.JmxEndpoint;
import dev.brokertuner.agent.broker.JmxReading;
import dev.brokertuner.agent.broker.JmxSession;
import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.agent.workload.TopicMeters;
import dev.brokertuner.agent.workload.WorkloadBeans;
import dev.brokertuner.testkit.KraftBroker;
import java.lang.management.ManagementFactory;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;

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
 * <p>Run: see docs/performance.md, section "Broker JMX read". Arguments: {@code [fixedRuns] [scrapeRuns]
 * [partition steps, e.g. 10,2000,5000]}; 0 scrape runs skips the full scrape.
 */
public final class JmxReadBench {
    private JmxReadBench() {
    }

    private record Result(String what, int partitions, int beans, long attributes, double firstMs, double medianMs,
                          double p99Ms, double agentCpuMs, double brokerCpuMs) {
    }

    /** Topics whose per-topic meters the daemon reads (ProducerWorkload's default K). */
    static final int TOP_TOPICS = dev.brokertuner.agent.workload.ProducerWorkload.DEFAULT_TOP_TOPICS;

    public static void main(String[] args) throws Exception {
        int fixedRuns = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int scrapeRuns = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int[] targets = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {10, 2_000, 5_000};
        List<Result> results = new ArrayList<>();
        try (KraftBroker broker = KraftBroker.builder().heap("-Xmx1g").property("num.partitions", "1")
                .property("auto.create.topics.enable", "false").start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
             JmxSession session = new JmxSession(JmxEndpoint.parse("127.0.0.1:" + broker.jmxPort()), null, null,
                     System::nanoTime);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     broker.bootstrap(), "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer())) {
            JmxBrokerReader reader = new JmxBrokerReader(session, Set.of("CONTROLLER"), true, System::nanoTime,
                    Thread::sleep);
            MBeanServerConnection c = session.connection();
            int partitions = 0;
            int topic = 0;
            List<String> allTopics = new ArrayList<>();
            for (int target : targets) {
                List<NewTopic> topics = new ArrayList<>();
                List<String> names = new ArrayList<>();
                while (partitions < target) {
                    int n = Math.min(50, target - partitions);
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
                     JmxBatch pooled = JmxBatch.pooled(System::nanoTime)) {
                    results.add(daemon("daemon window, sequential (before)", session, sequential, top, c, partitions,
                            fixedRuns));
                    results.add(daemon("daemon window, pooled + kept names", session, pooled, top, c, partitions,
                            fixedRuns));
                }
                if (scrapeRuns > 0) {
                    results.add(scrape(c, partitions, scrapeRuns));
                }
            }
        }
        System.out.printf("load average before the table: %s%n", java.nio.file.Files.readString(
                java.nio.file.Path.of("/proc/loadavg")).trim());
        System.out.println("| read | partitions | beans | attributes | reads 2-6 median ms | wall median ms "
                + "| wall p99 ms | agent CPU ms/read | broker CPU ms/read |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf("| %s | %,d | %,d | %,d | %.2f | %.2f | %.2f | %.2f | %.2f |%n", r.what(),
                    r.partitions(), r.beans(), r.attributes(), r.firstMs(), r.medianMs(), r.p99Ms(), r.agentCpuMs(),
                    r.brokerCpuMs());
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
        window.run();
        Result measured = measure(what, partitions, c, runs, window);
        int tableBeans = dev.brokertuner.agent.broker.BrokerBeans.all().size();
        return new Result(what + ", top " + top.size() + " topics", partitions, tableBeans, 0, measured.firstMs(),
                measured.medianMs(), measured.p99Ms(), measured.agentCpuMs(), measured.brokerCpuMs());
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
