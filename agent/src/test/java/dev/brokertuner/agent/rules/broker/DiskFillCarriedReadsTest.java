package dev.brokertuner.agent.rules.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * broker.disk.fill's time to full when the daemon reads describeLogDirs every 120 s and carries the last read into
 * the gatherings between (30 s apart): one point per distinct read at the read's time, so the verdict and every
 * number are those of the distinct reads alone.
 */
class DiskFillCarriedReadsTest {
    private static final long TB = 1_000_000_000_000L;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final HostFacts HOST = Snapshots.host(h -> h.dataDir("/data/kafka", "/data", TB, TB / 5,
            "nvme0n1")).host();

    /** The data dir's bytes at a read {@code second}s after T0: 1 GB per 30 s. */
    private static long size(long second) {
        return 500_000_000_000L + second / 30 * 1_000_000_000L;
    }

    /** A gathering ending 2 s after {@code second}, holding the read made at {@code readSecond}. */
    private static Snapshot gathering(long second, long readSecond) {
        Instant readAt = T0.plusSeconds(readSecond);
        return new Snapshot(T0.plusSeconds(second + 2), HOST,
                Snapshots.hostAndBroker(h -> { }, b -> b.logDir("/data/kafka", size(readSecond), readAt)).broker(),
                List.of());
    }

    /** The gathering at {@code now}, with the 12 before it 30 s apart; each holds the last read every 120 s. */
    private static Snapshot daemon(long now) {
        List<Snapshot> earlier = new ArrayList<>();
        for (long t = now - 30; t >= Math.max(0, now - 360); t -= 30) {
            earlier.add(gathering(t, t / 120 * 120));
        }
        Snapshot last = gathering(now, now / 120 * 120);
        return new Snapshot(last.at(), HOST, last.broker(), earlier, 12);
    }

    /** The same reads alone: one gathering per distinct read in that history. */
    private static Snapshot readsOnly(long now, long... readSeconds) {
        List<Snapshot> earlier = new ArrayList<>();
        for (long r : readSeconds) {
            earlier.add(gathering(r, r));
        }
        Snapshot last = gathering(now, now / 120 * 120);
        return new Snapshot(last.at(), HOST, last.broker(), earlier, 12);
    }

    private static List<Outcome> judge(Snapshot s) {
        return new DiskFillRule().evaluate(s, Thresholds.defaults());
    }

    private static Finding finding(List<Outcome> out) {
        return out.stream().filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o).finding())
                .findFirst().orElseThrow();
    }

    @Test
    void atAReadTheTrendIsThatOfTheFourDistinctReads() {
        List<Outcome> carried = judge(daemon(360));
        assertThat(carried).isEqualTo(judge(readsOnly(360, 240, 120, 0)));
        // 12 GB over the 6 minutes between the first and the last read: 33.3 MB/s, 200 GB free
        assertThat(finding(carried).evidence()).containsEntry("trend.reads", "4").containsEntry("trend.minutes", "6")
                .containsEntry("trend.netBytes", "12000000000").containsEntry("hoursToFull", "1.667");
        assertThat(finding(carried).rationale()).contains("(4 describeLogDirs reads, growth over the span between "
                + "the oldest and the newest read)");
    }

    @Test
    void betweenReadsTheOldestGatheringStillCarriesAnOlderReadSoTheTrendHolds() {
        // at 390 s the gathering carries the 360 s read; its 12 earlier gatherings reach back to 30 s, which carries
        // the 0 s read: the same four reads, 6 minutes apart, and the same numbers (13 points if each counted)
        List<Outcome> carried = judge(daemon(390));
        assertThat(carried).isEqualTo(judge(readsOnly(390, 240, 120, 0)));
        assertThat(finding(carried).evidence()).containsEntry("trend.reads", "4").containsEntry("trend.minutes", "6")
                .containsEntry("hoursToFull", "1.667");
    }

    @Test
    void fiveMinutesOfGatheringsHoldingThreeReadsAreNoTrendYet() {
        // at 300 s: reads of 240, 120 and 0 s, 4 minutes apart, under the 5-minute minimum. Counting each gathering
        // as a point would see 11 points over 5 minutes and state a rate.
        List<Outcome> carried = judge(daemon(300));
        assertThat(carried).isEqualTo(judge(readsOnly(300, 120, 0)));
        assertThat(finding(carried).evidence()).containsEntry("trend", "none").doesNotContainKey("hoursToFull");
        assertThat(finding(carried).rationale()).contains("No growth trend yet: 3 describeLogDirs reads over 4 min");
    }
}
