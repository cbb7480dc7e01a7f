package dev.brokertuner.agent.rules.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.BrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Report;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * broker.disk.fill through the daemon's {@link Inspection} with a history of 12 gatherings 30 s apart: the time to
 * full is read from the net growth the broker's describeLogDirs sizes show across them, and at steady retention there
 * is none.
 */
class DiskFillTrendTest {
    private static final long TB = 1_000_000_000_000L;

    /** A clock that moves 30 s at every reading. */
    private static final class Stepping extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public Instant instant() {
            Instant t = now;
            now = now.plusSeconds(30);
            return t;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A broker whose data dir holds {@code size.applyAsLong(n)} bytes at its n-th read. */
    private static BrokerGatherer broker(LongUnaryOperator size) {
        return new BrokerGatherer() {
            private long reads;

            @Override
            public List<String> logDirs() {
                return List.of("/data/kafka");
            }

            @Override
            public Gathered<BrokerFacts> gather(int sampleSeconds) {
                long bytes = size.applyAsLong(reads++);
                Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> b.logDir("/data/kafka", bytes));
                return new Gathered<>(s.broker(), List.of());
            }

            @Override
            public void close() {
            }
        };
    }

    private static Finding last(LongUnaryOperator size) {
        HostFacts host = Snapshots.host(h -> h.dataDir("/data/kafka", "/data", TB, TB / 5, "nvme0n1")).host();
        Inspection daemon = new Inspection((dirs, seconds) -> new Gathered<>(host, List.of()), broker(size),
                new RuleEngine(RuleCatalog.builtIn().rules()), new Stepping(), "test", 12);
        Report r = null;
        for (int i = 0; i < 13; i++) {
            r = daemon.run(List.of(), 0, null, Map.of());
        }
        return r.findings().stream().filter(f -> f.ruleId().equals(DiskFillRule.ID)).findFirst().orElseThrow();
    }

    @Test
    void growingDataGivesATimeToFull() {
        // 1 GB per 30 s over the 12 gatherings before this one plus this one: 6 min, 12 GB, 33.3 MB/s; 200 GB free.
        Finding f = last(n -> 500_000_000_000L + n * 1_000_000_000L);
        assertThat(f.evidence()).containsEntry("trend.reads", "13").containsEntry("trend.minutes", "6")
                .containsEntry("trend.netBytes", "12000000000").containsEntry("hoursToFull", "1.667");
    }

    @Test
    void steadyRetentionGivesNone() {
        Finding f = last(n -> 500_000_000_000L + (n % 4) * 1_000_000_000L - (n % 4 == 3 ? 3_000_000_000L : 0));
        assertThat(f.evidence()).containsEntry("trend.deletionSeen", "true");
        assertThat(f.rationale()).doesNotContain("free space lasts");
    }
}
