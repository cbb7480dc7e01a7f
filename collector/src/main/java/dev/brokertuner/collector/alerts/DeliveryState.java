package dev.brokertuner.collector.alerts;

/** Where one notification stands with one receiver. */
public enum DeliveryState {
    /** Not delivered yet: waiting for its turn or its next try. */
    PENDING,
    /** The receiver took it. */
    DELIVERED,
    /** The receiver refused it for good ({@link DeliveryResult.Rejected}); not retried. */
    REJECTED,
    /**
     * Dead-lettered: still failing when older than the give-up age ({@code alerts.giveUpAfterHours}), so the
     * receiver's later notifications are not held up behind it for ever; not retried.
     */
    EXPIRED
}
