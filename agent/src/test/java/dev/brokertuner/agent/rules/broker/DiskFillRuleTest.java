package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
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
                .containsEntry("writeBytesPerSec", "50000000");
        // 800 GB used - 700 GB = 100 GB = 93.1 GiB to free; 200 GB / 50 MB/s = 1.1 h.
        assertThat(f.recommended()).isEqualTo("below 70% (free 93.1 GiB)");
        assertThat(f.rationale()).contains("1.1 hours", "offline", "retention");
        assertThat(f.apply()).anyMatch(l -> l.contains("kafka-log-dirs.sh --bootstrap-server localhost:9092"))
                .anyMatch(l -> l.contains("kafka-configs.sh --bootstrap-server localhost:9092"))
                .anyMatch(l -> l.contains("kafka-reassign-partitions.sh --bootstrap-server localhost:9092"))
                .noneMatch(l -> l.matches(".*kafka-[a-z-]+ --bootstrap-server.*"));
        // Apache Kafka's tools: one note per finding that SASL/TLS clusters need --command-config.
        assertThat(f.apply()).filteredOn(l -> l.contains("--command-config")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("#").contains("SASL/TLS", "--admin-config"));
    }

    @Test
    void timeToFullOnJbodIsOneBrokerWideFigure() {
        // 3 filesystems 80% full, 200 GB free each, 50 MB/s in total: 600 GB / 50 MB/s = 3.3 h, not 1.1 h per dir.
        var out = rule.evaluate(Snapshots.hostAndBroker(
                h -> h.dataDir("/data/1/kafka", "/data/1", TB, TB / 5, "sda")
                        .dataDir("/data/2/kafka", "/data/2", TB, TB / 5, "sdb")
                        .dataDir("/data/3/kafka", "/data/3", TB, TB / 5, "sdc"),
                b -> b.bytesIn(20e6, 30e6)), Thresholds.defaults());
        assertThat(out).hasSize(3).allSatisfy(o -> {
            Finding f = onlyFinding(java.util.List.of(o));
            assertThat(f.rationale()).contains("3.3 hours", "3 data-dir filesystems", "evenly")
                    .doesNotContain("1.1 hours");
            assertThat(f.evidence()).containsEntry("allDataDirsUsableBytes", "600000000000");
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
