package dev.brokertuner.agent.broker.bench;

import dev.brokertuner.agent.broker.JmxBrokerReader;
import dev.brokertuner.agent.broker.JmxEndpoint;
import dev.brokertuner.agent.broker.JmxReading;
import dev.brokertuner.agent.broker.JmxSession;
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
 * <p>Run: see docs/performance.md, section "Broker JMX read". Arguments: {@code [fixedRuns] [scrapeRuns]}.
 */
public final class JmxReadBench {
    private JmxReadBench() {
    }

    private record Result(String what, int partitions, int beans, long attributes, double medianMs, double p99Ms,
                          double agentCpuMs, double brokerCpuMs) {
    }

    public static void main(String[] args) throws Exception {
        int fixedRuns = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int scrapeRuns = args.length > 1 ? Integer.parseInt(args[1]) : 10;
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
            for (int target : new int[] {10, 1_000, 5_000}) {
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
                results.add(fixed(reader, c, partitions, fixedRuns));
                results.add(scrape(c, partitions, scrapeRuns));
            }
        }
        System.out.println("| read | partitions | beans | attributes | wall median ms | wall p99 ms "
                + "| agent CPU ms/read | broker CPU ms/read |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf("| %s | %,d | %,d | %,d | %.2f | %.2f | %.2f | %.2f |%n", r.what(), r.partitions(),
                    r.beans(), r.attributes(), r.medianMs(), r.p99Ms(), r.agentCpuMs(), r.brokerCpuMs());
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
        Arrays.sort(ms);
        double p99 = ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)];
        return new Result(what, partitions, (int) counts[0], counts[1], ms[runs / 2], p99,
                agentCpu / 1e6 / runs, Math.max(0, brokerCpu - idle) / 1e6 / runs);
    }
}
