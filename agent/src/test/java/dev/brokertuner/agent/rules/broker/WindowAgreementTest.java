package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The daemon's thread advice across windows: a change only after 3 consecutive windows agree, cleared only after 3
 * healthy ones. Each window is a snapshot with the earlier ones as history (newest first), as Inspection builds them.
 */
class WindowAgreementTest {
    private final IoThreadsRule rule = new IoThreadsRule();

    private static Snapshot window(int i, double idle) {
        Snapshot s = Snapshots.hostAndBroker(h -> h.cpus(16).sampleSeconds(5),
                b -> b.config("num.io.threads", "8").ioIdle(idle));
        return new Snapshot(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * i), s.host(), s.broker(),
                List.of(), 12);
    }

    private static Snapshot windowWith(int i, String threads, double idle) {
        Snapshot s = Snapshots.hostAndBroker(h -> h.cpus(16).sampleSeconds(5),
                b -> b.config("num.io.threads", threads).ioIdle(idle));
        return new Snapshot(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * i), s.host(), s.broker(),
                List.of(), 12);
    }

    private static Snapshot unreachable(int i) {
        Snapshot s = Snapshots.host(h -> h.cpus(16).sampleSeconds(5));
        return new Snapshot(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * i), s.host(), s.broker(),
                List.of(), 12);
    }

    /** The daemon's outcome at each window of a run: window i sees windows 0..i-1 (at most 12) as history. */
    private List<List<Outcome>> run(List<Snapshot> windows) {
        List<List<Outcome>> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            List<Snapshot> earlier = new ArrayList<>();
            for (int j = i - 1; j >= Math.max(0, i - 12); j--) {
                earlier.add(windows.get(j));
            }
            Snapshot w = windows.get(i);
            out.add(rule.evaluate(new Snapshot(w.at(), w.host(), w.broker(), earlier, 12), Thresholds.defaults()));
        }
        return out;
    }

    private static String kind(List<Outcome> o) {
        if (o.stream().anyMatch(x -> x instanceof Outcome.Recommend)) {
            return "R";
        }
        return o.stream().allMatch(x -> x instanceof Outcome.Pass) ? "P" : "U";
    }

    @Test
    void theDaemonsFirstWindowsWaitForAgreement() {
        List<List<Outcome>> out = run(List.of(window(0, 0.2), window(1, 0.2), window(2, 0.2), window(3, 0.2)));
        assertThat(out).extracting(WindowAgreementTest::kind).containsExactly("U", "U", "R", "R");
        assertThat(((Outcome.Unknown) out.get(1).get(0)).reason()).contains("only 2 consecutive window(s) agree",
                "3 are required", "8 -> 13");
        assertThat(onlyFinding(out.get(2)).evidence()).containsEntry("windowsAgreeing",
                "3 of 3 windows kept (3 required)");
    }

    @Test
    void aBurstInOneWindowIsNeverAdvice() {
        List<List<Outcome>> out = run(List.of(window(0, 0.6), window(1, 0.1), window(2, 0.6), window(3, 0.15),
                window(4, 0.6), window(5, 0.2), window(6, 0.6)));
        assertThat(out).extracting(WindowAgreementTest::kind).containsExactly("P", "U", "P", "U", "P", "U", "P");
    }

    @Test
    void onceMadeTheAdviceClearsOnlyAfterThreeHealthyWindows() {
        List<List<Outcome>> out = run(List.of(window(0, 0.2), window(1, 0.2), window(2, 0.2), window(3, 0.6),
                window(4, 0.6), window(5, 0.2), window(6, 0.6), window(7, 0.6), window(8, 0.6), window(9, 0.6)));
        assertThat(out).extracting(WindowAgreementTest::kind)
                .containsExactly("U", "U", "R", "R", "R", "R", "R", "R", "P", "P");
        var held = onlyFinding(out.get(4));
        assertThat(held.recommended()).isEqualTo("13");
        assertThat(held.rationale()).contains("held", "clears after 3 healthy windows in a row");
        assertThat(held.evidence()).containsEntry("windowsAgreeing", "held (2 of 3 healthy windows)");
    }

    @Test
    void anUnreadWindowBreaksTheRunAndClaimsNothing() {
        List<List<Outcome>> out = run(List.of(window(0, 0.2), window(1, 0.2), unreachable(2), window(3, 0.2),
                window(4, 0.2)));
        assertThat(out).extracting(WindowAgreementTest::kind).containsExactly("U", "U", "U", "U", "U");
    }

    @Test
    void kIsAThreshold() {
        Snapshot first = window(0, 0.2);
        var out = rule.evaluate(new Snapshot(first.at(), first.host(), first.broker(), List.of(), 12),
                new Thresholds(Map.of("agreeWindows", 1.0)));
        assertThat(onlyFinding(out).recommended()).isEqualTo("13");
    }

    @Test
    void requestQueueAndNetworkRulesAgreeAcrossWindowsToo() {
        Snapshot s = Snapshots.hostAndBroker(h -> h.cpus(16).sampleSeconds(5), b -> b.config("num.io.threads", "8")
                .config("queued.max.requests", "500").ioIdle(0.1).requestQueueSize(400));
        Snapshot daemonFirst = new Snapshot(s.at(), s.host(), s.broker(), List.of(), 12);
        assertThat(kind(new RequestQueueRule().evaluate(daemonFirst, Thresholds.defaults()))).isEqualTo("U");
        assertThat(kind(new RequestQueueRule().evaluate(s, Thresholds.defaults()))).as("inspect").isEqualTo("R");
        Snapshot third = new Snapshot(s.at(), s.host(), s.broker(), List.of(s, s), 12);
        assertThat(kind(new RequestQueueRule().evaluate(third, Thresholds.defaults()))).isEqualTo("R");
    }

    @Test
    void anAppliedChangeEndsTheHeldAdviceAtOnce() {
        // advised 8 -> 13 after three windows; the operator applies 13 and the pool is healthy: no stale "8 -> 13"
        List<List<Outcome>> out = run(List.of(window(0, 0.2), window(1, 0.2), window(2, 0.2),
                windowWith(3, "13", 0.55), windowWith(4, "13", 0.55)));
        assertThat(out).extracting(WindowAgreementTest::kind).containsExactly("U", "U", "R", "P", "P");
    }

    @Test
    void windowsFarApartAreNotConsecutive() {
        // two busy windows, then the agent was stopped for an hour: the third busy window starts a new run
        Snapshot late = window(62, 0.2);
        List<List<Outcome>> out = run(List.of(window(0, 0.2), window(1, 0.2), late, window(63, 0.2),
                window(64, 0.2)));
        assertThat(out).extracting(WindowAgreementTest::kind).containsExactly("U", "U", "U", "U", "R");
    }
}
