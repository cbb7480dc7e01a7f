package dev.brokertuner.collector.alerts;

/**
 * An alert that must be notified: it was raised, changed severity (or repeats), or cleared.
 *
 * @param alert  the alert after the change
 * @param status what to notify
 */
public record Transition(Alert alert, AlertStatus status) {
}
