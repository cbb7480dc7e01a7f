package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Severity;
import java.time.Instant;

/** Notifications for receiver tests. */
final class Notifications {
    static final Instant RAISED = Instant.parse("2026-12-01T12:00:00Z");
    static final Instant CLEARED = Instant.parse("2026-12-01T12:30:00Z");

    private Notifications() {
    }

    static Notification raised() {
        return new Notification("a-17-raised", "a-17", AlertStatus.RAISED, "host.vm.swappiness", Severity.WARNING,
                "payments-prod", "kafka-1", "vm.swappiness", "vm.swappiness is 60",
                "Set vm.swappiness to 1 so the kernel keeps the broker's heap in memory: sysctl -w vm.swappiness=1",
                "60", "1", "https://docs.example/rules#host.vm.swappiness", RAISED, null,
                "https://collector.example/ui/#/alerts/a-17", false);
    }

    static Notification cleared() {
        Notification r = raised();
        return new Notification("a-17-clear", r.alertId(), AlertStatus.CLEAR, r.ruleId(), r.severity(), r.cluster(),
                r.host(), r.subject(), r.title(), r.message(), r.current(), r.recommended(), r.docUrl(),
                r.raisedAt(), CLEARED, r.dashboardUrl(), false);
    }

    static Notification critical() {
        Notification r = raised();
        return new Notification("a-17-update", r.alertId(), AlertStatus.UPDATE, r.ruleId(), Severity.CRITICAL,
                r.cluster(), r.host(), r.subject(), "a <b> & c", "use <!channel> & more", null, null, null,
                r.raisedAt(), null, null, false);
    }
}
