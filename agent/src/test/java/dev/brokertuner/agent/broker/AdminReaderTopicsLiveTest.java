package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.testkit.KraftBroker;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
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
 * AdminReader's topic facts against a real single-node KRaft broker: the topics with replicas on it, their bytes
 * there, their own overrides of the tiered-storage configs, internal topics left out, and the bound on how
 * many are read named in a problem, and the configs re-read every N reads while a new topic's are read at once.
 * Ordered: the last test changes a config and adds a topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminReaderTopicsLiveTest {
    private KraftBroker broker;

    @BeforeAll
    void start() throws Exception {
        broker = KraftBroker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.createTopics(List.of(
                    new NewTopic("profiles", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic("clicks", 2, (short) 1).configs(Map.of("retention.ms", "604800000")),
                    new NewTopic("empty", 1, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] value = new byte[1000];
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>("clicks", value));
            }
            producer.send(new ProducerRecord<>("profiles", "k".getBytes(), value)).get();
            producer.flush();
        }
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private AdminReading.Read read(int maxTopics) {
        try (AdminReader reader = new AdminReader(broker.bootstrap(), new Properties(), maxTopics, 1)) {
            return read(reader);
        }
    }

    private AdminReading.Read read(AdminReader reader) {
        AdminReading r = reader.read(KraftBroker.NODE_ID);
        assertThat(r).as(String.valueOf(r) + "\n" + broker.logTail(20)).isInstanceOf(AdminReading.Read.class);
        return (AdminReading.Read) r;
    }

    private static String value(AdminReading.Read r, String topic, String config) {
        return r.topics().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow().value(config)
                .orElse(null);
    }

    @Test
    @Order(1)
    void readsTheTopicsOnThisBrokerWithTheirBytesAndTieringConfigs() {
        AdminReading.Read r = read(AdminReader.MAX_TOPICS);
        Map<String, TopicFacts> topics = r.topics().stream()
                .collect(Collectors.toMap(TopicFacts::name, t -> t));
        // internal topics (__consumer_offsets, if created) are not the operator's to tier
        assertThat(topics.keySet()).containsExactlyInAnyOrder("profiles", "clicks", "empty");
        // largest here first
        assertThat(r.topics().get(0).name()).isEqualTo("clicks");
        assertThat(topics.get("clicks").bytes()).isGreaterThan(200_000L);
        assertThat(topics.get("empty").bytes()).isZero();
        assertThat(topics.get("clicks").configs().get("retention.ms"))
                .isEqualTo(new ConfigValue("604800000", "DYNAMIC_TOPIC_CONFIG", false));
        assertThat(topics.get("profiles").configs().get("cleanup.policy").value()).isEqualTo("compact");
        // only the topic's own overrides: inherited values are the broker's configs (read once, not per topic)
        assertThat(topics.get("profiles").configs()).containsOnlyKeys("cleanup.policy");
        assertThat(topics.get("clicks").configs()).containsOnlyKeys("retention.ms");
        assertThat(topics.get("empty").configs()).isEmpty();
        assertThat(r.configs()).containsKeys("log.local.retention.ms", "log.cleanup.policy")
                .doesNotContainKeys(AdminReader.VENDOR_CONFIGS.toArray(new String[0]));
        assertThat(r.problems()).isEmpty();
    }

    @Test
    @Order(2)
    void theBoundKeepsTheLargestAndSaysHowManyWereLeftOut() {
        AdminReading.Read r = read(1);
        assertThat(r.topics()).extracting(TopicFacts::name).containsExactly("clicks");
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("topic configs read for the 1 largest of 3 topics"));
    }

    @Test
    @Order(3)
    void configsAreReReadEveryNReadsAndANewTopicAtOnce() throws Exception {
        try (AdminReader reader = new AdminReader(broker.bootstrap(), new Properties(), AdminReader.MAX_TOPICS, 2);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            // inherited at first: no override
            String before = value(read(reader), "empty", "retention.ms");
            assertThat(before).isNull();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "empty"), List.of(
                    new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET))))
                    .all().get();
            admin.createTopics(List.of(new NewTopic("late", 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
            awaitReplicaOf("late");
            // the second read keeps the cached configs, but reads the new topic's at once
            AdminReading.Read second = read(reader);
            assertThat(value(second, "empty", "retention.ms")).isNull();
            assertThat(value(second, "late", "cleanup.policy")).isEqualTo("compact");
            // the third re-reads them all: the override shows
            assertThat(value(read(reader), "empty", "retention.ms")).isEqualTo("3600000");
        }
    }

    @Test
    @Order(4)
    void theMetadataWalkIsKeptAndDoneAgainEveryNReadsOrAtOnceWhenTheTopicsChange() throws Exception {
        try (AdminReader reader = new AdminReader(broker.bootstrap(), new Properties(), AdminReader.MAX_TOPICS, 1,
                3);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            int before = read(reader).topicCount();
            admin.createTopics(List.of(new NewTopic("walked", 1, (short) 1))).all().get();
            // a topic created shows at the next read: the names listed changed, so the walk is done again
            AdminReading.Read created = read(reader);
            assertThat(created.topicCount()).isEqualTo(before + 1);
            assertThat(minIsr(created, "walked")).isEqualTo(1);
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "walked"), List.of(
                    new AlterConfigOp(new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET))))
                    .all().get();
            // kept for the next two reads, done again at the third: a changed config shows within 3 reads
            assertThat(minIsr(read(reader), "walked")).isEqualTo(1);
            assertThat(minIsr(read(reader), "walked")).isEqualTo(1);
            assertThat(minIsr(read(reader), "walked")).isEqualTo(2);
        }
    }

    private static Integer minIsr(AdminReading.Read r, String topic) {
        return r.topicRisk().examples().stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow()
                .minInsyncReplicas();
    }

    /** Until the broker lists a replica of {@code topic} in describeLogDirs (a fresh reader each time). */
    private void awaitReplicaOf(String topic) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (AdminReader probe = new AdminReader(broker.bootstrap(), new Properties())) {
                if (read(probe).topics().stream().anyMatch(t -> t.name().equals(topic))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no replica of " + topic + " on the broker; " + broker.logTail(20));
    }
}
