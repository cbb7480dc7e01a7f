package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopTopicsTest {
    private static Map<String, Long> bytes() {
        Map<String, Long> b = new LinkedHashMap<>();
        b.put("big-quiet", 9_000_000L);
        b.put("busy", 1_000L);
        b.put("growing", 2_000L);
        b.put("small", 10L);
        return b;
    }

    @Test
    void measuredRatesRankFirstThenGrowthThenBytesHere() {
        Map<String, Double> rates = Map.of("busy", 5e6, "big-quiet", 0.0);
        Map<String, Double> growth = Map.of("growing", 1e5, "big-quiet", 9e6);
        assertThat(TopTopics.choose(3, bytes(), growth, rates)).containsExactly("busy", "growing", "big-quiet");
        // a measured rate wins over growth: big-quiet's replicas grow (it is followed here) but it leads nothing busy
        assertThat(TopTopics.choose(1, bytes(), growth, rates)).containsExactly("busy");
    }

    @Test
    void kafkasInternalTopicsAreNeverChosenHoweverBusy() {
        Map<String, Long> b = new LinkedHashMap<>(bytes());
        b.put("__consumer_offsets", 50_000_000_000L);
        b.put("__transaction_state", 40_000_000_000L);
        Map<String, Double> growth = Map.of("__consumer_offsets", 9e7, "__transaction_state", 8e7);
        Map<String, Double> rates = Map.of("__consumer_offsets", 9e7);
        assertThat(TopTopics.choose(10, b, growth, rates)).hasSize(4)
                .noneMatch(t -> t.startsWith("__"));
        assertThat(TopTopics.choose(1, b, growth, rates)).containsExactly("big-quiet");
        assertThat(TopTopics.choose(3, Map.of("__consumer_offsets", 1L), Map.of(), Map.of())).isEmpty();
    }

    @Test
    void withNothingMeasuredTheLargestHereComeFirstAndKBounds() {
        assertThat(TopTopics.choose(2, bytes(), Map.of(), Map.of())).containsExactly("big-quiet", "growing");
        assertThat(TopTopics.choose(10, bytes(), Map.of(), Map.of())).hasSize(4);
        assertThat(TopTopics.choose(0, bytes(), Map.of(), Map.of())).as("K is at least 1").hasSize(1);
    }

    @Test
    void growthIsBytesPerSecondOfTopicsInBothReads() {
        Map<String, Double> g = TopTopics.growth(Map.of("a", 1000L, "gone", 5L), Map.of("a", 3000L, "new", 7L), 4);
        assertThat(g).containsOnlyKeys("a");
        assertThat(g.get("a")).isCloseTo(500.0, within(1e-9));
        assertThat(TopTopics.growth(Map.of("a", 1L), Map.of("a", 2L), 0)).isEmpty();
    }
}
