package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.agent.rules.BrokerRules;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The producer workload read and rules against a real single-node KRaft broker (testkit, Kafka 4.3.1) and real
 * producers running through the gathering's window: topic {@code chatty} gets small uncompressed records one per
 * request ({@code linger.ms=0}, each send awaited, four producers), topic {@code batched} gets lz4 batches with
 * {@code linger.ms=50} and {@code batch.size=262144}. One inspection of the agent (its LocalBrokerGatherer reading
 * /proc, JMX and AdminClient, the broker's real data dir as the configured data dir) must fill {@code broker.topics[]}
 * with meters, configs and batches, name {@code chatty} in the batching and compression findings, and give
 * {@code batched} none. Light: a few thousand records of 40 to 200 bytes over about 6 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProducerWorkloadLiveTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));
    private KraftBroker broker;
    private LocalBrokerGatherer gatherer;
    private Report report;

    @BeforeAll
    void startAndInspect() throws Exception {
        broker = KraftBroker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("chatty", 1, (short) 1),
                    new NewTopic("batched", 1, (short) 1))).all().get();
        }
        BrokerOptions options = new BrokerOptions();
        options.serverProperties = broker.serverProperties();
        gatherer = new LocalBrokerGatherer(LIVE, options);
        String dataDir = broker.logDirs().get(0).toString();
        HostFacts host = Snapshots.host(h -> h.dataDir(new DataDir(dataDir, "/", "xfs", true, List.of("sda"), null,
                null, null, false))).host();
        HostGatherer hand = (dirs, seconds) -> new Gathered<>(host, List.of());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            load.add(thread(() -> chatty(stop)));
        }
        load.add(thread(() -> batched(stop)));
        load.forEach(Thread::start);
        try {
            Thread.sleep(2000);
            report = new Inspection(hand, gatherer, new RuleEngine(BrokerRules.all()), Clock.systemUTC(), "test")
                    .run(List.of(), 3, null, Map.of());
        } finally {
            stop.set(true);
            for (Thread t : load) {
                t.join(10_000);
            }
        }
    }

    private static Thread thread(Runnable r) {
        Thread t = new Thread(r, "load");
        t.setDaemon(true);
        return t;
    }

    private Properties producer(Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.putAll(extra);
        return p;
    }

    private void chatty(AtomicBoolean stop) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer(Map.of(ProducerConfig.LINGER_MS_CONFIG,
                "0", ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int i = 0;
            while (!stop.get()) {
                p.send(new ProducerRecord<>("chatty", ("click " + i++ + " on /home").getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void batched(AtomicBoolean stop) {
        byte[] value = "order line with a compressible payload ".repeat(5).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer(Map.of(ProducerConfig.LINGER_MS_CONFIG,
                "50", ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 << 10),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (!stop.get()) {
                for (int i = 0; i < 200; i++) {
                    p.send(new ProducerRecord<>("batched", value));
                }
                Thread.sleep(40);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TopicFacts topic(String name) {
        assertThat(report.broker().topics()).as("problems: %s; broker log:\n%s", report.problems(),
                broker.logTail(10)).isNotNull();
        return report.broker().topics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private List<Finding> findings(String rule) {
        return report.findings().stream().filter(f -> f.ruleId().equals(rule)).toList();
    }

    @Test
    void theReportCarriesEachTopicsMetersConfigAndBatches() {
        TopicFacts chatty = topic("chatty");
        assertThat(chatty.bytesInPerSec()).as("problems: %s", report.problems()).isPositive();
        assertThat(chatty.messagesInPerSec()).isPositive();
        assertThat(chatty.produceRequestsPerSec()).isPositive();
        assertThat(chatty.bytesOutPerSec()).as("no consumer fetched: the broker has no per-topic BytesOutPerSec bean")
                .isNull();
        assertThat(chatty.partitions()).isEqualTo(1);
        assertThat(chatty.leaderPartitions()).isEqualTo(1);
        assertThat(chatty.config()).containsEntry("compression.type", "producer")
                .containsKeys("max.message.bytes", "retention.ms", "min.insync.replicas", "cleanup.policy");
        assertThat(chatty.batches()).as("problems: %s", report.problems()).isNotNull();
        assertThat(chatty.batches().medianRecords()).isLessThanOrEqualTo(2);
        assertThat(chatty.batches().codecs()).containsOnlyKeys("none");
        assertThat(chatty.batches().idempotent()).as("Kafka 4 producers are idempotent by default")
                .isEqualTo(chatty.batches().dataBatches());
        assertThat(chatty.batches().bytesRead()).isPositive().isLessThanOrEqualTo(BatchSampler.DEFAULT_BUDGET);
        TopicFacts batched = topic("batched");
        assertThat(batched.batches().codecs()).containsOnlyKeys("lz4");
        assertThat(batched.batches().medianRecords()).isGreaterThan(50);
        assertThat(new ReportValidator().validate(new ReportJson().write(report))).isEmpty();
    }

    @Test
    void theChattyUncompressedProducerGetsBothFindingsAndTheBatchedOneNone() {
        assertThat(findings("workload.producer.batching")).as("problems: %s; topics: %s", report.problems(),
                report.broker().topics()).extracting(Finding::subject).containsExactly("topic chatty");
        Finding batching = findings("workload.producer.batching").get(0);
        // a warning only with busy request handlers (under 50% idle); a test broker's are usually idle: information
        String idle = batching.evidence().get("requestHandlerIdleRatio");
        assertThat(batching.severity()).as("handlers idle %s", idle).isEqualTo(
                !"unknown".equals(idle) && Double.parseDouble(idle) < 0.5 ? Severity.WARNING : Severity.INFO);
        assertThat(batching.current()).endsWith("partition batches/s");
        assertThat(batching.recommended()).startsWith("linger.ms=10, batch.size=131072");
        assertThat(batching.evidence()).containsKeys("produceRequestsPerSec", "expectedProduceRequestsPerSec");
        assertThat(findings("workload.producer.compression")).extracting(Finding::subject)
                .containsExactly("topic chatty");
        assertThat(findings("workload.producer.compression").get(0).recommended())
                .isEqualTo("compression.type=lz4 on the producers");
        assertThat(report.findings()).filteredOn(f -> f.ruleId().startsWith("workload.producer."))
                .noneMatch(f -> f.subject().equals("topic batched"));
    }
}
