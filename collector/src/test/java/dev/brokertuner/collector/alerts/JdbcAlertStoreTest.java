package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert store over a real H2 file, reopened to prove what survives. */
class JdbcAlertStoreTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    final ReportJson json = new ReportJson();

    static Alert raised(String id, String host, Severity s) {
        return new Alert(id, new AlertKey(host, "host.vm.swappiness", "vm.swappiness"), "c-prod", AlertState.RAISED,
                s, 2, 0, T0, T0.plusSeconds(60), null, T0.plusSeconds(60), "60", "1", "Suggested action: set 1",
                null);
    }

    static Notification note(String key, Alert a, AlertStatus status) {
        return new Notification(key, a.id(), status, a.key().ruleId(), a.severity(), a.cluster(), a.key().host(),
                a.key().subject(), "t " + key, "m", a.current(), a.recommended(), Messages.docUrl(a.key().ruleId()),
                a.raisedAt(), status == AlertStatus.CLEAR ? T0.plusSeconds(600) : null, null, false);
    }

    @Test
    void stepsNotificationsAndTheQueueSurviveAReopen(@TempDir Path dir) throws Exception {
        Alert a = raised("a-1", "kafka-a01", Severity.WARNING);
        Alert b = raised("a-2", "kafka-a02", Severity.CRITICAL);
        Alert pending = new Alert("a-3", new AlertKey("kafka-a03", "host.fs.noatime", "mount /data"), "c-prod",
                AlertState.PENDING, Severity.WARNING, 1, 0, T0, null, null, null, "relatime", "noatime", null, null);
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            store.apply(new Step(List.of(a, b, pending), List.of(), List.of()), List.of(
                    new Outgoing(note("k-1", a, AlertStatus.RAISED), List.of("hook", "chat"), null),
                    new Outgoing(note("k-2", b, AlertStatus.RAISED), List.of("hook"), null)), T0);
            AlertStore.Queued first = store.next("hook").orElseThrow();
            assertThat(first.delivery().deliveryKey()).isEqualTo("k-1");
            assertThat(first.notification()).isEqualTo(note("k-1", a, AlertStatus.RAISED));
            store.attempted(new Attempt("k-1", "hook", 1, T0.plusSeconds(1), "retry", "HTTP 503"),
                    DeliveryState.PENDING, T0.plusSeconds(6));
            assertThat(store.next("hook").orElseThrow().delivery().attempts()).isEqualTo(1);
            store.attempted(new Attempt("k-1", "hook", 2, T0.plusSeconds(7), "delivered", "HTTP 200"),
                    DeliveryState.DELIVERED, T0.plusSeconds(7));
            assertThat(store.next("hook").orElseThrow().delivery().deliveryKey()).isEqualTo("k-2");
            assertThat(store.next("chat").orElseThrow().delivery().deliveryKey()).isEqualTo("k-1");
            assertThat(store.next("nobody")).isEmpty();
            // the pending alert goes away, the first clears with its notification, in one step
            Alert cleared = new Alert(a.id(), a.key(), a.cluster(), AlertState.CLEARED, a.severity(), 2, 2, T0,
                    a.raisedAt(), T0.plusSeconds(600), a.lastNotifiedAt(), "1", "1", a.message(), null);
            store.apply(new Step(List.of(cleared), List.of("a-3"), List.of()), List.of(
                    new Outgoing(note("k-3", cleared, AlertStatus.CLEAR), List.of("hook"), null)), T0.plusSeconds(600));
            assertThat(store.ack("a-2", new Alert.Ack(T0.plusSeconds(700), "team-a", "looking"))).isTrue();
            assertThat(store.ack("a-1", new Alert.Ack(T0.plusSeconds(700), "team-a", "cleared"))).isFalse();
        }
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            assertThat(store.open()).extracting(Alert::id).containsExactly("a-2");
            assertThat(store.open().get(0).ack()).isEqualTo(new Alert.Ack(T0.plusSeconds(700), "team-a",
                    "looking"));
            assertThat(store.alerts(AlertStore.Filter.ALL, null, 10)).extracting(Alert::id)
                    .containsExactly("a-2", "a-1");
            assertThat(store.alerts(AlertStore.Filter.CLEARED, "c-prod", 10)).extracting(Alert::id)
                    .containsExactly("a-1");
            assertThat(store.alerts(AlertStore.Filter.RAISED, "c-other", 10)).isEmpty();
            assertThat(store.notifications("a-1")).extracting(n -> n.notification().status())
                    .containsExactly(AlertStatus.RAISED, AlertStatus.CLEAR);
            assertThat(store.deliveries("a-1")).extracting(d -> d.receiver() + " " + d.status() + " " + d.state())
                    .containsExactly("chat RAISED PENDING", "hook RAISED DELIVERED", "hook CLEAR PENDING");
            assertThat(store.attempts("a-1")).extracting(Attempt::outcome).containsExactly("retry", "delivered");
            // the queue keeps its order across the reopen, and new notifications come after the old ones
            store.apply(Step.none(), List.of(new Outgoing(note("k-4", raised("a-9", "kafka-a09",
                    Severity.WARNING), AlertStatus.RAISED), List.of("hook"), null)), T0.plusSeconds(800));
            assertThat(store.next("hook").orElseThrow().delivery().deliveryKey()).isEqualTo("k-2");
            store.attempted(new Attempt("k-2", "hook", 1, T0, "rejected", "HTTP 400"), DeliveryState.REJECTED, T0);
            assertThat(store.next("hook").orElseThrow().delivery().deliveryKey()).isEqualTo("k-3");
        }
    }

    @Test
    void silencesExpireAndCanBeDeleted(@TempDir Path dir) throws Exception {
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            Silence host = new Silence("s-1", null, "kafka-a01", null, "disk swap tonight", "team-a", T0,
                    T0.plus(Duration.ofHours(2)));
            Silence rule = new Silence("s-2", "c-prod", null, "host.fs.noatime", "known", "team-a", T0,
                    T0.plus(Duration.ofHours(1)));
            store.addSilence(host);
            store.addSilence(rule);
            assertThat(store.silences(T0)).containsExactly(rule, host);
            assertThat(store.silences(T0.plus(Duration.ofMinutes(90)))).containsExactly(host);
            Alert a = raised("a-1", "kafka-a01", Severity.WARNING);
            assertThat(host.silences(a, T0)).isTrue();
            assertThat(host.silences(a, T0.plus(Duration.ofHours(3)))).isFalse();
            assertThat(rule.silences(a, T0)).as("another rule").isFalse();
            assertThat(store.deleteSilence("s-1")).isTrue();
            assertThat(store.deleteSilence("s-1")).isFalse();
            assertThat(store.silences(T0)).containsExactly(rule);
        }
        assertThatThrownBy(() -> new Silence("s", null, null, null, "c", "x", T0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static Alert cleared(String id, Instant at) {
        return new Alert(id, new AlertKey("kafka-r", "host.vm.swappiness", "vm.swappiness " + id), "c-prod",
                AlertState.CLEARED, Severity.WARNING, 2, 2, T0, T0, at, T0, "1", "1", "m", null);
    }

    /** Retention and the attempt limit on any store (also run on PostgreSQL); alert ids start with {@code r-}. */
    static void retentionDropsOldEpisodesOnly(AlertStore store) throws Exception {
        Alert old = cleared("r-old", T0.plusSeconds(60));
        Alert stuck = cleared("r-stuck", T0.plusSeconds(60));
        Alert recent = cleared("r-new", T0.plus(Duration.ofDays(10)));
        Alert open = new Alert("r-open", new AlertKey("kafka-r", "host.fs.noatime", "mount /data"), "c-prod",
                AlertState.RAISED, Severity.WARNING, 2, 0, T0, T0, null, T0, "relatime", "noatime", "m", null);
        store.apply(new Step(List.of(old, stuck, recent, open), List.of(), List.of()), List.of(
                new Outgoing(note("rk-old", old, AlertStatus.CLEAR), List.of("hook"), null),
                new Outgoing(note("rk-stuck", stuck, AlertStatus.CLEAR), List.of("hook"), null),
                new Outgoing(note("rk-new", recent, AlertStatus.CLEAR), List.of("hook"), null),
                new Outgoing(note("rk-open", open, AlertStatus.RAISED), List.of("chat"), null)), T0);
        store.attempted(new Attempt("rk-old", "hook", 1, T0.plusSeconds(61), "delivered", "HTTP 200"),
                DeliveryState.DELIVERED, T0.plusSeconds(61));
        store.attempted(new Attempt("rk-new", "hook", 1, T0.plus(Duration.ofDays(10)), "delivered", "HTTP 200"),
                DeliveryState.DELIVERED, T0.plus(Duration.ofDays(10)));
        for (int i = 1; i <= AlertStore.MAX_ATTEMPTS + 20; i++) {
            store.attempted(new Attempt("rk-open", "chat", i, T0.plus(Duration.ofDays(6)).plusSeconds(i), "retry",
                    "HTTP 503"), DeliveryState.PENDING, T0.plus(Duration.ofDays(6)).plusSeconds(i + 5));
        }
        store.attempted(new Attempt("rk-open", "chat", 999, T0.plusSeconds(5), "retry", "HTTP 503 (old)"),
                DeliveryState.PENDING, T0.plus(Duration.ofDays(7)));
        assertThat(store.attempts("r-open")).hasSize(AlertStore.MAX_ATTEMPTS).first()
                .satisfies(x -> assertThat(x.number()).isEqualTo(21));
        assertThat(store.attempts("r-open").get(AlertStore.MAX_ATTEMPTS - 1).number())
                .isEqualTo(AlertStore.MAX_ATTEMPTS + 20);
        store.addSilence(new Silence("r-silence", "c-prod", null, null, "over", "team-a", T0,
                T0.plus(Duration.ofHours(1))));

        assertThat(store.deleteBefore(T0.plus(Duration.ofDays(5)))).isEqualTo(1);
        assertThat(store.alert("r-old")).isEmpty();
        assertThat(store.notifications("r-old")).isEmpty();
        assertThat(store.deliveries("r-old")).isEmpty();
        assertThat(store.attempts("r-old")).isEmpty();
        assertThat(store.alert("r-stuck")).as("its CLEAR is still to be delivered").isPresent();
        assertThat(store.deliveries("r-stuck")).hasSize(1);
        assertThat(store.alert("r-new")).isPresent();
        assertThat(store.attempts("r-new")).hasSize(1);
        assertThat(store.alert("r-open")).isPresent();
        assertThat(store.notifications("r-open")).hasSize(1);
        assertThat(store.attempts("r-open")).extracting(Attempt::detail).doesNotContain("HTTP 503 (old)");
        assertThat(store.deleteSilence("r-silence")).as("expired before the cut").isFalse();
    }

    @Test
    void retentionDeletesEpisodesClearedBeforeTheCutAndAttemptsAreLimited(@TempDir Path dir) throws Exception {
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            retentionDropsOldEpisodesOnly(new JdbcAlertStore(reports.dataSource(), reports.durableSql(),
                    json.mapper()));
        }
    }
}
