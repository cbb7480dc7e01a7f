package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.agent.cli.Main;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.testkit.KraftBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gatherer against a real single-node KRaft broker started with {@code num.io.threads=1}, found the way the
 * agent finds it in production: its process in the live procfs, its JMX port from its command line, its listeners
 * from its server.properties. Ordered: the dynamic change comes after the load test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveBrokerTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));
    private KraftBroker broker;
    private LocalBrokerGatherer gatherer;
    private Admin admin;

    @BeforeAll
    void start() {
        broker = KraftBroker.builder().property("num.io.threads", "1").property("num.partitions", "4").start();
        BrokerOptions options = new BrokerOptions();
        options.serverProperties = broker.serverProperties();
        gatherer = new LocalBrokerGatherer(LIVE, options);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gatherer != null) {
            gatherer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private String why() {
        return "broker log tail:\n" + broker.logTail(20);
    }

    @Test
    @Order(1)
    void discoversTheBrokerAndReadsItsMetricsAndConfigs() {
        Gathered<BrokerFacts> g = gatherer.gather(1);
        BrokerFacts b = g.value();
        assertThat(b.status()).as(why() + "\nproblems " + g.problems()).isEqualTo(BrokerStatus.OK);
        assertThat(b.process().pid()).isEqualTo(broker.pid());
        assertThat(b.process().heapMaxBytes()).isEqualTo(128L << 20);
        assertThat(b.process().openFilesLimit()).isPositive();
        assertThat(b.process().openFiles()).isPositive();
        assertThat(b.process().mapCount()).isGreaterThan(100);
        assertThat(b.jmx()).isEqualTo("127.0.0.1:" + broker.jmxPort());
        assertThat(b.bootstrap()).isEqualTo(broker.bootstrap());
        assertThat(b.nodeId()).isEqualTo(1);
        assertThat(b.processRoles()).isEqualTo("broker,controller");
        assertThat(b.listeners()).containsExactly("PLAINTEXT");
        assertThat(b.clusterId()).isEqualTo(broker.clusterId());
        assertThat(b.kafkaVersion()).isEqualTo("4.3.1");
        assertThat(b.readMillis()).isNotNull().isNotNegative();
        assertThat(b.metrics().requestHandlerIdleRatio()).isBetween(0.0, 1.0);
        assertThat(b.metrics().networkProcessorIdleRatio()).isBetween(0.0, 1.0);
        assertThat(b.metrics().requestQueueSize()).isNotNull();
        assertThat(b.metrics().partitionCount()).isNotNull();
        assertThat(b.metrics().underReplicatedPartitions()).isZero();
        assertThat(b.metrics().offlineLogDirectoryCount()).isZero();
        assertThat(b.metrics().produceTotalTimeMsP99()).isNotNull();
        // every phase of the fetch histograms is in the fixed table
        assertThat(b.metrics().fetchConsumerLocalTimeMsP99()).isNotNull();
        assertThat(b.metrics().fetchFollowerResponseSendTimeMsP99()).isNotNull();
        assertThat(b.configs().get("num.io.threads"))
                .isEqualTo(new ConfigValue("1", "STATIC_BROKER_CONFIG", false));
        assertThat(b.configs().get("socket.send.buffer.bytes"))
                .isEqualTo(new ConfigValue("102400", "DEFAULT_CONFIG", true));
        assertThat(b.configs()).containsKeys(AdminReader.CONFIGS.toArray(new String[0]));
        assertThat(b.logDirs()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo(broker.logDirs().get(0).toString());
            assertThat(d.totalBytes()).isPositive();
            assertThat(d.error()).isNull();
        });
        assertThat(b.peers()).isEmpty();
        assertThat(b.controllerId()).isEqualTo(KraftBroker.NODE_ID);
        // the only (so lowest-id) broker counts the cluster's topics; none exist yet but internal ones
        assertThat(b.topicCount()).isZero();
        assertThat(gatherer.logDirs()).containsExactly(broker.logDirs().get(0).toString());
        // the broker's jars stay in its own JVM
        assertThat(ManagementFactory.getRuntimeMXBean().getClassPath()).doesNotContain("kafka_2.13");
    }

    @Test
    @Order(2)
    void oneIoThreadUnderProduceLoadShowsLowRequestHandlerIdle() throws Exception {
        // the broker recompresses every batch to gzip on its request-handler thread: a heavy, CPU-bound append
        admin.createTopics(List.of(new NewTopic("load", 4, (short) 1)
                .configs(Map.of("compression.type", "gzip")))).all().get();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> produce(running, sent), "load-" + i);
            t.start();
            producers.add(t);
        }
        try {
            while (sent.get() < 2_000) {
                Thread.sleep(50);
            }
            // a gathering under load first: the next window starts at its end read (issue 15), so it spans the
            // 2 s pause and its own 3 s, all under load
            assertThat(gatherer.gather(1).value().status()).as(why()).isEqualTo(BrokerStatus.OK);
            Thread.sleep(2_000);
            BrokerFacts b = gatherer.gather(3).value();
            assertThat(b.status()).as(why()).isEqualTo(BrokerStatus.OK);
            assertThat(b.metrics().windowSeconds()).as("carried from the previous gathering's end read")
                    .isGreaterThan(4.5);
            assertThat(b.process().cpu().windowSeconds()).as("the CPU window follows the carried JMX window")
                    .isCloseTo(b.metrics().windowSeconds(), org.assertj.core.api.Assertions.within(1.0));
            assertThat(b.metrics().requestHandlerIdleRatio()).as("idle of the single I/O thread; " + b.metrics())
                    .isLessThan(0.3);
            assertThat(b.metrics().messagesInPerSec()).isGreaterThan(100.0);
            assertThat(b.metrics().bytesInPerSec()).isGreaterThan(10_000.0);
            assertThat(b.metrics().produceTotalTimeMsP99()).isPositive();
            assertThat(b.metrics().partitionCount()).isGreaterThanOrEqualTo(4L);
            assertThat(b.configs().get("num.io.threads").value()).isEqualTo("1");
            assertThat(b.topicCount()).isEqualTo(1);
            assertThat(b.topicPartitionCount()).isEqualTo(4L);
        } finally {
            running.set(false);
            for (Thread t : producers) {
                t.join(10_000);
            }
        }
    }

    private void produce(AtomicBoolean running, AtomicLong sent) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        byte[] value = new byte[1024];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (running.get()) {
                producer.send(new ProducerRecord<>("load", value), (m, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    }
                });
            }
        }
    }

    @Test
    @Order(3)
    void aDynamicThreadChangeShowsAsDynamicBrokerConfig() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, "1");
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("num.io.threads", "2"), AlterConfigOp.OpType.SET)))).all().get();
        // the change travels through the metadata log: wait until the broker reports it (or give up after 15 s)
        BrokerFacts b = gatherer.gather(0).value();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!"2".equals(b.config("num.io.threads").map(ConfigValue::value).orElse(null))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            b = gatherer.gather(0).value();
        }
        assertThat(b.status()).as(why()).isEqualTo(BrokerStatus.OK);
        assertThat(b.configs().get("num.io.threads"))
                .isEqualTo(new ConfigValue("2", "DYNAMIC_BROKER_CONFIG", false));
        assertThat(b.metrics().requestHandlerIdleRatio()).as("single read: one-minute rate").isBetween(0.0, 1.0);
    }

    @Test
    @Order(4)
    void inspectJsonCarriesTheBrokerSection() throws Exception {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run("inspect", "--format", "json", "--sample-seconds", "1",
                    "--server-properties", broker.serverProperties().toString());
        } finally {
            System.setOut(oldOut);
        }
        assertThat(code).isZero();
        JsonNode broker = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("broker");
        assertThat(broker.get("status").asText()).isEqualTo("ok");
        assertThat(broker.get("pid") == null ? broker.get("process").get("pid").asLong() : 0)
                .isEqualTo(this.broker.pid());
        assertThat(broker.get("kafkaVersion").asText()).isEqualTo("4.3.1");
        assertThat(broker.get("metrics").get("requestHandlerIdleRatio").isNumber()).isTrue();
        assertThat(broker.get("configs").get("num.io.threads").get("source").asText())
                .isEqualTo("DYNAMIC_BROKER_CONFIG");
    }
}
