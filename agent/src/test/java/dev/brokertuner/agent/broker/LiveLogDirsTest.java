package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.LogDirReads;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * describeLogDirs every few gatherings on a real single-node KRaft broker (issue 15): the calls are counted through
 * the gatherer's reader, never timed. With a period far longer than the test (600 s), a second gathering carries
 * the first read with its time; a new topic, then more partitions, read again before the period ends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveLogDirsTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));
    private KraftBroker broker;
    private LocalBrokerGatherer gatherer;
    private Admin admin;
    private BrokerFacts first;

    @BeforeAll
    void start() throws Exception {
        broker = KraftBroker.builder().property("num.partitions", "1").start();
        admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrap()));
        admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get();
        produce("sized", 50);
        BrokerOptions options = new BrokerOptions();
        options.serverProperties = broker.serverProperties();
        options.logDirsSeconds = 600;
        gatherer = new LocalBrokerGatherer(LIVE, options);
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

    private void produce(String topic, int records) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                broker.bootstrap(), "linger.ms", "0"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                p.send(new ProducerRecord<>(topic, new byte[1024]));
            }
            p.flush();
        }
    }

    private BrokerFacts gather() {
        Gathered<BrokerFacts> g = gatherer.gather(1);
        assertThat(g.value().status()).as("broker log tail:\n" + broker.logTail(20) + "\nproblems " + g.problems())
                .isEqualTo(BrokerStatus.OK);
        return g.value();
    }

    private static Long bytes(BrokerFacts b, String topic) {
        return b.topics().stream().filter(t -> t.name().equals(topic)).map(TopicFacts::bytes).findFirst()
                .orElse(null);
    }

    @Test
    @Order(1)
    void aSecondGatheringWithinThePeriodCarriesTheReadWithItsTime() {
        Instant before = Instant.now();
        first = gather();
        assertThat(gatherer.logDirsCalls()).isEqualTo(1);
        assertThat(gatherer.logDirsDue()).isEqualTo(new LogDirsDue.Read("first read"));
        Instant read = LogDirReads.readAt(first);
        assertThat(read).isNotNull().isAfterOrEqualTo(before);
        assertThat(bytes(first, "sized")).isPositive();

        // more data on the broker: a carried read still says what the first read saw, and when
        produce("sized", 50);
        BrokerFacts second = gather();
        assertThat(gatherer.logDirsCalls()).isEqualTo(1);
        assertThat(gatherer.logDirsDue()).isInstanceOf(LogDirsDue.Carry.class);
        assertThat(second.logDirs()).isEqualTo(first.logDirs());
        assertThat(second.logDirs()).extracting(LogDirUsage::readAt).containsOnly(read);
        assertThat(bytes(second, "sized")).isEqualTo(bytes(first, "sized"));
        assertThat(((LogDirsDue.Carry) gatherer.logDirsDue()).age()).isPositive();
    }

    @Test
    @Order(2)
    void aNewTopicReadsAtTheNextGathering() throws Exception {
        admin.createTopics(List.of(new NewTopic("created", 3, (short) 1))).all().get();
        BrokerFacts b = gather();
        assertThat(gatherer.logDirsCalls()).isEqualTo(2);
        assertThat(gatherer.logDirsDue()).isEqualTo(new LogDirsDue.Read("topics changed"));
        assertThat(LogDirReads.readAt(b)).isAfter(LogDirReads.readAt(first));
        assertThat(b.topics()).extracting(TopicFacts::name).contains("created");
        // and the bytes written after the first read are now seen
        assertThat(bytes(b, "sized")).isGreaterThan(bytes(first, "sized"));
        // the gathering after it carries that read again: the partitions it added were seen side by side with it
        gather();
        assertThat(gatherer.logDirsCalls()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void morePartitionsOfAKnownTopicReadBeforeThePeriodEnds() throws Exception {
        admin.createPartitions(Map.of("sized", NewPartitions.increaseTo(4))).all().get();
        // the JMX partition count of one gathering is what the next one compares: no later than the second
        LogDirsDue due = null;
        for (int i = 0; i < 2 && gatherer.logDirsCalls() == 2; i++) {
            gather();
            due = gatherer.logDirsDue();
        }
        assertThat(gatherer.logDirsCalls()).isEqualTo(3);
        assertThat(due).isInstanceOf(LogDirsDue.Read.class)
                .satisfies(d -> assertThat(((LogDirsDue.Read) d).why()).startsWith("partition count "));
    }
}
