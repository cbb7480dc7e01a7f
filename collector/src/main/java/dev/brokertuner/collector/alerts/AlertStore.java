package dev.brokertuner.collector.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable side of alerting: alert episodes, their notifications, the delivery queue with every attempt,
 * silences and acknowledgements. All methods block; call them off the event loop. A lifecycle step and the
 * notifications it makes are written in one transaction ({@link #apply}), so a crash never keeps one without the
 * other.
 */
public interface AlertStore extends AutoCloseable {
    /** Which alerts a listing holds. */
    enum Filter {
        /** Open alerts. */
        RAISED,
        /** Ended episodes. */
        CLEARED,
        /** Both (never pending ones). */
        ALL
    }

    /** Pending and raised alerts, to rebuild the in-memory lifecycle state at start. */
    List<Alert> open() throws AlertStoreException;

    /**
     * Reads again what another writer of a shared store may have moved on (the notification sequence): called by a
     * collector that takes over the lifecycle.
     */
    default void resync() throws AlertStoreException {
    }

    /**
     * Writes a step in one durable transaction: upserts its alerts, deletes the dropped pending ones, inserts each
     * notification and one pending delivery per routed receiver.
     */
    void apply(Step step, List<Outgoing> notifications, Instant at) throws AlertStoreException;

    Optional<Alert> alert(String id) throws AlertStoreException;

    /** Alerts, raised first, then by severity (critical first), then newest first; at most {@code limit}. */
    List<Alert> alerts(Filter filter, String cluster, int limit) throws AlertStoreException;

    /** The alert's notifications, oldest first. */
    List<StoredNotification> notifications(String alertId) throws AlertStoreException;

    /** The alert's deliveries, oldest first. */
    List<Delivery> deliveries(String alertId) throws AlertStoreException;

    /** The alert's latest {@link #MAX_ATTEMPTS} delivery attempts, oldest first. */
    List<Attempt> attempts(String alertId) throws AlertStoreException;

    /** Most attempts {@link #attempts} returns (a receiver down for a day is tried a few hundred times). */
    int MAX_ATTEMPTS = 100;

    /**
     * Retention: deletes the episodes cleared before {@code before} (with their notifications, deliveries and
     * attempts; not one with a delivery still pending), attempts made before it, and silences that expired before
     * it. Open alerts and their notifications stay. Returns the episodes deleted.
     */
    int deleteBefore(Instant before) throws AlertStoreException;

    /** The receiver's oldest pending delivery with its notification, empty when none. */
    Optional<Queued> next(String receiver) throws AlertStoreException;

    /**
     * Records an attempt and the delivery's new state: delivered and rejected are final; pending waits until
     * {@code nextTryAt}.
     */
    void attempted(Attempt attempt, DeliveryState state, Instant nextTryAt) throws AlertStoreException;

    /** Acknowledges an open alert; false when there is no such raised alert. */
    boolean ack(String alertId, Alert.Ack ack) throws AlertStoreException;

    void addSilence(Silence s) throws AlertStoreException;

    /** Silences not expired at {@code now}, soonest to expire first. */
    List<Silence> silences(Instant now) throws AlertStoreException;

    /** Deletes a silence (it stops at once); false when there is none. */
    boolean deleteSilence(String id) throws AlertStoreException;

    @Override
    void close();

    /**
     * A delivery with the notification it carries.
     *
     * @param delivery     the row
     * @param notification the notification
     * @param createdAt    when the lifecycle made the notification, null when not known
     */
    record Queued(Delivery delivery, Notification notification, Instant createdAt) {
        /** Without its creation time. */
        public Queued(Delivery delivery, Notification notification) {
            this(delivery, notification, null);
        }
    }
}
