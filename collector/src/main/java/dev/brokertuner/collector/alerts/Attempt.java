package dev.brokertuner.collector.alerts;

import java.time.Instant;

/**
 * One delivery attempt, kept for the alert's history.
 *
 * @param deliveryKey the notification
 * @param receiver    the receiver
 * @param number      1, 2, ...
 * @param at          when it ended
 * @param outcome     {@code delivered}, {@code retry} or {@code rejected}
 * @param detail      the receiver's answer or the failure
 */
public record Attempt(String deliveryKey, String receiver, int number, Instant at, String outcome, String detail) {
}
