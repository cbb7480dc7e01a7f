package dev.brokertuner.agent.broker.bench;

import dev.brokertuner.agent.broker.BrokerBeans;
import dev.brokertuner.agent.broker.JmxSession;
import dev.brokertuner.testkit.KraftBroker;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark harness (not a test): where the broker's CPU for the fixed table goes. On one real KRaft broker grown to
 * each step's partitions (topics of 50, one record each), every bean of {@link BrokerBeans} (with the attributes the
 * agent asks), the network processors and the collectors are read alone, {@code calls} times in a row over one JMX
 * connection after 20 warm-up calls, and per bean the harness prints the broker JVM's CPU per call (its
 * {@code ProcessCpuTime} delta minus its idle CPU over the same duration, measured before the step), the agent
 * JVM's CPU per call and the wall time per call, sorted by broker CPU. Two trivial reads give the RMI floor: the
 * MBean server delegate's id and the Runtime's start time. A histogram is also read for {@code Count} alone (no
 * reservoir snapshot) beside its percentiles.
 *
 * <p>Run: {@code bin/bench jmx beans [steps, e.g. 2000,5000] [calls per bean]} (defaults 2000,5000 and 200).
 */
public final class JmxBeanCostBench {
    private JmxBeanCostBench() {
    }

    /** One bean to read alone, labelled. */
    private record Probe(String label, ObjectName name, String[] attributes) {
    }

    private record Cost(String label, String attributes, double brokerCpuMs, double agentCpuMs, double wallMs) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> steps = args.length > 0 ? Arrays.stream(args[0].split(",")).map(s -> Integer.parseInt(s.trim()))
                .toList() : List.of(2_000, 5_000);
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (JmxBenchBroker bench = JmxBenchBroker.start()) {
            KraftBroker broker = bench.broker();
            Admin admin = bench.admin();
            JmxSession session = bench.session();
            KafkaProducer<byte[], byte[]> producer = bench.producer();
            MBeanServerConnection c = session.connection();
            int partitions = 0;
            int topic = 0;
            for (int target : steps) {
                List<NewTopic> topics = new ArrayList<>();
                while (partitions < target) {
                    int n = Math.min(50, target - partitions);
                    topics.add(new NewTopic("bench-" + topic++, n, (short) 1));
                    partitions += n;
                }
                for (int i = 0; i < topics.size(); i += 20) {
                    admin.createTopics(topics.subList(i, Math.min(topics.size(), i + 20))).all()
                            .get(120, TimeUnit.SECONDS);
                }
                for (NewTopic t : topics) {
                    producer.send(new ProducerRecord<>(t.name(), new byte[100]));
                }
                producer.flush();
                waitForLeaders(c, partitions);
                Thread.sleep(2000);
                List<Cost> costs = measure(c, probes(c), calls);
                print(partitions, calls, costs);
            }
        }
    }

    private static List<Probe> probes(MBeanServerConnection c) throws Exception {
        List<Probe> out = new ArrayList<>();
        out.add(new Probe("(floor) MBeanServerDelegate", new ObjectName("JMImplementation:type=MBeanServerDelegate"),
                new String[] {"MBeanServerId"}));
        out.add(new Probe("(floor) Runtime StartTime", new ObjectName("java.lang:type=Runtime"),
                new String[] {"StartTime"}));
        for (BrokerBeans.Bean b : BrokerBeans.all()) {
            out.add(new Probe(b.id(), b.name(), b.attributes().toArray(new String[0])));
        }
        ObjectName histogram = new ObjectName("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce");
        out.add(new Probe("Produce.TotalTimeMs (Count alone)", histogram, new String[] {"Count"}));
        out.add(new Probe("Produce.TotalTimeMs (99thPercentile alone)", histogram, new String[] {"99thPercentile"}));
        for (ObjectName n : new TreeSet<>(c.queryNames(
                new ObjectName("kafka.server:type=socket-server-metrics,listener=*,networkProcessor=*"), null))) {
            out.add(new Probe("processor " + n.getKeyProperty("listener") + "/" + n.getKeyProperty("networkProcessor"),
                    n, new String[] {"io-wait-time-ns-total", "io-wait-ratio"}));
        }
        for (ObjectName n : new TreeSet<>(c.queryNames(new ObjectName("java.lang:type=GarbageCollector,name=*"),
                null))) {
            out.add(new Probe("collector " + n.getKeyProperty("name"), n, new String[] {"CollectionTime"}));
        }
        return out;
    }

    private static List<Cost> measure(MBeanServerConnection c, List<Probe> probes, int calls) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ObjectName brokerOs = new ObjectName("java.lang:type=OperatingSystem");
        // the broker's own CPU per nanosecond, idle, over 5 s
        long i0 = cpu(c, brokerOs);
        long w0 = System.nanoTime();
        Thread.sleep(5000);
        double idlePerNano = (cpu(c, brokerOs) - i0) / (double) (System.nanoTime() - w0);
        System.err.printf("broker idle CPU: %.2f ms/s%n", idlePerNano * 1e3);
        List<Cost> out = new ArrayList<>();
        for (Probe p : probes) {
            for (int i = 0; i < 20; i++) {
                c.getAttributes(p.name(), p.attributes());
            }
            long a0 = os.getProcessCpuTime();
            long b0 = cpu(c, brokerOs);
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                c.getAttributes(p.name(), p.attributes());
            }
            long wall = System.nanoTime() - t0;
            long b1 = cpu(c, brokerOs);
            long a1 = os.getProcessCpuTime();
            double broker = Math.max(0, b1 - b0 - idlePerNano * wall) / 1e6 / calls;
            out.add(new Cost(p.label(), String.join(",", p.attributes()), broker, (a1 - a0) / 1e6 / calls,
                    wall / 1e6 / calls));
        }
        out.sort(Comparator.comparingDouble(Cost::brokerCpuMs).reversed());
        return out;
    }

    private static long cpu(MBeanServerConnection c, ObjectName os) throws Exception {
        return ((Number) c.getAttribute(os, "ProcessCpuTime")).longValue();
    }

    private static void print(int partitions, int calls, List<Cost> costs) throws Exception {
        System.out.printf("%n%,d partitions, %d calls per bean, load average %s%n%n", partitions, calls,
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| bean | attributes | broker CPU ms/call | agent CPU ms/call | wall ms/call |");
        System.out.println("|---|---|---:|---:|---:|");
        double table = 0;
        for (Cost k : costs) {
            System.out.printf("| %s | %s | %.3f | %.3f | %.3f |%n", k.label(), k.attributes(), k.brokerCpuMs(),
                    k.agentCpuMs(), k.wallMs());
            if (!k.label().startsWith("(floor)") && !k.label().contains(" alone)")) {
                table += k.brokerCpuMs();
            }
        }
        System.out.printf("%nsum over the table's calls (one read of each): broker CPU %.2f ms%n", table);
    }

    private static void waitForLeaders(MBeanServerConnection c, int partitions) throws Exception {
        ObjectName name = new ObjectName("kafka.server:type=ReplicaManager,name=LeaderCount");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (((Number) c.getAttribute(name, "Value")).intValue() < partitions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions not led within 5 minutes");
            }
            Thread.sleep(200);
        }
    }
}
