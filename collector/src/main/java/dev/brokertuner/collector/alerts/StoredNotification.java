package dev.brokertuner.collector.alerts;

import java.time.Instant;

/**
 * A notification as the store keeps it.
 *
 * @param seq          its place in the queue
 * @param createdAt    when the lifecycle made it
 * @param silencedBy   the silence that held it back, null when none
 * @param notification what is sent
 */
public record StoredNotification(long seq, Instant createdAt, String silencedBy, Notification notification) {
}
