package dev.brokertuner.agent.gather;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.agent.rules.broker.IoThreadsRule;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Report;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The daemon's Inspection (history kept) against inspect's (none), over gatherers that replay a busy pool: the
 * daemon advises num.io.threads only from its third window; inspect advises from its single window and says so.
 */
class InspectionWindowsTest {
    private static final HostFacts HOST = Snapshots.host(h -> h.cpus(16).sampleSeconds(5)).host();

    private static BrokerGatherer replay(double... idles) {
        Deque<Double> left = new ArrayDeque<>();
        for (double d : idles) {
            left.add(d);
        }
        return new BrokerGatherer() {
            @Override
            public List<String> logDirs() {
                return List.of();
            }

            @Override
            public OptionalLong pid() {
                return OptionalLong.empty();
            }

            @Override
            public Gathered<BrokerFacts> gather(int sampleSeconds) {
                double idle = left.isEmpty() ? 0.2 : left.poll();
                return new Gathered<>(Snapshots.hostAndBroker(h -> { },
                        b -> b.config("num.io.threads", "8").ioIdle(idle)).broker(), List.of());
            }

            @Override
            public void close() {
            }
        };
    }

    private static Inspection inspection(BrokerGatherer broker, int history) {
        HostGatherer host = (dirs, seconds) -> new Gathered<>(HOST, List.of());
        return new Inspection(host, broker, new RuleEngine(List.of(new IoThreadsRule())),
                Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC), "test", history);
    }

    private static String io(Report r) {
        if (r.findings().stream().anyMatch(f -> f.ruleId().equals(IoThreadsRule.ID))) {
            return "finding";
        }
        return r.checks().stream().filter(c -> c.ruleId().equals(IoThreadsRule.ID)).findFirst()
                .map(c -> c.status().wire())
                .orElse("none");
    }

    @Test
    void theDaemonAdvisesOnlyWhenThreeWindowsAgree() {
        Inspection daemon = inspection(replay(0.2, 0.2, 0.2), 12);
        List<String> seen = List.of(io(daemon.run(List.of(), 5, null, Map.of())),
                io(daemon.run(List.of(), 5, null, Map.of())), io(daemon.run(List.of(), 5, null, Map.of())));
        assertThat(seen).containsExactly("unknown", "unknown", "finding");
    }

    @Test
    void inspectAdvisesFromItsSingleWindowAndSaysSo() {
        Report r = inspection(replay(0.2), 0).run(List.of(), 5, null, Map.of());
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.evidence())
                .containsEntry("windowsAgreeing", "1 (single window)"));
    }
}
