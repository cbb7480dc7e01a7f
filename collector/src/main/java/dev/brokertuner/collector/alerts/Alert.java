package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * One episode of one alert key, as the store keeps it.
 *
 * @param id             stable for the episode (a UUID made when the finding is first seen)
 * @param key            host, rule, subject
 * @param cluster        the host's cluster key when last seen
 * @param state          pending, raised or cleared
 * @param severity       the severity now
 * @param seen           consecutive reports with the finding (counts up to the raise threshold)
 * @param absent         consecutive reports without it since it was last seen
 * @param firstSeenAt    when the first report of the episode was generated
 * @param raisedAt       when it was raised, null while pending
 * @param clearedAt      when it cleared, null unless cleared
 * @param lastNotifiedAt when the last RAISED/UPDATE was queued (for the repeat interval), null while pending
 * @param current        the value now, null when not applicable
 * @param recommended    the recommended value, null when not applicable
 * @param message        the suggested action and why (from the report's finding when it raised), null when none
 * @param ack            the acknowledgement, null when none
 */
public record Alert(String id, AlertKey key, String cluster, AlertState state, Severity severity, int seen,
                    int absent, Instant firstSeenAt, Instant raisedAt, Instant clearedAt, Instant lastNotifiedAt,
                    String current, String recommended, String message, Ack ack) {
    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
    }

    /**
     * An acknowledgement: someone has seen the alert; repeats stop.
     *
     * @param at      when
     * @param by      the token name that acknowledged it
     * @param comment why, may be empty
     */
    public record Ack(Instant at, String by, String comment) {
    }

    Alert with(AlertState s, Severity sev, int seenNow, int absentNow, Instant raised, Instant cleared,
               Instant notified, String cur, String rec) {
        return new Alert(id, key, cluster, s, sev, seenNow, absentNow, firstSeenAt, raised, cleared, notified, cur,
                rec, message, ack);
    }

    /** This alert with its message (the report's rationale, apply lines and doc link). */
    public Alert withMessage(String text) {
        return new Alert(id, key, cluster, state, severity, seen, absent, firstSeenAt, raisedAt, clearedAt,
                lastNotifiedAt, current, recommended, text, ack);
    }

    /** This alert in another cluster (the host moved). */
    public Alert inCluster(String c) {
        return new Alert(id, key, c, state, severity, seen, absent, firstSeenAt, raisedAt, clearedAt,
                lastNotifiedAt, current, recommended, message, ack);
    }

    /** This alert acknowledged. */
    public Alert acknowledged(Ack a) {
        return new Alert(id, key, cluster, state, severity, seen, absent, firstSeenAt, raisedAt, clearedAt,
                lastNotifiedAt, current, recommended, message, a);
    }
}
