package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.broker.ReplicationHealthRule;
import dev.brokertuner.agent.rules.broker.ThreadSteps;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Peer;
import dev.brokertuner.report.Severity;
import dev.brokertuner.testkit.KraftBroker;
import dev.brokertuner.testkit.KraftCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The agent against a real three-broker KRaft cluster with a separate controller (the testkit's {@link KraftCluster},
 * each node its own JVM), each broker found through the live procfs by its server.properties as in production.
 * Ordered: the healthy cluster first, then the thread-pool consolidation, the topic risk, and last one broker
 * stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBrokerTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));
    private static final long WAIT_MS = 30_000;
    private KraftCluster cluster;
    private Admin admin;
    private final List<LocalBrokerGatherer> gatherers = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        cluster = KraftCluster.builder().start();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()));
        admin.createTopics(List.of(new NewTopic("orders", 6, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get();
        for (KraftBroker b : cluster.brokers()) {
            BrokerOptions options = new BrokerOptions();
            options.serverProperties = b.serverProperties();
            gatherers.add(new LocalBrokerGatherer(LIVE, options));
        }
    }

    @AfterAll
    void stop() {
        gatherers.forEach(LocalBrokerGatherer::close);
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private Gathered<BrokerFacts> gather(int nodeId) {
        return gatherers.get(nodeId - 1).gather(1);
    }

    private static List<Outcome> replication(BrokerFacts b) {
        return new ReplicationHealthRule().evaluate(new Snapshot(Snapshots.host(h -> { }).host(), b),
                Thresholds.defaults());
    }

    private static Optional<Finding> finding(List<Outcome> out, String subject) {
        return out.stream().filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o).finding())
                .filter(f -> f.subject().equals(subject)).findFirst();
    }

    /** Gathers broker {@code nodeId} until {@code done} holds (replication state settles asynchronously). */
    private BrokerFacts gatherUntil(int nodeId, Predicate<BrokerFacts> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        BrokerFacts b = gather(nodeId).value();
        while (!done.test(b) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            b = gather(nodeId).value();
        }
        return b;
    }

    @Test
    @Order(1)
    void peersAreMeasuredAndAHealthyClusterPassesReplicationHealth() throws Exception {
        BrokerFacts lowest = gatherUntil(1, b -> b.ok() && Long.valueOf(0).equals(b.metrics().underReplicatedPartitions()));
        assertThat(lowest.status()).as(cluster.broker(1).logTail(20)).isEqualTo(BrokerStatus.OK);
        assertThat(lowest.nodeId()).isEqualTo(1);
        assertThat(lowest.processRoles()).isEqualTo("broker");
        assertThat(lowest.clusterId()).isEqualTo(cluster.clusterId());
        // KRaft brokers answer describeCluster with a random live broker as "controller" (KIP-919): never the
        // controller-only node, so controllerId is not the active controller on a cluster with dedicated controllers
        assertThat(lowest.controllerId()).isIn(1, 2, 3);
        // the RTT the socket-buffer rule needs: one TCP connect to each peer's advertised listener
        assertThat(lowest.peers()).extracting(p -> p.nodeId()).containsExactlyInAnyOrder(2, 3);
        assertThat(lowest.peers()).allSatisfy(p -> {
            assertThat(p.host()).isEqualTo("127.0.0.1");
            assertThat(p.port()).isEqualTo(cluster.broker(p.nodeId()).port());
            assertThat(p.rttMillis()).isNotNull().isPositive().isLessThan(1000.0);
        });
        assertThat(lowest.topicCount()).isEqualTo(1);
        assertThat(lowest.topicRisk()).isNotNull();
        assertThat(lowest.topicRisk().topicsChecked()).isEqualTo(1);
        assertThat(lowest.topicRisk().atRiskTopics()).isZero();
        assertThat(lowest.topicRisk().minIsrKnown()).isTrue();
        List<Outcome> out = replication(lowest);
        assertThat(out).as(out.toString()).hasSize(7).allMatch(o -> o instanceof Outcome.Pass);

        // another broker leaves the topic walk to the lowest id
        BrokerFacts other = gatherUntil(2, b -> b.ok() && Long.valueOf(0).equals(b.metrics().underReplicatedPartitions()));
        assertThat(other.topicRisk()).isNull();
        assertThat(other.peers()).extracting(p -> p.nodeId()).containsExactlyInAnyOrder(1, 3);
        assertThat(replication(other)).noneMatch(o -> o instanceof Outcome.Recommend);
    }

    /**
     * One line of the consolidation sequence as the thread rules print it (a {@code #   } comment, to run by hand
     * once every broker has run its steps), uncommented and run by the real kafka-configs tool of the cluster's
     * release.
     */
    private void run(String printed) {
        assertThat(printed).startsWith("#   kafka-configs.sh ");
        String line = printed.substring("#   ".length());
        List<String> args = Arrays.asList(line.substring("kafka-configs.sh ".length()).split(" "));
        KraftCluster.ToolRun r = cluster.kafkaConfigs(args);
        assertThat(r.exitCode()).as(line + "\n" + r.output()).isZero();
    }

    private Map<ConfigResource, Config> brokerConfigs() throws Exception {
        List<ConfigResource> resources = cluster.brokers().stream()
                .map(b -> new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b.nodeId()))).toList();
        return admin.describeConfigs(resources).all().get();
    }

    @Test
    @Order(2)
    void theConsolidationSequenceLeavesEveryBrokerOnTheDefault() throws Exception {
        // thread steps applied per broker leave per-broker overrides behind
        for (KraftBroker b : cluster.brokers()) {
            ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b.nodeId()));
            admin.incrementalAlterConfigs(Map.of(r, List.of(new AlterConfigOp(
                    new ConfigEntry("num.io.threads", "4"), AlterConfigOp.OpType.SET)))).all().get();
        }
        assertThat(brokerConfigs().values()).allSatisfy(c -> assertThat(c.get("num.io.threads").source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG));

        // the consolidation exactly as the thread rules print it for this cluster (broker 1 and its two peers):
        // the default, then each per-broker override deleted
        KraftBroker first = cluster.brokers().get(0);
        List<Peer> peers = cluster.brokers().stream().skip(1)
                .map(b -> new Peer(b.nodeId(), "127.0.0.1", 0, null)).toList();
        BrokerFacts facts = new BrokerFacts(BrokerStatus.OK, null, null, null, first.nodeId(), "broker", null, null,
                null, cluster.bootstrap(), List.of(), null, null, Map.of(), List.of(), peers, null, null, null);
        List<String> printed = ThreadSteps.between(4, 6).applyLines(facts, "num.io.threads",
                "RequestHandlerAvgIdlePercent");
        List<String> consolidation = printed.subList(printed.indexOf(printed.stream()
                .filter(l -> l.startsWith("# after every broker runs")).findFirst().orElseThrow()), printed.size())
                .stream().filter(l -> l.startsWith("#   kafka-configs.sh ")).toList();
        assertThat(consolidation).hasSize(1 + cluster.brokers().size());
        assertThat(consolidation.get(0)).contains("--entity-default", "num.io.threads=6");
        consolidation.forEach(this::run);

        long deadline = System.currentTimeMillis() + WAIT_MS;
        Collection<Config> configs = brokerConfigs().values();
        while (!configs.stream().allMatch(c -> "6".equals(c.get("num.io.threads").value()))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
            configs = brokerConfigs().values();
        }
        assertThat(configs).hasSize(3).allSatisfy(c -> {
            ConfigEntry e = c.get("num.io.threads");
            assertThat(e.value()).isEqualTo("6");
            assertThat(e.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            assertThat(e.synonyms()).noneMatch(s -> s.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        });
        // and the agent reads it the same way
        BrokerFacts two = gather(2).value();
        assertThat(two.configs().get("num.io.threads"))
                .isEqualTo(new ConfigValue("6", "DYNAMIC_DEFAULT_BROKER_CONFIG", false));
    }

    @Test
    @Order(3)
    void theLowestIdBrokerNamesTopicsWithoutFaultTolerance() throws Exception {
        admin.createTopics(List.of(new NewTopic("single-copy", 1, (short) 1),
                new NewTopic("strict", 1, (short) 3).configs(Map.of("min.insync.replicas", "3")))).all().get();
        BrokerFacts lowest = gatherUntil(1, b -> b.topicRisk() != null && b.topicRisk().topicsChecked() == 3);
        assertThat(lowest.topicRisk().atRiskTopics()).isEqualTo(2);
        Finding f = finding(replication(lowest), "topic replication").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).containsEntry("topic.single-copy", "replicationFactor=1, minInsyncReplicas=1")
                .containsEntry("topic.strict", "replicationFactor=3, minInsyncReplicas=3");
        assertThat(f.apply()).anyMatch(l -> l.contains("--entity-name strict --alter --add-config "
                + "min.insync.replicas=2"));
        admin.deleteTopics(List.of("single-copy", "strict")).all().get();
    }

    @Test
    @Order(4)
    void stoppingOneBrokerRaisesUnderReplicatedOnTheOthers() throws Exception {
        cluster.broker(3).stop();
        BrokerFacts lowest = gatherUntil(1, b -> b.ok() && b.metrics().underReplicatedPartitions() != null
                && b.metrics().underReplicatedPartitions() > 0);
        List<Outcome> out = replication(lowest);
        Finding urp = finding(out, "under-replicated partitions").orElseThrow(() -> new AssertionError(out));
        assertThat(urp.severity()).isEqualTo(Severity.WARNING);
        assertThat(Long.parseLong(urp.current())).isPositive();
        // min.insync.replicas=2 still holds with two of three replicas: at min ISR, not under it
        assertThat(finding(out, "partitions under min ISR")).isEmpty();
        assertThat(finding(out, "partitions at min ISR")).hasValueSatisfying(f ->
                assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(lowest.peers()).extracting(p -> p.nodeId()).containsExactlyInAnyOrder(2);
    }
}
