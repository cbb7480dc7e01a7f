package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.broker.BrokerFactsEdits.edit;
import static dev.brokertuner.agent.rules.broker.BrokerFactsEdits.gc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeapRuleTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private final HeapRule rule = new HeapRule();

    /** A 32 GiB host (the builder's default) with a broker of this heap, write rate, GC ratio and swap. */
    private static Snapshot broker(Long heap, Double in, Double repl, Double gcRatio, Long swap) {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> {
            if (in != null) {
                b.bytesIn(in, repl);
            }
        });
        return edit(s, gcRatio == null ? null : gc(gcRatio),
                new BrokerProcess(4242, "kafka", heap, 100_000L, 500L, 1000L, swap), null);
    }

    private List<Outcome> run(Snapshot s, Map<String, Double> overrides) {
        return rule.evaluate(s, new Thresholds(overrides));
    }

    private static Optional<Finding> finding(List<Outcome> out, String subject) {
        return out.stream().filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o).finding())
                .filter(f -> f.subject().equals(subject)).findFirst();
    }

    @Test
    void aStockBrokerOnAHealthyHostPasses() {
        // -Xmx6g on 32 GiB writing 100 MB/s + 200 MB/s replication: 9 GB of page cache needed, 26 GiB left
        List<Outcome> out = run(broker(6 * GIB, 100e6, 200e6, 0.01, 0L), Map.of());
        assertThat(out).hasSize(3).allMatch(o -> o instanceof Outcome.Pass);
    }

    @Test
    void aHeapThatCrowdsOutThirtySecondsOfWritesIsAWarningWithTheArithmetic() {
        // 24 GiB heap leaves 8 GiB; 300 MB/s x 30 s = 9 GB
        Finding f = finding(run(broker(24 * GIB, 100e6, 200e6, 0.01, 0L), Map.of()), "broker heap").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("-Xmx24g");
        assertThat(f.recommended()).isEqualTo("more memory, or -Xmx23g if GC stays low at it");
        assertThat(f.rationale()).contains("write throughput x 30", "OutOfMemoryError");
        assertThat(f.evidence()).containsEntry("pageCacheNeedBytes", "9000000000")
                .containsEntry("memoryLeftBytes", String.valueOf(8 * GIB));
        assertThat(f.rationale()).contains("x 30 s").contains("Kafka documentation, Operations, \"Hardware and OS\"");
        assertThat(f.apply()).allMatch(l -> l.startsWith("#")).anyMatch(l -> l.contains("-Xmx23g -Xms23g"));
    }

    @Test
    void aHeapAtOrAboveMemTotalIsCritical() {
        Finding f = finding(run(broker(40 * GIB, null, null, null, null), Map.of()), "broker heap").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommended()).isEqualTo("-Xmx8g or less");
    }

    @Test
    void withoutAWriteRateThePageCacheIsNotJudged() {
        Outcome o = run(broker(24 * GIB, null, null, null, null), Map.of()).get(0);
        assertThat(o).isInstanceOf(Outcome.Pass.class);
        assertThat(((Outcome.Pass) o).detail()).contains("not judged");
    }

    @Test
    void gcTimeAboveTheHeuristicIsAWarningAndTheThresholdIsTunable() {
        Finding f = finding(run(broker(6 * GIB, 1e6, 1e6, 0.25, 0L), Map.of()), "GC time").orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("25% of the window");
        assertThat(f.evidence()).containsEntry("threshold.gcTimeRatioWarning", "0.1");
        assertThat(f.rationale()).contains("broker-tuner's own heuristics");
        assertThat(finding(run(broker(6 * GIB, 1e6, 1e6, 0.25, 0L), Map.of("gcTimeRatioWarning", 0.3)), "GC time"))
                .isEmpty();
    }

    @Test
    void gcWithoutAWindowIsUnknown() {
        Outcome gc = run(broker(6 * GIB, 1e6, 1e6, null, 0L), Map.of()).get(1);
        assertThat(gc).isInstanceOf(Outcome.Unknown.class);
        assertThat(((Outcome.Unknown) gc).reason()).contains("window");
    }

    @Test
    void swapUseIsInfoWhenSmallAndAWarningWhenLarge() {
        assertThat(finding(run(broker(6 * GIB, 1e6, 1e6, 0.01, 8 * MIB), Map.of()), "broker swap").orElseThrow()
                .severity()).isEqualTo(Severity.INFO);
        Finding big = finding(run(broker(6 * GIB, 1e6, 1e6, 0.01, 512 * MIB), Map.of()), "broker swap")
                .orElseThrow();
        assertThat(big.severity()).isEqualTo(Severity.WARNING);
        assertThat(big.evidence()).containsEntry("vmSwapBytes", String.valueOf(512 * MIB));
        assertThat(big.current()).isEqualTo("512 MiB");
    }

    @Test
    void unknownProcessFactsAreUnknownNotPass() {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> { });
        List<Outcome> out = run(s, Map.of());
        assertThat(out.get(0)).isInstanceOf(Outcome.Unknown.class);
        assertThat(out.get(2)).isInstanceOf(Outcome.Unknown.class);
    }
}
