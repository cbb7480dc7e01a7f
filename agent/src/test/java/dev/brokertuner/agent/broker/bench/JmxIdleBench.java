package dev.brokertuner.agent.broker.bench;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.broker.JmxBrokerReader;
import dev.brokertuner.agent.broker.JmxReading;
import dev.brokertuner.agent.broker.JmxSample;
import dev.brokertuner.agent.broker.JmxSession;
import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.agent.workload.CarriedStart;
import dev.brokertuner.agent.workload.ProducerWorkload;
import dev.brokertuner.agent.workload.WorkloadBeans;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.testkit.KraftBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark harness (not a test): what the RMI client's idle-connection timeout costs at the daemon's interval. The
 * JDK's RMI client closes a pooled connection idle for {@code sun.rmi.transport.connectionTimeout} (15 s by
 * default), so with a gathering every 30 s each window opens new TCP connections (one per pool thread reading side
 * by side) and the broker hands each to an "RMI TCP Connection" thread. Over one real KRaft broker (topics of 50
 * partitions, one record each) the daemon's JMX path ({@link ProducerWorkload#around} around
 * {@link JmxBrokerReader#read} with every start carried, both ends back to back) runs a few windows after each pause
 * given, and per pause
 * the harness prints (after 300 gatherings back to back to warm the JIT, the pauses taken in turn) the median
 * window's wall time, the broker's CPU in the window (its threads' run time from
 * {@code /proc/PID/task/∗/schedstat}, local files, so the measure itself opens no connection), the agent's CPU, the
 * connections the broker accepted during the window (the highest {@code RMI TCP Connection(N)} thread number) and
 * its live thread count.
 *
 * <p>Run: {@code bin/bench jmx idle [windows per pause, 4] [pauses in s, 10,30] [partitions, 2000]
 * [connectionTimeout ms, or "default"] [topicMetersSeconds, 0]}. The property is set in this JVM before any RMI class
 * loads. The fifth argument reads the top topics' per-topic meters when due ({@code MeterCadence}; 0, the default,
 * every window as before issue 15's cadence); per window the harness then also prints (stderr) its calls and the top
 * topics read, and per pause the median {@code getAttributes} calls and topics read per window.
 */
public final class JmxIdleBench {
    private JmxIdleBench() {
    }

    private static final Pattern CONNECTION = Pattern.compile("RMI TCP Connection\\((\\d+)\\)");

    public static void main(String[] args) throws Exception {
        int windows = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        List<Integer> pauses = args.length > 1 ? Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList()
                : List.of(10, 30);
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        String timeout = args.length > 3 ? args[3] : "default";
        int topicMeters = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        if (!timeout.equals("default")) {
            System.setProperty("sun.rmi.transport.connectionTimeout", timeout);
        }
        List<String> rows = new ArrayList<>();
        try (JmxBenchBroker bench = JmxBenchBroker.start();
             JmxBatch batch = JmxBatch.pooled(System::nanoTime)) {
            KraftBroker broker = bench.broker();
            Admin admin = bench.admin();
            JmxSession session = bench.session();
            KafkaProducer<byte[], byte[]> producer = bench.producer();
            List<String> topics = createTopics(admin, producer, partitions);
            MBeanServerConnection c = session.connection();
            ThreadMXBean threads = JMX.newMXBeanProxy(c, new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME),
                    ThreadMXBean.class);
            WorkloadBeans workload = new WorkloadBeans(System::nanoTime, batch);
            ProducerWorkload meters = new ProducerWorkload(JmxReadBench.TOP_TOPICS, 1 << 20, 20, System::nanoTime,
                    batch, java.time.Duration.ofSeconds(topicMeters));
            CarriedStart<JmxSample> table = new CarriedStart<>();
            JmxBrokerReader reader = new JmxBrokerReader(session, Set.of("CONTROLLER"), true, System::nanoTime,
                    ms -> { }, workload, batch, table);
            BrokerFacts facts = Snapshots.hostAndBroker(h -> { }, b -> topics.forEach(t -> b.topic(t, 100L)))
                    .broker();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            // 300 gatherings back to back first: connections, ranking, the JIT warm (as a daemon is after hours),
            // every start carried from then on
            for (int i = 0; i < 300; i++) {
                window(meters, reader, session, facts);
            }
            int n = pauses.size();
            double[][] wall = new double[n][windows];
            double[][] brokerCpu = new double[n][windows];
            double[][] agentCpu = new double[n][windows];
            double[][] calls = new double[n][windows];
            double[][] topicsRead = new double[n][windows];
            int[] accepted = new int[n];
            int[] liveThreads = new int[n];
            int last = highestConnection(threads);
            // the pauses taken in turn (10, 30, 10, 30, ...), so that no pause runs on a warmer JVM than another
            for (int w = 0; w < windows; w++) {
                for (int p = 0; p < n; p++) {
                    Thread.sleep(pauses.get(p) * 1000L);
                    long b0 = brokerRunNanos(broker.pid());
                    long a0 = os.getProcessCpuTime();
                    long calls0 = batch.calls();
                    long t0 = System.nanoTime();
                    window(meters, reader, session, facts);
                    wall[p][w] = (System.nanoTime() - t0) / 1e6;
                    agentCpu[p][w] = (os.getProcessCpuTime() - a0) / 1e6;
                    brokerCpu[p][w] = (brokerRunNanos(broker.pid()) - b0) / 1e6;
                    calls[p][w] = batch.calls() - calls0;
                    topicsRead[p][w] = meters.lastStarts().carried() + meters.lastStarts().read();
                    System.err.printf("pause %d s, window %d: %.2f ms wall, %.2f ms broker CPU, %.0f calls, %.0f top "
                            + "topics read%n", pauses.get(p), w + 1, wall[p][w], brokerCpu[p][w], calls[p][w],
                            topicsRead[p][w]);
                    int now = highestConnection(threads);
                    // the highest number serving: it only grows while connections stay open or new ones come
                    accepted[p] += Math.max(0, now - last);
                    last = now;
                    liveThreads[p] = threads.getThreadCount();
                }
            }
            for (int p = 0; p < n; p++) {
                rows.add(String.format("| %s | %d s | %d | %d s | %.2f | %.2f | %.2f | %.1f | %d | %.0f | %.0f |",
                        timeout, pauses.get(p), windows, topicMeters, median(wall[p]), median(brokerCpu[p]),
                        median(agentCpu[p]), accepted[p] / (double) windows, liveThreads[p], median(calls[p]),
                        median(topicsRead[p])));
            }
        }
        System.out.printf("load average after the runs: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| connectionTimeout | pause | windows | topicMetersSeconds | wall median ms "
                + "| broker CPU median ms | agent CPU median ms | connections accepted per window | broker threads "
                + "| calls per window | top topics read per window |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    /**
     * One gathering's JMX read as the daemon does it, both ends back to back (a no-op sleep, so that the broker's
     * own background CPU over a real sample window does not drown the read's).
     */
    private static void window(ProducerWorkload meters, JmxBrokerReader reader, JmxSession session, BrokerFacts facts) {
        long g = meters.begin();
        JmxReading r = meters.around(g, session::connection, 1, () -> reader.read(1));
        if (!(r instanceof JmxReading.Read)) {
            throw new IllegalStateException(r.toString());
        }
        meters.withMeters(facts, null);
    }

    /** The highest connection number among the broker's RMI connection threads (0 when none is serving). */
    private static int highestConnection(ThreadMXBean threads) {
        int max = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null) {
                Matcher m = CONNECTION.matcher(t.getThreadName());
                if (m.find()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
        }
        return max;
    }

    /** The run time of every live thread of the broker, from its tasks' schedstat (ns). */
    private static long brokerRunNanos(long pid) throws IOException {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    sum += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                } catch (IOException e) {
                    // a thread that ended between the listing and the read
                }
            }
        }
        return sum;
    }

    private static List<String> createTopics(Admin admin, KafkaProducer<byte[], byte[]> producer, int partitions)
            throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        int made = 0;
        while (made < partitions) {
            int n = Math.min(50, partitions - made);
            topics.add(new NewTopic("bench-" + topics.size(), n, (short) 1));
            made += n;
        }
        for (int i = 0; i < topics.size(); i += 20) {
            admin.createTopics(topics.subList(i, Math.min(topics.size(), i + 20))).all().get(120, TimeUnit.SECONDS);
        }
        for (NewTopic t : topics) {
            producer.send(new ProducerRecord<>(t.name(), new byte[100]));
        }
        producer.flush();
        Thread.sleep(3000);
        return topics.stream().map(NewTopic::name).toList();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
