package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker over a real H2 alert store, on a clock the test moves (it only waits for the worker's threads). */
class DeliveryWorkerTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static Notification raised(String alertId) {
        Notification n = Notifications.raised();
        return new Notification("key-" + alertId, alertId, AlertStatus.RAISED, n.ruleId(), n.severity(),
                n.cluster(), n.host(), n.subject(), n.title(), n.message(), n.current(), n.recommended(),
                n.docUrl(), T0, null, null, false);
    }

    static Alert alert(String id) {
        return new Alert(id, new AlertKey("kafka-1", "host.vm.swappiness", "vm.swappiness " + id), "c",
                AlertState.RAISED, Severity.WARNING, 2, 0, T0, T0, null, T0, "60", "1", null, null);
    }

    static DeliveryState state(AlertStore store, String alertId) throws Exception {
        return store.deliveries(alertId).get(0).state();
    }

    @Test
    void aNotificationTheReceiverNeverTakesIsGivenUpOnAndTheQueueGoesOn(@TempDir Path dir) throws Exception {
        ReportJson json = new ReportJson();
        MutableClock clock = new MutableClock(T0);
        List<String> taken = new CopyOnWriteArrayList<>();
        Receiver hook = new Receiver() {
            @Override
            public String name() {
                return "hook";
            }

            @Override
            public String type() {
                return "webhook";
            }

            @Override
            public DeliveryResult deliver(Notification n) {
                if (n.alertId().equals("a-poison")) {
                    return new DeliveryResult.Retry("HTTP 503", Duration.ZERO);
                }
                taken.add(n.alertId());
                return new DeliveryResult.Delivered("HTTP 200");
            }
        };
        try (H2ReportStore reports = H2ReportStore.open(dir, json.mapper())) {
            JdbcAlertStore store = new JdbcAlertStore(reports.dataSource(), reports.durableSql(), json.mapper());
            store.apply(new Step(List.of(alert("a-poison"), alert("a-next")), List.of(), List.of()),
                    List.of(new Outgoing(raised("a-poison"), List.of("hook"), null),
                            new Outgoing(raised("a-next"), List.of("hook"), null)), T0);
            try (DeliveryWorker worker = new DeliveryWorker(store, Map.of("hook", hook), clock,
                    new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5)), Duration.ofHours(1)).start()) {
                AlertDeliveryTest.await("the first attempt", () -> attempts(store, "a-poison") == 1);
                assertThat(state(store, "a-poison")).isEqualTo(DeliveryState.PENDING);
                assertThat(taken).as("strict order: nothing passes the failing head").isEmpty();
                clock.advance(Duration.ofMinutes(30));
                worker.wake();
                AlertDeliveryTest.await("the second attempt", () -> attempts(store, "a-poison") == 2);
                assertThat(worker.oldestWaitingSeconds()).isGreaterThanOrEqualTo(1800);
                assertThat(taken).isEmpty();
                // past the give-up age: dead-lettered, and the queue behind it moves on
                clock.advance(Duration.ofMinutes(31));
                worker.wake();
                AlertDeliveryTest.await("the next notification", () -> taken.contains("a-next"));
                assertThat(state(store, "a-poison")).isEqualTo(DeliveryState.EXPIRED);
                assertThat(store.attempts("a-poison")).extracting(Attempt::outcome)
                        .containsExactly("retry", "retry", "expired");
                assertThat(state(store, "a-next")).isEqualTo(DeliveryState.DELIVERED);
                assertThat(worker.expired()).isEqualTo(1);
                AlertDeliveryTest.await("an empty queue", () -> worker.oldestWaitingSeconds() == 0);
            }
        }
    }

    private static int attempts(AlertStore store, String alertId) {
        try {
            return store.attempts(alertId).size();
        } catch (AlertStoreException e) {
            return -1;
        }
    }
}
