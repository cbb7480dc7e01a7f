package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.broker.AdminReader;
import dev.brokertuner.agent.broker.AdminReading;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.workload.GroupLagRule;
import dev.brokertuner.agent.rules.workload.GroupRebalancesRule;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.Severity;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Groups read from a real single-node KRaft broker (4.3.1) with real clients, over several gatherings: a group whose
 * member is replaced before every other gathering (churn, and the same in a KIP-848 group, next), a consumer that takes 5 records per gathering while 2,000 arrive
 * (lag), and a static consumer that keeps up (steady). The gatherings' clock is the test's (10 min apart), so rates do
 * not depend on how fast this machine is; the groups, members, offsets and lag are the broker's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupsLiveTest {
    /** Gatherings 10 minutes apart on the test's clock: an hour of history, the window the rebalance rule needs. */
    private static final int GATHERINGS = 7;
    private static final Duration STEP = Duration.ofMinutes(10);
    private KraftBroker broker;
    private final List<Snapshot> snapshots = new ArrayList<>();
    private final List<List<Problem>> problems = new ArrayList<>();

    /** A clock the test moves. */
    private static final class StepClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    void gatherWhileTheGroupsRun() throws Exception {
        broker = KraftBroker.start();
        StepClock clock = new StepClock();
        GroupReader reader = new GroupReader(clock, 5_000);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                     new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> slow = consumer("slow", null, 5);
             KafkaConsumer<byte[], byte[]> steady = consumer("steady", "steady-1", 500)) {
            admin.createTopics(List.of(new NewTopic("churn-t", 3, (short) 1), new NewTopic("lag-t", 2, (short) 1),
                    new NewTopic("next-t", 2, (short) 1),
                    new NewTopic("steady-t", 1, (short) 1))).all().get();
            slow.subscribe(List.of("lag-t"));
            steady.subscribe(List.of("steady-t"));
            KafkaConsumer<byte[], byte[]> churn = null;
            KafkaConsumer<byte[], byte[]> next = null;
            try {
                for (int i = 0; i < GATHERINGS; i++) {
                    // churn every other gathering, so its rebalances come in separate episodes (10 quiet minutes
                    // between them): the previous member leaves, a new one joins and gets its partitions
                    if (i % 2 == 0) {
                        if (churn != null) {
                            churn.close(Duration.ofSeconds(5));
                        }
                        churn = consumer("churn", null, 10);
                        churn.subscribe(List.of("churn-t"));
                        awaitAssignment(churn);
                        // the same churn in a KIP-848 group (group.protocol=consumer): its epoch counts
                        if (next != null) {
                            next.close(Duration.ofSeconds(5));
                        }
                        next = consumer("next", null, 10, "consumer");
                        next.subscribe(List.of("next-t"));
                        awaitAssignment(next);
                    } else {
                        churn.poll(Duration.ofMillis(50));
                        next.poll(Duration.ofMillis(50));
                    }
                    // lag: 2,000 records arrive, the slow consumer takes a few and commits them
                    byte[] value = new byte[50];
                    for (int r = 0; r < 2_000; r++) {
                        producer.send(new ProducerRecord<>("lag-t", value));
                    }
                    for (int r = 0; r < 100; r++) {
                        producer.send(new ProducerRecord<>("steady-t", value));
                    }
                    producer.flush();
                    pollSome(slow);
                    slow.commitSync();
                    // steady: reads everything there is and commits
                    drain(steady, "steady-t");
                    steady.commitSync();
                    List<Problem> p = new ArrayList<>();
                    List<GroupFacts> groups = reader.read(admin, KraftBroker.NODE_ID, p);
                    problems.add(p);
                    snapshots.add(snapshot(clock.instant(), groups));
                    clock.advance(STEP);
                }
            } finally {
                if (churn != null) {
                    churn.close(Duration.ofSeconds(5));
                }
                if (next != null) {
                    next.close(Duration.ofSeconds(5));
                }
            }
        }
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return p;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String instance, int maxPoll) {
        return consumer(group, instance, maxPoll, "classic");
    }

    private KafkaConsumer<byte[], byte[]> consumer(String group, String instance, int maxPoll, String protocol) {
        Properties p = new Properties();
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPoll));
        if (instance != null) {
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
        }
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void awaitAssignment(KafkaConsumer<byte[], byte[]> c) {
        for (int i = 0; i < 200 && c.assignment().isEmpty(); i++) {
            c.poll(Duration.ofMillis(100));
        }
        assertThat(c.assignment()).as("the churn member got partitions").isNotEmpty();
    }

    private static void pollSome(KafkaConsumer<byte[], byte[]> c) {
        for (int i = 0; i < 200; i++) {
            if (!c.poll(Duration.ofMillis(100)).isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the slow consumer got no records");
    }

    private static void drain(KafkaConsumer<byte[], byte[]> c, String topic) {
        for (int i = 0; i < 300; i++) {
            c.poll(Duration.ofMillis(100));
            if (!c.assignment().isEmpty()) {
                Map<org.apache.kafka.common.TopicPartition, Long> ends = c.endOffsets(c.assignment());
                if (ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    return;
                }
            }
        }
        throw new AssertionError("the steady consumer did not catch up on " + topic);
    }

    /** A daemon-like snapshot: these groups, the earlier gatherings as history (newest first, 12 kept). */
    private Snapshot snapshot(Instant at, List<GroupFacts> groups) {
        Snapshot base = Snapshots.hostAndBroker(h -> { }, b -> b.kafkaVersion(broker.version()));
        BrokerFacts facts = base.broker().withWorkload(null, groups, null);
        List<Snapshot> earlier = new ArrayList<>(snapshots);
        java.util.Collections.reverse(earlier);
        return new Snapshot(at, base.host(), facts, earlier, 12);
    }

    private Snapshot last() {
        return snapshots.get(snapshots.size() - 1);
    }

    private static GroupFacts group(Snapshot s, String id) {
        return s.broker().groups().stream().filter(g -> g.groupId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + id + " in " + s.broker().groups()));
    }

    private static List<Finding> findings(List<Outcome> out) {
        return out.stream().filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o).finding())
                .toList();
    }

    @Test
    void groupsAreReportedWithTypeStateMembersStaticMembersAndLag() {
        assertThat(problems).allSatisfy(p -> assertThat(p).isEmpty());
        GroupFacts steady = group(last(), "steady");
        assertThat(steady.type()).isEqualTo("classic");
        assertThat(steady.state()).isEqualTo("Stable");
        assertThat(steady.coordinator()).isEqualTo(KraftBroker.NODE_ID);
        assertThat(steady.members()).isEqualTo(1);
        assertThat(steady.staticMembers()).isEqualTo(1);
        assertThat(steady.topics()).containsExactly("steady-t");
        assertThat(steady.partitions()).isEqualTo(1);
        assertThat(steady.lag()).isZero();
        assertThat(steady.rebalancesPerHour()).isZero();
        GroupFacts slow = group(last(), "slow");
        assertThat(slow.staticMembers()).isZero();
        assertThat(slow.partitions()).isEqualTo(2);
        assertThat(slow.lag()).isGreaterThan(4 * 1_900L);
        assertThat(slow.lagTrend()).isEqualTo("growing");
        // about 1,900 records more every 10 minutes
        assertThat(slow.lagGrowthPerMinute()).isGreaterThan(150.0);
        GroupFacts churn = group(last(), "churn");
        assertThat(churn.members()).isEqualTo(1);
        assertThat(churn.rebalanceGatherings()).isEqualTo(GATHERINGS / 2);
        assertThat(churn.rebalanceEpisodes()).isEqualTo(GATHERINGS / 2);
        assertThat(churn.rebalanceWindowSeconds()).isEqualTo(3600);
        assertThat(churn.rebalancesPerHour()).isGreaterThanOrEqualTo(3.0);
        assertThat(churn.epoch()).as("a classic description has no generation").isNull();
        GroupFacts next = group(last(), "next");
        assertThat(next.type()).isEqualTo("consumer");
        assertThat(next.epoch()).isGreaterThan(group(snapshots.get(0), "next").epoch());
        assertThat(next.rebalanceGatherings()).isEqualTo(GATHERINGS / 2);
        assertThat(next.rebalanceEpisodes()).isEqualTo(GATHERINGS / 2);
    }

    @Test
    void theChurningGroupGetsStaticMembershipAcrossGatherings() {
        // three churns in the hour: over the operator's lowered rate (the default is 6 an hour)
        Thresholds threePerHour = new Thresholds(Map.of("rebalancesPerHour", 3.0));
        List<Finding> f = findings(new GroupRebalancesRule().evaluate(last(), threePerHour));
        assertThat(f).extracting(Finding::subject).containsExactlyInAnyOrder("group churn", "group next");
        assertThat(f).filteredOn(x -> x.subject().equals("group churn")).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.recommended()).isEqualTo("static membership (group.instance.id), or group.protocol=consumer");
            assertThat(x.rationale()).contains("group.instance.id", "Kafka 4.3.1");
        });
        // the KIP-848 group's rebalances are incremental: info, and no protocol to switch to
        assertThat(f).filteredOn(x -> x.subject().equals("group next")).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.rationale()).contains("group epoch, now");
        });
        // three gatherings in (20 minutes, one churn): not yet repeated rebalancing
        assertThat(findings(new GroupRebalancesRule().evaluate(snapshots.get(2), threePerHour))).isEmpty();
    }

    @Test
    void theLaggingGroupGetsTheConsumerLevers() {
        List<Finding> f = findings(new GroupLagRule().evaluate(last(), Thresholds.defaults()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.subject()).isEqualTo("group slow");
            assertThat(x.rationale()).contains("1 member for 2 partitions", "max.poll.records");
            assertThat(Long.parseLong(x.evidence().get("lag"))).isGreaterThan(7_000L);
        });
    }

    @Test
    void theAdminReaderReportsTheGroupsThisBrokerCoordinates() {
        try (AdminReader reader = new AdminReader(broker.bootstrap(), new Properties())) {
            AdminReading r = reader.read(KraftBroker.NODE_ID);
            assertThat(r).isInstanceOf(AdminReading.Read.class);
            assertThat(((AdminReading.Read) r).groups()).extracting(GroupFacts::groupId)
                    .contains("steady", "slow", "churn", "next");
        }
        // and the gatherer puts them into the broker's facts
        BrokerOptions options = new BrokerOptions();
        options.serverProperties = broker.serverProperties();
        try (LocalBrokerGatherer gatherer = new LocalBrokerGatherer(
                new HostPaths(Path.of("/proc"), Path.of("/sys")), options)) {
            BrokerFacts facts = gatherer.gather(0).value();
            assertThat(facts.groups()).as(String.valueOf(facts)).extracting(GroupFacts::groupId)
                    .contains("steady", "slow", "churn", "next");
        }
        // a node that coordinates nothing reports no groups, so a fleet sees each group once
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            List<Problem> p = new ArrayList<>();
            assertThat(new GroupReader(Clock.systemUTC(), 5_000).read(admin, KraftBroker.NODE_ID + 1, p)).isEmpty();
            assertThat(p).isEmpty();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
