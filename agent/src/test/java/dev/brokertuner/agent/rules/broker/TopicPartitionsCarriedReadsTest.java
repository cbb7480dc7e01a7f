package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.report.WorkloadMeters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * workload.topic.partitions' hot partition ("two windows in a row") when describeLogDirs is read every 120 s and
 * carried into the gatherings between (30 s apart): a window is the span between two distinct reads, and a gathering
 * that carries this read (with its skew) is not the window before.
 */
class TopicPartitionsCarriedReadsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private final TopicPartitionsRule rule = new TopicPartitionsRule();

    /** A gathering at {@code second} holding the read of {@code readSecond}, whose skew was {@code skew}. */
    private static Snapshot gathering(long second, long readSecond, Double skew) {
        TopicFacts t = new TopicFacts("payments", 1L << 30, Map.of()).withMeters(null, null, null, null, Map.of())
                .withPartitions(6, 6, skew, skew == null ? null : 3);
        BrokerFacts b = Snapshots.hostAndBroker(h -> h.sampleSeconds(5),
                x -> x.nodeId(1).logDir("/data/kafka", 1L << 30, T0.plusSeconds(readSecond))).broker()
                .withWorkload(List.of(t), null, WorkloadMeters.empty());
        return new Snapshot(T0.plusSeconds(second + 2), Snapshots.host(h -> h.sampleSeconds(5)).host(), b,
                List.of());
    }

    /** {@code now} with {@code earlier} (newest first) as its history. */
    private static Snapshot with(Snapshot now, Snapshot... earlier) {
        return new Snapshot(now.at(), now.host(), now.broker(), List.of(earlier), 12);
    }

    /** The gatherings of {@code from}..{@code to} s, newest first, 30 s apart, each carrying the last 120 s read. */
    private static Snapshot[] carried(long to, long from, Double... skewPerRead) {
        List<Snapshot> out = new ArrayList<>();
        for (long t = to; t >= from; t -= 30) {
            out.add(gathering(t, t / 120 * 120, skewPerRead[(int) (t / 120)]));
        }
        return out.toArray(Snapshot[]::new);
    }

    private List<Outcome> run(Snapshot s) {
        return rule.evaluate(s, Thresholds.defaults());
    }

    @Test
    void aHotPartitionAtTwoDistinctReadsInARowIsTheSameFindingWithTheCarriedGatheringsBetween() {
        // reads at 0 s (no skew yet), 120 s (35 x) and 240 s (40 x)
        Snapshot now = gathering(240, 240, 40.0);
        List<Outcome> readsOnly = run(with(now, gathering(120, 120, 35.0), gathering(0, 0, null)));
        List<Outcome> withCarried = run(with(now, carried(210, 0, null, 35.0, 40.0)));
        assertThat(withCarried).isEqualTo(readsOnly);
        Finding f = onlyFinding(withCarried);
        assertThat(f.evidence()).containsEntry("earlier.partitionSkew", "35").containsEntry("skew.readsSeconds", "120")
                .containsEntry("earlier.skew.readsSeconds", "120");
        assertThat(f.rationale()).contains("over the span between two distinct reads, 120 s and 120 s");
    }

    @Test
    void aGatheringCarryingTheSameReadIsNotTheWindowBefore() {
        // at 150 s the read of 120 s (the first skew) is carried; the gathering before it carries the same read and
        // skew: counting it would make one window two in a row. The read before is 0 s, without a skew.
        Snapshot now = gathering(150, 120, 35.0);
        List<Outcome> withCarried = run(with(now, carried(120, 0, null, 35.0)));
        assertThat(findings(withCarried)).isEmpty();
        assertThat(withCarried).isEqualTo(run(with(gathering(120, 120, 35.0), gathering(0, 0, null))));
    }
}
