package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskFillRuleTest {
    private static final long TB = 1_000_000_000_000L;
    private final DiskFillRule rule = new DiskFillRule();

    @Test
    void eightyPercentFullIsAWarningSayingHowMuchToFree() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(
                h -> h.dataDir("/data/kafka", "/data", TB, TB / 5, "nvme0n1"),
                b -> b.logDir("/data/kafka", 750_000_000_000L, null, null).bytesIn(20e6, 30e6)),
                Thresholds.defaults()));
        assertThat(f.ruleId()).isEqualTo("broker.disk.fill");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("/data/kafka (mount /data)");
        assertThat(f.current()).isEqualTo("80% full");
        assertThat(f.evidence()).containsEntry("fill", "0.8").containsEntry("kafkaBytes", "750000000000")
                .containsEntry("trend", "none").doesNotContainKey("writeBytesPerSec");
        // 800 GB used - 700 GB = 100 GB = 93.1 GiB to free.
        assertThat(f.recommended()).isEqualTo("below 70% (free 93.1 GiB)");
        // One gathering: no time to full, and none from the gross write rate (50 MB/s would say 1.1 hours).
        assertThat(f.rationale()).contains("offline", "retention", "No growth trend: one describeLogDirs read",
                "broker-tuner's own heuristic").doesNotContain("1.1 hours");
        assertThat(f.apply()).anyMatch(l -> l.contains("kafka-log-dirs.sh --bootstrap-server localhost:9092"))
                .anyMatch(l -> l.contains("kafka-configs.sh --bootstrap-server localhost:9092"))
                .anyMatch(l -> l.contains("kafka-reassign-partitions.sh --bootstrap-server localhost:9092"))
                .noneMatch(l -> l.matches(".*kafka-[a-z-]+ --bootstrap-server.*"));
        // Apache Kafka's tools: one note per finding that SASL/TLS clusters need --command-config.
        assertThat(f.apply()).filteredOn(l -> l.contains("--command-config")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("#").contains("SASL/TLS", "--admin-config"));
    }

    /** Gatherings 30 s apart, oldest first in the arguments; the last is this one, the others its history. */
    private static Snapshot history(long usable, long... sizesOldestFirst) {
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        List<Snapshot> all = new ArrayList<>();
        for (int i = 0; i < sizesOldestFirst.length; i++) {
            long size = sizesOldestFirst[i];
            Snapshot s = Snapshots.hostAndBroker(h -> h.dataDir("/data/kafka", "/data", TB, usable, "nvme0n1"),
                    b -> b.logDir("/data/kafka", size));
            all.add(0, new Snapshot(t0.plusSeconds(30L * i), s.host(), s.broker(), List.of()));
        }
        Snapshot now = all.get(0);
        return new Snapshot(now.at(), now.host(), now.broker(), all.subList(1, all.size()));
    }

    @Test
    void timeToFullFromNetGrowthAcrossGatherings() {
        // 11 intervals of 30 s = 5.5 min; 1 GB net growth per interval = 33.3 MB/s; 200 GB free = 1.7 hours.
        long[] sizes = new long[12];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 600_000_000_000L + i * 1_000_000_000L;
        }
        Finding f = onlyFinding(rule.evaluate(history(TB / 5, sizes), Thresholds.defaults()));
        assertThat(f.evidence()).containsEntry("trend.reads", "12").containsEntry("trend.minutes", "5.5")
                .containsEntry("trend.netBytes", "11000000000").containsEntry("hoursToFull", "1.667")
                .containsEntry("trend.deletionSeen", "false");
        assertThat(f.rationale()).contains("5.5 min", "about 1.7 hours", "upper bound");
    }

    @Test
    void steadyRetentionHasNoTimeToFull() {
        // Writes and retention deletions balance: the sizes go up and down around one level.
        Finding f = onlyFinding(rule.evaluate(history(TB / 5, 800L, 900L, 700L, 850L, 750L, 800L, 900L, 700L,
                850L, 750L, 800L, 800L), Thresholds.defaults()));
        assertThat(f.evidence()).containsEntry("hoursToFull", "none").containsEntry("trend.deletionSeen", "true");
        assertThat(f.rationale()).contains("did not grow", "no time to full");
    }

    @Test
    void aTooShortHistoryStatesNoRate() {
        Finding f = onlyFinding(rule.evaluate(history(TB / 5, 1L, 2L, 3L), Thresholds.defaults()));
        assertThat(f.evidence()).containsEntry("trend", "none").doesNotContainKey("hoursToFull");
        assertThat(f.rationale()).contains("No growth trend yet: 3 describeLogDirs reads over 1 min");
    }

    @Test
    void growthBelowTheFillThresholdIsOnlyADetailNeverAnAlarm() {
        long[] sizes = new long[12];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = 100_000_000_000L + i * 1_000_000_000L;
        }
        var out = rule.evaluate(history(TB / 2, sizes), Thresholds.defaults());
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail())
                .contains("50% full", "grew by", "hours"));
    }

    @Test
    void aMissingDataDirIsUnknownNotItsNearestMount() {
        var out = rule.evaluate(Snapshots.host(h -> h.dataDir(new DataDir("/data/kafak", null, null, null,
                List.of(), null, null, null, false, false))), Thresholds.defaults());
        assertThat(unknowns(out)).singleElement().satisfies(u -> {
            assertThat(u.subject()).isEqualTo("/data/kafak");
            assertThat(u.reason()).contains("does not exist");
        });
    }

    @Test
    void nearlyFullIsCritical() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.dataDir("/data/kafka", "/data", TB, TB / 20,
                "sda")), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void judgedFromHostFactsWhenTheBrokerIsDown() {
        assertThat(passes(rule.evaluate(Snapshots.host(h -> h.dataDir("/data/kafka", "/data", TB, TB / 2, "sda")),
                Thresholds.defaults()))).singleElement().satisfies(p -> assertThat(p.detail()).contains("50% full"));
    }

    @Test
    void brokerLogDirSizesAreUsedWhenTheHostHasNone() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> { },
                b -> b.logDir("/var/lib/kafka", 900L << 30, 1000L << 30, 60L << 30)), Thresholds.defaults()));
        assertThat(f.subject()).isEqualTo("/var/lib/kafka");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void dirsOnOneMountAreOneSubject() {
        var out = rule.evaluate(Snapshots.host(h -> h.dataDir("/data/a", "/data", TB, TB / 2, "sda")
                .dataDir("/data/b", "/data", TB, TB / 2, "sda")), Thresholds.defaults());
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.subject())
                .isEqualTo("/data/a, /data/b (mount /data)"));
    }

    @Test
    void unknownSizesAndNoDirsAreUnknown() {
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> h.dataDir("/data/kafka", "/data", (Long) null,
                (Long) null)),
                Thresholds.defaults()))).hasSize(1);
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> { }), Thresholds.defaults()))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("no data dirs"));
    }
}
