package dev.brokertuner.collector.alerts;

/** What a notification says happened to an alert's episode. */
public enum AlertStatus {
    /** The episode began: the finding was seen in enough consecutive reports. */
    RAISED,
    /** The episode goes on with another severity (or, with a repeat interval, is still open). */
    UPDATE,
    /** The episode ended: the finding was absent from enough consecutive reports. */
    CLEAR
}
