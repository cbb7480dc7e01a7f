package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which top topics a gathering reads: new ones at once, due ones spread, the rest carried. Pure. */
class MeterCadenceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Duration PERIOD = Duration.ofSeconds(90);
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    @Test
    void aTopicWithoutAKeptReadStartsInTheWindowAndOneReadLatelyIsCarried() {
        MeterCadence.Plan p = MeterCadence.plan(List.of("a", "b", "c"), Map.of("b", 100 * SECOND, "c", 10 * SECOND),
                130 * SECOND, PERIOD, INTERVAL);
        assertThat(p.start()).containsExactly("a");
        assertThat(p.carried()).as("b read 30 s ago").containsExactly("b");
        assertThat(p.end()).as("c read 120 s ago: due").containsExactly("c");
    }

    @Test
    void dueOnceThePeriodLessItsToleranceHasPassed() {
        // 81 s is 90 s less 10 %: a gathering a little early still reads
        assertThat(MeterCadence.plan(List.of("a"), Map.of("a", 0L), 81 * SECOND, PERIOD, INTERVAL).end())
                .containsExactly("a");
        assertThat(MeterCadence.plan(List.of("a"), Map.of("a", 0L), 80 * SECOND, PERIOD, INTERVAL).carried())
                .containsExactly("a");
    }

    @Test
    void aKeptReadPastTheBoundOrFromTheFutureStartsAgain() {
        assertThat(MeterCadence.bound(PERIOD)).isEqualTo(Duration.ofSeconds(210));
        assertThat(MeterCadence.bound(Duration.ofSeconds(20))).as("never under the old bound")
                .isEqualTo(CarriedStart.MAX_AGE);
        assertThat(MeterCadence.plan(List.of("a"), Map.of("a", 0L), 211 * SECOND, PERIOD, INTERVAL).start())
                .containsExactly("a");
        assertThat(MeterCadence.plan(List.of("a"), Map.of("a", 0L), 210 * SECOND, PERIOD, INTERVAL).end())
                .containsExactly("a");
        assertThat(MeterCadence.plan(List.of("a"), Map.of("a", 5 * SECOND), 0, PERIOD, INTERVAL).start())
                .containsExactly("a");
    }

    @Test
    void aZeroPeriodReadsEveryTopicEveryGathering() {
        MeterCadence.Plan p = MeterCadence.plan(List.of("a", "b"), Map.of("a", 29 * SECOND, "b", 0L), 30 * SECOND,
                Duration.ZERO, INTERVAL);
        assertThat(p.end()).containsExactly("a", "b");
        assertThat(p.carried()).isEmpty();
    }

    @Test
    void withoutAnIntervalEveryDueTopicIsRead() {
        List<String> topics = topics(20);
        Map<String, Long> all = new HashMap<>();
        topics.forEach(t -> all.put(t, 0L));
        assertThat(MeterCadence.plan(topics, all, 90 * SECOND, PERIOD, null).end()).hasSize(20);
    }

    @Test
    void dueReadsAreCappedPerGatheringTheLongestUnreadFirst() {
        List<String> topics = topics(20);
        Map<String, Long> last = new HashMap<>();
        topics.forEach(t -> last.put(t, 0L));
        last.put("t19", -SECOND);
        MeterCadence.Plan p = MeterCadence.plan(topics, last, 90 * SECOND, PERIOD, INTERVAL);
        // ceil(20 x 30 / 90) = 7, t19 first (read a second earlier), then rank order
        assertThat(p.end()).containsExactly("t00", "t01", "t02", "t03", "t04", "t05", "t19");
        assertThat(p.carried()).hasSize(13);
        assertThat(p.start()).isEmpty();
    }

    @Test
    void aDueTopicThatWouldPassTheBoundByTheNextGatheringIsReadWhateverTheCap() {
        List<String> topics = topics(20);
        Map<String, Long> last = new HashMap<>();
        topics.forEach(t -> last.put(t, 0L));
        // at 181 s, waiting 30 s more would make each 211 s old: past the 210 s bound
        assertThat(MeterCadence.plan(topics, last, 181 * SECOND, PERIOD, INTERVAL).end()).hasSize(20);
    }

    /**
     * The daemon's ratio: every topic starts at the first gathering, then every 30 s; after one period the reads are
     * even (7, 7, 6 of 20) and each topic is read at least every 90 s and never past the bound.
     */
    @Test
    void overManyGatheringsTheReadsEvenOutAndEachTopicIsReadOncePerPeriod() {
        List<String> topics = topics(20);
        Map<String, Long> last = new HashMap<>();
        Map<String, List<Long>> spans = new HashMap<>();
        List<Integer> perGathering = new ArrayList<>();
        Duration interval = null;
        for (int g = 0; g < 30; g++) {
            long now = g * 30 * SECOND;
            MeterCadence.Plan p = MeterCadence.plan(topics, last, now, PERIOD, interval);
            interval = INTERVAL;
            perGathering.add(p.start().size() + p.end().size());
            for (String t : p.end()) {
                spans.computeIfAbsent(t, k -> new ArrayList<>()).add(now - last.get(t));
            }
            p.start().forEach(t -> last.put(t, now));
            p.end().forEach(t -> last.put(t, now));
            assertThat(p.start().size() + p.end().size() + p.carried().size()).isEqualTo(20);
        }
        assertThat(perGathering.get(0)).isEqualTo(20);
        // from the second period on, 6 or 7 per gathering, 20 per three gatherings
        for (int g = 6; g < 30; g++) {
            assertThat(perGathering.get(g)).isBetween(6, 7);
        }
        for (int g = 6; g + 3 <= 30; g += 3) {
            assertThat(perGathering.get(g) + perGathering.get(g + 1) + perGathering.get(g + 2)).isEqualTo(20);
        }
        spans.values().stream().flatMap(List::stream).forEach(s -> assertThat(s)
                .isBetween(90 * SECOND, 180 * SECOND));
        spans.values().forEach(s -> assertThat(s.subList(1, s.size())).allMatch(x -> x == 90 * SECOND));
    }

    private static List<String> topics(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("t%02d", i));
        }
        return out;
    }
}
