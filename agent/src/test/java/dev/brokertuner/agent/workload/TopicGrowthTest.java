package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The top-topic ranking's growth ({@link TopicGrowth}) between distinct describeLogDirs reads over their real span:
 * a read carried into later gatherings keeps the growth of the read it carries.
 */
class TopicGrowthTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final long S = 1_000_000_000L;

    /** One gathering: sizes read at {@code readSecond}, gathered at {@code gatheringSecond}. */
    private record Gathering(Map<String, Long> bytes, long readSecond, long gatheringSecond) {
    }

    private static List<Map<String, Double>> run(List<Gathering> gatherings) {
        TopicGrowth g = new TopicGrowth();
        return gatherings.stream().map(x -> g.update(x.bytes(), T0.plusSeconds(x.readSecond()),
                x.gatheringSecond() * S)).toList();
    }

    @Test
    void carriedReadsBetweenDistinctOnesGiveTheSameGrowthAsTheDistinctOnesAlone() {
        Map<String, Long> r1 = Map.of("a", 0L, "b", 0L);
        Map<String, Long> r2 = Map.of("a", 120_000L, "b", 1_200L);
        Map<String, Long> r3 = Map.of("a", 240_000L, "b", 121_200L);
        List<Map<String, Double>> distinct = run(List.of(new Gathering(r1, 0, 0), new Gathering(r2, 120, 120),
                new Gathering(r3, 240, 240)));
        List<Map<String, Double>> carried = run(List.of(new Gathering(r1, 0, 0),
                new Gathering(r1, 0, 30), new Gathering(r1, 0, 60), new Gathering(r1, 0, 90),
                new Gathering(r2, 120, 120),
                new Gathering(r2, 120, 150), new Gathering(r2, 120, 180), new Gathering(r2, 120, 210),
                new Gathering(r3, 240, 240), new Gathering(r3, 240, 270)));

        assertThat(distinct.get(1)).isEqualTo(Map.of("a", 1000.0, "b", 10.0));
        assertThat(distinct.get(2)).isEqualTo(Map.of("a", 1000.0, "b", 1000.0));
        // nothing known before the second read, then each read's growth over the 120 s between reads, held until
        // the next; a carried copy counted as a read would give zero growth over 30 s
        assertThat(carried.subList(0, 4)).allSatisfy(m -> assertThat(m).isEmpty());
        assertThat(carried.subList(4, 8)).allSatisfy(m -> assertThat(m).isEqualTo(distinct.get(1)));
        assertThat(carried.subList(8, 10)).allSatisfy(m -> assertThat(m).isEqualTo(distinct.get(2)));
    }

    @Test
    void sizesThatDoNotSayWhenTheyWereReadCountEachGathering() {
        TopicGrowth g = new TopicGrowth();
        g.update(Map.of("a", 0L), null, 0);
        assertThat(g.update(Map.of("a", 3_000L), null, 30 * S)).isEqualTo(Map.of("a", 100.0));
    }
}
