package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.WorkloadMeters;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerFetchRuleTest {
    private final ConsumerFetchRule rule = new ConsumerFetchRule();

    /** Metrics with only FetchConsumer's total time p50 and remote time p99 set. */
    private static BrokerMetrics fetchTimes(Double p50, Double remoteP99) {
        BrokerMetrics m = BrokerMetrics.empty();
        return new BrokerMetrics(null, null, null, null, 2000.0, null, null, null, null, null, null, null, null,
                null, null, null, p50, null, null, null, null, null, null, null, null, null, null, null, null, null,
                remoteP99, null, null, null, null, null, null).withReplicationAndGc(m.underMinIsrPartitionCount(),
                m.atMinIsrPartitionCount(), m.offlineReplicaCount(), m.isrExpandsPerSec(), m.replicaMaxLag(),
                m.gcTimeRatio());
    }

    private static WorkloadMeters meters(Double fetchRate, Double bytesPerFetch, Long sessions) {
        return new WorkloadMeters(null, fetchRate, null, null, bytesPerFetch, 0.0, sessions, 0.0, 0.0, null, null,
                null);
    }

    private List<Outcome> run(WorkloadMeters w, Double p50) {
        Snapshot base = Snapshots.hostAndBroker(h -> h.sampleSeconds(5), b -> { });
        BrokerFacts b = base.broker();
        BrokerFacts withMetrics = new BrokerFacts(b.status(), b.reason(), b.unreachableSince(), b.process(),
                b.nodeId(), b.processRoles(), b.clusterId(), b.kafkaVersion(), b.jmx(), b.bootstrap(), b.listeners(),
                b.readMillis(), fetchTimes(p50, p50 == null ? null : p50 * 2), b.configs(), b.logDirs(), b.peers(),
                b.controllerId(), b.topicCount(), b.topicPartitionCount()).withWorkload(null, null, w);
        return rule.evaluate(new Snapshot(base.host(), withMetrics), Thresholds.defaults());
    }

    @Test
    void tinyFetchesAnsweredAtOnceAtAHighRateGetTheChaptersConsumerBatching() {
        Finding f = onlyFinding(run(meters(2000.0, 60.0, 4L), 0.4));
        assertThat(f.ruleId()).isEqualTo("workload.consumer.fetch");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.subject()).isEqualTo("consumer fetches");
        assertThat(f.current()).isEqualTo("60 B per fetch at 2000 requests/s");
        // 120,000 B/s of consumer data in 1 KiB responses (~117/s) plus 2/s for each of 4 sessions
        assertThat(f.recommended()).isEqualTo("fetch.min.bytes=1024, fetch.max.wait.ms=500 (about 125.2 "
                + "requests/s)");
        assertThat(f.evidence()).containsEntry("fetchConsumerRequestsPerSec", "2000")
                .containsEntry("fetchConsumerBytesPerRequest", "60").containsEntry("fetchConsumerTotalTimeMsP50", "0.4")
                .containsEntry("incrementalFetchSessions", "4").containsKey("expectedRequestsPerSec");
        assertThat(f.rationale()).contains("starting points", "long-polling", "broker-tuner's heuristics");
        assertThat(f.apply()).containsExactly(
                "# consumer settings, not the broker's: set in each consumer's configuration and restart it",
                "#   fetch.min.bytes=1024", "#   fetch.max.wait.ms=500");
    }

    @Test
    void idleConsumersLongPollingPass() {
        // many consumers with nothing to fetch: empty responses, but each waits its fetch.max.wait.ms
        List<Outcome> out = run(meters(900.0, 0.0, 450L), 501.0);
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail()).contains("long-poll"));
    }

    @Test
    void largeFetchesOrFewRequestsPass() {
        assertThat(findings(run(meters(5000.0, 64_000.0, 10L), 0.5))).isEmpty();
        assertThat(findings(run(meters(20.0, 10.0, 10L), 0.5))).isEmpty();
        assertThat(findings(run(meters(0.0, null, 0L), null))).isEmpty();
    }

    @Test
    void unknownInputsAreUnknownNeverAFinding() {
        assertThat(unknowns(run(meters(null, null, null), 0.5))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("RequestsPerSec"));
        assertThat(unknowns(run(meters(2000.0, null, null), 0.5))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("bytes per fetch"));
        assertThat(unknowns(run(meters(2000.0, 10.0, null), null))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("long-poll"));
    }
}
