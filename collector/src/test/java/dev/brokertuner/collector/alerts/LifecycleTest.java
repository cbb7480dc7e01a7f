package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    static final AlertKey KEY = new AlertKey("kafka-a01", "host.vm.swappiness", "vm.swappiness");
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    /** Feeds reports one by one, keeping the open alerts as the service does, and collects transitions. */
    static final class Run {
        final Lifecycle lifecycle;
        final Map<AlertKey, Alert> open = new HashMap<>();
        final List<Transition> transitions = new ArrayList<>();
        int n;

        Run(int raiseAfter, int clearAfter) {
            AtomicInteger ids = new AtomicInteger();
            lifecycle = new Lifecycle(raiseAfter, clearAfter, () -> "alert-" + ids.incrementAndGet());
        }

        Run report(Severity severity) {
            Map<AlertKey, Observation> seen = severity == null ? Map.of()
                    : Map.of(KEY, new Observation(KEY, "c-prod", severity, "60", "1"));
            Step s = lifecycle.report(List.copyOf(open.values()), seen, T0.plusSeconds(60L * n++));
            s.dropped().forEach(id -> open.values().removeIf(a -> a.id().equals(id)));
            for (Alert a : s.upserts()) {
                if (a.state() == AlertState.CLEARED) {
                    open.remove(a.key());
                } else {
                    open.put(a.key(), a);
                }
            }
            transitions.addAll(s.transitions());
            return this;
        }

        List<String> statuses() {
            return transitions.stream().map(t -> t.status() + " " + t.alert().id()).toList();
        }
    }

    @Test
    void flappingFindingBelowTheThresholdRaisesNothing() {
        Run r = new Run(2, 2);
        for (int i = 0; i < 20; i++) {
            r.report(i % 2 == 0 ? Severity.WARNING : null);
        }
        assertThat(r.transitions).isEmpty();
        assertThat(r.open).isEmpty();
    }

    @Test
    void oneRaisedAndOneClearPerEpisodeWithAStableId() {
        Run r = new Run(2, 2);
        r.report(Severity.WARNING);
        assertThat(r.transitions).isEmpty();
        assertThat(r.open.get(KEY).state()).isEqualTo(AlertState.PENDING);
        r.report(Severity.WARNING).report(Severity.WARNING).report(Severity.WARNING);
        r.report(null); // one absence: still open
        r.report(Severity.WARNING); // back: absence count starts over
        r.report(null);
        assertThat(r.statuses()).containsExactly("RAISED alert-1");
        r.report(null);
        assertThat(r.statuses()).containsExactly("RAISED alert-1", "CLEAR alert-1");
        Transition clear = r.transitions.get(1);
        assertThat(clear.alert().raisedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(clear.alert().clearedAt()).isEqualTo(T0.plusSeconds(7 * 60));
        r.report(null).report(null);
        assertThat(r.transitions).hasSize(2);
        r.report(Severity.WARNING).report(Severity.WARNING);
        assertThat(r.statuses()).containsExactly("RAISED alert-1", "CLEAR alert-1", "RAISED alert-2");
    }

    @Test
    void criticalRaisesOnItsFirstReportAndASeverityChangeIsAnUpdate() {
        Run r = new Run(3, 2);
        r.report(Severity.CRITICAL);
        assertThat(r.statuses()).containsExactly("RAISED alert-1");
        r.report(Severity.CRITICAL).report(Severity.WARNING).report(Severity.WARNING);
        assertThat(r.statuses()).containsExactly("RAISED alert-1", "UPDATE alert-1");
        assertThat(r.transitions.get(1).alert().severity()).isEqualTo(Severity.WARNING);
        assertThat(new Lifecycle(3, 2, () -> "x").raiseAfter(Severity.WARNING)).isEqualTo(3);
    }

    @Test
    void aWarningNeedsRaiseAfterConsecutiveReports() {
        Run r = new Run(3, 1);
        r.report(Severity.WARNING).report(Severity.WARNING).report(null).report(Severity.WARNING)
                .report(Severity.WARNING);
        assertThat(r.transitions).isEmpty();
        r.report(Severity.WARNING);
        assertThat(r.statuses()).containsExactly("RAISED alert-2");
        r.report(null);
        assertThat(r.statuses()).containsExactly("RAISED alert-2", "CLEAR alert-2");
    }

    @Test
    void repeatsOnlyWhenConfiguredAndNotAcknowledged() {
        Run r = new Run(1, 2);
        r.report(Severity.WARNING);
        Alert open = r.open.get(KEY);
        Lifecycle l = r.lifecycle;
        assertThat(l.repeats(List.of(open), null, T0.plus(Duration.ofDays(3))).transitions()).isEmpty();
        assertThat(l.repeats(List.of(open), Duration.ofHours(4), T0.plus(Duration.ofHours(3))).transitions())
                .isEmpty();
        Step again = l.repeats(List.of(open), Duration.ofHours(4), T0.plus(Duration.ofHours(4)));
        assertThat(again.transitions()).extracting(Transition::status).containsExactly(AlertStatus.UPDATE);
        assertThat(again.upserts().get(0).lastNotifiedAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        Alert acked = open.acknowledged(new Alert.Ack(T0, "team-a", "on it"));
        assertThat(l.repeats(List.of(acked), Duration.ofHours(4), T0.plus(Duration.ofDays(1))).transitions())
                .isEmpty();
    }

    @Test
    void staleRaisesOnceAndClearsOnTheNextReport() {
        Lifecycle l = new Lifecycle(2, 2, () -> "s-1");
        Step raised = l.stale("kafka-a01", "c-prod", null, T0, T0.plusSeconds(600));
        assertThat(raised.transitions()).extracting(Transition::status).containsExactly(AlertStatus.RAISED);
        Alert stale = raised.upserts().get(0);
        assertThat(stale.key().ruleId()).isEqualTo(Lifecycle.STALE);
        assertThat(l.stale("kafka-a01", "c-prod", stale, T0, T0.plusSeconds(700)).isEmpty()).isTrue();
        Step cleared = l.reported(stale, T0.plusSeconds(800));
        assertThat(cleared.transitions()).extracting(t -> t.status() + " " + t.alert().id())
                .containsExactly("CLEAR s-1");
        assertThat(l.reported(null, T0).isEmpty()).isTrue();
    }

    @Test
    void aHeldConditionRaisesAfterItsHoldAndIsNotRewrittenWhilePending() {
        Lifecycle l = new Lifecycle(2, 2, () -> "c-1");
        AlertKey key = AlertKey.cluster("c-prod", ClusterObservations.OUTLIER, "setting NIC speed");
        Map<AlertKey, Observation> seen = Map.of(key, new Observation(key, "c-prod", Severity.WARNING,
                "kafka-b06=10 Gb/s", "25 Gb/s", "Suggested action: make them agree"));
        Step first = l.held(List.of(), seen, T0, Duration.ofHours(1));
        assertThat(first.transitions()).isEmpty();
        Alert pending = first.upserts().get(0);
        assertThat(pending.message()).isEqualTo("Suggested action: make them agree");
        assertThat(l.held(List.of(pending), seen, T0.plusSeconds(1800), Duration.ofHours(1)).isEmpty()).isTrue();
        Step raised = l.held(List.of(pending), seen, T0.plusSeconds(3600), Duration.ofHours(1));
        assertThat(raised.transitions()).extracting(t -> t.status() + " " + t.alert().id())
                .containsExactly("RAISED c-1");
        assertThat(l.held(List.of(pending), Map.of(), T0.plusSeconds(60), Duration.ofHours(1)).dropped())
                .containsExactly("c-1");
    }

    @Test
    void aReportThatCouldNotJudgeTheRuleIsNoAbsence() {
        Lifecycle l = new Lifecycle(2, 2, () -> "alert-1");
        Map<AlertKey, Observation> seen = Map.of(KEY, new Observation(KEY, "c-prod", Severity.WARNING, "60", "1"));
        Alert pending = l.report(List.of(), seen, T0).upserts().get(0);
        Step frozenPending = l.report(List.of(pending), Map.of(), T0.plusSeconds(60), k -> k.equals(KEY));
        assertThat(frozenPending.isEmpty()).as("a pending alert is neither dropped nor counted").isTrue();
        Alert raised = l.report(List.of(pending), seen, T0.plusSeconds(120)).upserts().get(0);
        assertThat(raised.state()).isEqualTo(AlertState.RAISED);
        Alert open = raised;
        for (int i = 0; i < 5; i++) {
            Step s = l.report(List.of(open), Map.of(), T0.plusSeconds(180 + 60L * i), k -> true);
            assertThat(s.isEmpty()).isTrue();
        }
        Step judged = l.report(List.of(open), Map.of(), T0.plusSeconds(600), k -> false);
        assertThat(judged.upserts()).singleElement().satisfies(a -> assertThat(a.absent()).isEqualTo(1));
    }
}
