package dev.brokertuner.collector.alerts;

import java.time.Instant;

/**
 * One notification to one receiver: the durable queue's row.
 *
 * @param deliveryKey   the notification's idempotency key
 * @param receiver      the receiver's name
 * @param seq           the notification's place in the queue (lower goes first)
 * @param alertId       the alert
 * @param status        the notification's status (RAISED, UPDATE, CLEAR)
 * @param state         pending, delivered or rejected
 * @param attempts      attempts so far
 * @param nextTryAt     when it may be tried (again)
 * @param lastResult    what the last attempt said, null before the first
 * @param lastAttemptAt when the last attempt ended, null before the first
 */
public record Delivery(String deliveryKey, String receiver, long seq, String alertId, AlertStatus status,
                       DeliveryState state, int attempts, Instant nextTryAt, String lastResult,
                       Instant lastAttemptAt) {
}
