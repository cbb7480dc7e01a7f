package dev.brokertuner.collector.alerts;

/** Where an alert's episode stands. */
public enum AlertState {
    /** Seen, but in fewer consecutive reports than {@code raiseAfterReports}: not notified, not shown as open. */
    PENDING,
    /** Open: RAISED was notified and CLEAR not yet. */
    RAISED,
    /** Over: CLEAR was notified. The row stays as history. */
    CLEARED
}
