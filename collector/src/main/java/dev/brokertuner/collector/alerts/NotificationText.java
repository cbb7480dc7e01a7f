package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Severity;

/** Wording every receiver shares: the one-line headline and the labels of severities and statuses. */
final class NotificationText {
    private NotificationText() {
    }

    /** {@code [RAISED] warning broker.threads.io on kafka-1: <title>}, {@code [TEST] ...} for a test. */
    static String headline(Notification n) {
        return "[" + (n.test() ? "TEST " : "") + n.status().name() + "] " + n.severity().wire() + " " + n.ruleId()
                + (n.host() == null ? "" : " on " + n.host()) + ": " + n.title();
    }

    /** {@code CRITICAL}, {@code WARN}, {@code INFO}: the Health+ spelling. */
    static String healthPlus(Severity s) {
        return switch (s) {
            case CRITICAL -> "CRITICAL";
            case WARNING -> "WARN";
            case INFO -> "INFO";
        };
    }

    /** {@code current -> recommended}, or whichever is known, null when neither. */
    static String change(Notification n) {
        if (n.current() == null && n.recommended() == null) {
            return null;
        }
        return (n.current() == null ? "?" : n.current()) + " -> " + (n.recommended() == null ? "?" : n.recommended());
    }

    /** The string cut to {@code max} characters (with an ellipsis), for fields with a vendor limit. */
    static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, Math.max(0, max - 1)) + "\u2026";
    }
}
