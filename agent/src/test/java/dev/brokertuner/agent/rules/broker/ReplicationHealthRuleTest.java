package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.broker.BrokerFactsEdits.edit;
import static dev.brokertuner.agent.rules.broker.BrokerFactsEdits.replication;
import static dev.brokertuner.agent.rules.broker.BrokerFactsEdits.risk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicRisk;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicationHealthRuleTest {
    private final ReplicationHealthRule rule = new ReplicationHealthRule();

    private static Snapshot cluster(Long urp, Long underMin, Long atMin, Long offlineReplicas, Long offlineDirs,
                                    Double shrinks, Double expands, TopicRisk risk) {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> b.peer(2, 0.2).peer(3, 0.2)
                .config("num.io.threads", "8"));
        return edit(s, replication(urp, underMin, atMin, offlineReplicas, offlineDirs, shrinks, expands), null, risk);
    }

    private static Snapshot healthy() {
        return cluster(0L, 0L, 0L, 0L, 0L, 0.0, 0.0, risk(4, true));
    }

    private List<Outcome> run(Snapshot s) {
        return rule.evaluate(s, Thresholds.defaults());
    }

    private static Optional<Finding> finding(List<Outcome> outcomes, String subject) {
        return outcomes.stream().filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o).finding())
                .filter(f -> f.subject().equals(subject)).findFirst();
    }

    @Test
    void aHealthyClusterPassesEverySubject() {
        List<Outcome> out = run(healthy());
        assertThat(out).hasSize(7).allMatch(o -> o instanceof Outcome.Pass);
    }

    @Test
    void underReplicatedIsAWarningWithTheDiagnosticCommand() {
        List<Outcome> out = run(cluster(3L, 0L, 0L, 0L, 0L, 0.0, 0.0, risk(4, true)));
        Finding f = finding(out, "under-replicated partitions").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("3");
        assertThat(f.evidence()).containsEntry("underReplicatedPartitions", "3").containsKey("replicaMaxLag");
        assertThat(f.apply()).anyMatch(l -> l.startsWith("kafka-topics.sh --bootstrap-server localhost:9092 "
                + "--describe --under-replicated-partitions"));
        assertThat(f.rationale()).contains("Kafka documentation, Operations");
        // the other gauges still pass
        assertThat(finding(out, "partitions under min ISR")).isEmpty();
    }

    @Test
    void offlineAndUnderMinIsrAreCritical() {
        List<Outcome> out = run(cluster(5L, 2L, 0L, 4L, 1L, 0.0, 0.0, risk(4, true)));
        assertThat(finding(out, "offline log dirs").orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding(out, "offline replicas").orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding(out, "partitions under min ISR").orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding(out, "offline log dirs").orElseThrow().apply())
                .anyMatch(l -> l.startsWith("kafka-log-dirs.sh --bootstrap-server localhost:9092 --describe "
                        + "--broker-list 1"));
    }

    @Test
    void atMinIsrWarnsOnlyWhileReplicasAreMissing() {
        // full ISR equal to min.insync.replicas is a topic setting, not a live problem
        assertThat(finding(run(cluster(0L, 0L, 6L, 0L, 0L, 0.0, 0.0, risk(4, true))), "partitions at min ISR"))
                .isEmpty();
        Finding f = finding(run(cluster(6L, 0L, 6L, 0L, 0L, 0.0, 0.0, risk(4, true))), "partitions at min ISR")
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void isrShrinksInOneWindowAreInfoAndInTwoAWarning() {
        Snapshot one = cluster(0L, 0L, 0L, 0L, 0L, 0.4, 0.0, risk(4, true));
        Finding single = finding(run(one), "ISR shrinks").orElseThrow();
        assertThat(single.severity()).isEqualTo(Severity.INFO);
        assertThat(single.rationale()).contains("broker-tuner's own heuristic").contains("a single window");

        Snapshot earlier = cluster(0L, 0L, 0L, 0L, 0L, 0.2, 0.0, risk(4, true));
        Snapshot two = new Snapshot(Instant.parse("2026-12-01T10:01:00Z"), one.host(), one.broker(),
                List.of(earlier));
        Finding sustained = finding(run(two), "ISR shrinks").orElseThrow();
        assertThat(sustained.severity()).isEqualTo(Severity.WARNING);
        assertThat(sustained.evidence()).containsEntry("previousWindowShrinks", "true");

        Snapshot quietBefore = new Snapshot(Instant.parse("2026-12-01T10:01:00Z"), one.host(), one.broker(),
                List.of(healthy()));
        assertThat(finding(run(quietBefore), "ISR shrinks").orElseThrow().severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void expandsAloneAreFollowersRejoining() {
        Outcome o = run(cluster(0L, 0L, 0L, 0L, 0L, 0.0, 0.6, risk(4, true))).stream()
                .filter(x -> x instanceof Outcome.Pass p && p.subject().equals("ISR shrinks")).findFirst()
                .orElseThrow();
        assertThat(((Outcome.Pass) o).detail()).contains("rejoining");
    }

    @Test
    void topicsWithoutFaultToleranceAreNamedWithQuotedApplyLines() {
        TopicRisk r = risk(10, true, new TopicRisk.Topic("orders", 3, 3), new TopicRisk.Topic("logs", 1, 1),
                new TopicRisk.Topic("pay$(id)", 2, 2));
        Finding f = finding(run(cluster(0L, 0L, 0L, 0L, 0L, 0.0, 0.0, r)), "topic replication").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("3 topics at risk");
        assertThat(f.evidence()).containsEntry("topic.orders", "replicationFactor=3, minInsyncReplicas=3")
                .containsEntry("atRiskTopics", "3");
        // RF 3 with min ISR 3: lower min ISR to 2; RF 1 and 2: raise the replication factor
        assertThat(f.apply()).contains("kafka-configs.sh --bootstrap-server localhost:9092 --entity-type topics "
                + "--entity-name orders --alter --add-config min.insync.replicas=2   # tolerates one replica down with "
                + "acks=all");
        assertThat(f.apply()).anyMatch(l -> l.startsWith("# topic logs: raise its replication factor to 3"));
        // a hostile topic name never reaches a command unquoted
        assertThat(f.apply()).noneMatch(l -> !l.startsWith("#") && l.contains("$(id)") && !l.contains("'pay$(id)'"));
        assertThat(f.rationale()).contains("min.insync.replicas 2").contains("orders, logs, pay$(id)");
    }

    @Test
    void aSingleBrokerClusterHasNoChoiceButReplicationFactorOne() {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> b.config("num.io.threads", "8"));
        s = edit(s, replication(0L, 0L, 3L, 0L, 0L, 0.0, 0.0), null,
                risk(3, true, new TopicRisk.Topic("t", 1, 1)));
        assertThat(run(s)).allMatch(o -> o instanceof Outcome.Pass);
    }

    @Test
    void unreadGaugesAreUnknownNotHealthy() {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> b.peer(2, 0.2));
        List<Outcome> out = run(s);
        assertThat(out).allMatch(o -> o instanceof Outcome.Unknown);
        assertThat(out).anyMatch(o -> ((Outcome.Unknown) o).reason().contains("UnderMinIsrPartitionCount not read"));
        assertThat(out).anyMatch(o -> ((Outcome.Unknown) o).reason().equals("the topics' metadata was not read "
                + "(see problems)"));
        Snapshot follower = Snapshots.hostAndBroker(h -> { }, b -> b.nodeId(3).peer(1, 0.2).peer(2, 0.2));
        assertThat(run(follower)).anyMatch(o -> o instanceof Outcome.Unknown u && u.subject().equals("topic replication")
                && u.reason().startsWith("judged on broker 1: only the broker with the lowest node id"));
    }

    @Test
    void anUnreachableBrokerIsOneUnknown() {
        Snapshot s = new Snapshot(Snapshots.host(h -> { }).host(), BrokerFacts.notFound("none"));
        assertThat(run(s)).singleElement().isInstanceOf(Outcome.Unknown.class);
        assertThat(rule.thresholds()).isEqualTo(Map.of());
    }
}
