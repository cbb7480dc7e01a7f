package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import org.junit.jupiter.api.Test;

class MaxMapCountRuleTest {
    private final MaxMapCountRule rule = new MaxMapCountRule();

    @Test
    void withoutBrokerTheKernelDefaultIsOnlyInfoAndNotCalledAFloor() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.max_map_count", "65530")),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.rationale()).contains("kernel default is 65530", "common operator choice", "headroom")
                .doesNotContain("floor");
        assertThat(f.current()).isEqualTo("65530");
        assertThat(f.recommended()).isEqualTo("262144");
        assertThat(f.rationale()).contains("two map areas", "Map failed", "not read");
        assertThat(f.apply()).contains("sysctl -w vm.max_map_count=262144");
    }

    @Test
    void withoutBrokerTheFloorPasses() {
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.sysctl("vm.max_map_count", "262144")),
                Thresholds.defaults()))).hasSize(1);
    }

    @Test
    void smallBrokerFitsTheDefaultButIsToldAboutTheFloor() {
        // 2000 partitions + 500 GiB / 1 GiB = 2500 segments -> 5000 maps, x1.5 = 7500; 6000 in use of 65530.
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.partitionCount(2000).config("log.segment.bytes", String.valueOf(1L << 30))
                        .logDir("/data/kafka", 500L << 30).process(42, 100000L, 5000L, 6000L)),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence()).containsEntry("estimatedSegments", "2500").containsEntry("estimatedNeed", "9000")
                .containsEntry("broker.mapCount", "6000");
        assertThat(f.recommended()).isEqualTo("262144");
        assertThat(f.rationale()).contains("2000 partitions", "500 GiB", "2500", "common operator choice")
                .contains("about 7 times over").doesNotContain("floor", "little room");
    }

    @Test
    void aFewHundredMapsOfTheDefaultAreNotLittleRoom() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.process(42, null, null, 391L)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.evidence()).containsEntry("countedMaps", "391 (in use)").containsEntry("estimatedNeed", "587");
        assertThat(f.rationale()).contains("Counted: the broker process has 391 map areas now (0.6% of the limit",
                "about 111 times over", "not a sourced minimum").doesNotContain("little room", "%s", "%d");
    }

    @Test
    void aLargeEstimateWithFewCountedMapsIsAWarningNotCritical() {
        // 1000 partitions + 100 TiB / 1 GiB (102400) = 103400 segments -> 206800 if every index were mapped, above
        // 65530; but the maps were not read and the active segments alone map 2000 (3%): not critical.
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.partitionCount(1000).logDir("/data/kafka", 100L << 40)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).containsEntry("countedMaps", "2000 (2 x partitions, active segments)")
                .containsEntry("estimatedSegments", "103400");
        assertThat(f.rationale()).contains("Not counted", "206800",
                "The active segments' map areas alone fit (3.1% of the limit)",
                "most it would map");
    }

    @Test
    void manyPartitionsWithoutDiskUsageNeedAtLeastTwoMapsEach() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.partitionCount(200_000)), Thresholds.defaults()));
        // Not read, but certain: each partition's active segment maps its two indexes (400000 > 65530).
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommended()).isEqualTo("600000");
        assertThat(f.evidence()).containsEntry("log.segment.bytes", "1073741824 (default)");
        assertThat(f.rationale()).contains("at least 200000", "The active segments' map areas alone are at");
    }

    @Test
    void mapAreasNearTheLimitAreCritical() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.process(42, null, null, 60000L)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommended()).isEqualTo("262144");
    }

    @Test
    void roomyLimitWithKnownNeedPasses() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "1048576"),
                b -> b.partitionCount(1000).process(42, null, null, 3000L)), Thresholds.defaults());
        assertThat(passes(outcomes)).singleElement().satisfies(p -> assertThat(p.detail()).contains("in use 3000"));
    }

    @Test
    void descriptionDoesNotPresent262144AsASourcedMinimum() {
        assertThat(rule.description()).doesNotContain("at least 262144").contains("common operator choice");
    }

    @Test
    void unreadableIsUnknown() {
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> { }), Thresholds.defaults()))).hasSize(1);
    }

    @Test
    void brokerReadWithoutPartitionsOrMapsSaysWhatIsMissing() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.config("log.segment.bytes", "536870912")), Thresholds.defaults()));
        assertThat(f.rationale()).contains("partition count and map areas in use were not read")
                .doesNotContain("The broker was not read");
    }

    @Test
    void mapsInUseAndSegmentsTogetherSizeTheLimit() {
        // 30000 partitions + 10 TiB / 512 MiB (20480) = 50480 segments -> 100960 maps x1.5 = 151440 needed;
        // 40000 in use (61% of 65530) -> 60000. The segment need wins.
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.partitionCount(30_000).config("log.segment.bytes", "536870912")
                        .logDir("/data/kafka", 10L << 40).process(42, null, null, 40000L)), Thresholds.defaults()));
        // The counted 40000 (61%) fit, so the estimate alone makes it a warning, not critical.
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.rationale()).contains("counted map areas fit (61% of the limit)", "151440");
        assertThat(f.evidence()).containsEntry("estimatedSegments", "50480").containsEntry("estimatedNeed", "151440")
                .containsEntry("broker.mapCount", "40000").containsEntry("log.segment.bytes", "536870912");
        assertThat(f.recommended()).isEqualTo("262144");
    }

    @Test
    void heuristicsAreLabelledInTheDocsAndNeverCitedNextToKafkasDocs() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sysctl("vm.max_map_count", "65530"),
                b -> b.process(42, null, null, 50000L)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.rationale()).contains("a warning from 70%, broker-tuner's heuristic");
        assertThat(f.rationale().substring(f.rationale().indexOf("Sources: "))).doesNotContain("heuristic");
        assertThat(rule.sources()).anyMatch(s -> s.startsWith("broker-tuner's own heuristics")
                && s.contains("useRatioWarning"));
    }
}
