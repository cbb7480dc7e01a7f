package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.agent.rules.BrokerRules;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * Issue 15 on a real broker (testkit KraftBroker, Kafka 4.3.1): the agent's gatherer with
 * {@code workload.topicMetersSeconds} of 6 s, three gatherings with a 1 s window. The first reads topic
 * {@code metered}'s meters; the second, right after, is within the period: it reports the first read's rates,
 * carried, with the same span and read time; the third, after a real pause past the period, reads the end only, and
 * its rates span the real time between the two reads: the records sent between them (and only then, none during a
 * window) over that span. Light: a few hundred records of 40 bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicMetersCadenceLiveTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));
    private static final int PERIOD = 6;
    private static final int BETWEEN = 300;

    private KraftBroker broker;
    private Report first;
    private Report carried;
    private Report due;

    @BeforeAll
    void gatherThreeTimes() throws Exception {
        broker = KraftBroker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("metered", 1, (short) 1))).all().get();
        }
        BrokerOptions options = new BrokerOptions();
        options.serverProperties = broker.serverProperties();
        options.topicMetersSeconds = PERIOD;
        LocalBrokerGatherer gatherer = new LocalBrokerGatherer(LIVE, options);
        HostFacts host = Snapshots.host(h -> { }).host();
        HostGatherer hand = (dirs, seconds) -> new Gathered<>(host, List.of());
        Inspection inspection = new Inspection(hand, gatherer, new RuleEngine(BrokerRules.all()),
                Clock.systemUTC(), "test");
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            // the per-topic beans exist once the topic has taken a record
            send(p, 10);
            first = inspection.run(List.of(), 1, null, Map.of());
            carried = inspection.run(List.of(), 1, null, Map.of());
            send(p, BETWEEN);
            long wait = Duration.between(topic(first).ratesReadAt(), java.time.Instant.now()).toMillis();
            Thread.sleep(Math.max(0, PERIOD * 1000L - wait + 200));
            due = inspection.run(List.of(), 1, null, Map.of());
        } finally {
            gatherer.close();
        }
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** {@code n} records, each awaited: all are in the broker's meters when this returns. */
    private static void send(KafkaProducer<byte[], byte[]> p, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            p.send(new ProducerRecord<>("metered", ("record " + i + " of a metered topic")
                    .getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    private TopicFacts topic(Report r) {
        assertThat(r.broker().topics()).as("problems: %s; broker log:\n%s", r.problems(), broker.logTail(10))
                .isNotNull();
        return r.broker().topics().stream().filter(t -> t.name().equals("metered")).findFirst().orElseThrow();
    }

    @Test
    void aGatheringWithinThePeriodReportsTheLastReadsRatesCarried() throws Exception {
        TopicFacts read = topic(first);
        assertThat(read.ratesCarried()).as("problems: %s", first.problems()).isFalse();
        assertThat(read.ratesReadAt()).isNotNull();
        TopicFacts kept = topic(carried);
        assertThat(kept.ratesCarried()).as("problems: %s", carried.problems()).isTrue();
        assertThat(kept.ratesReadAt()).isEqualTo(read.ratesReadAt());
        assertThat(kept.ratesSeconds()).isEqualTo(read.ratesSeconds());
        assertThat(kept.bytesInPerSec()).isEqualTo(read.bytesInPerSec());
        assertThat(kept.messagesInPerSec()).isEqualTo(read.messagesInPerSec());
        assertThat(kept.produceRequestsPerSec()).isEqualTo(read.produceRequestsPerSec());
        assertThat(new ReportValidator().validate(new ReportJson().write(carried))).isEmpty();
    }

    @Test
    void theNextDueReadSpansTheRealTimeBetweenTheReads() {
        TopicFacts read = topic(first);
        TopicFacts next = topic(due);
        assertThat(next.ratesCarried()).as("problems: %s", due.problems()).isFalse();
        double between = Duration.between(read.ratesReadAt(), next.ratesReadAt()).toNanos() / 1e9;
        assertThat(between).isGreaterThanOrEqualTo(PERIOD * (1 - MeterCadence.TOLERANCE));
        // the span is the time between the two reads of the beans (nanoTime), the read times the wall clock's
        assertThat(next.ratesSeconds()).isCloseTo(between, within(0.25));
        // the records sent between the reads, none in a window: the rate times its span counts them
        assertThat(next.messagesInPerSec() * next.ratesSeconds()).isCloseTo(BETWEEN, within(0.5));
    }
}
