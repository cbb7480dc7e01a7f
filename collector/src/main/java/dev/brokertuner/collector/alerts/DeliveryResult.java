package dev.brokertuner.collector.alerts;

import java.time.Duration;

/** How one delivery attempt of a notification to a receiver ended. */
public sealed interface DeliveryResult {
    /** The receiver took it (for HTTP, a 2xx). */
    record Delivered(String detail) implements DeliveryResult {
    }

    /**
     * It may work later: a connection failure, a timeout, a 429 or 5xx, an SMTP 4xx.
     *
     * @param reason why, for the delivery log
     * @param after  how long the receiver asked to wait ({@code Retry-After}), null to use the queue's backoff
     */
    record Retry(String reason, Duration after) implements DeliveryResult {
    }

    /** It will never work as sent (a 4xx other than 408/429, an SMTP 5xx): recorded, not retried. */
    record Rejected(String reason) implements DeliveryResult {
    }
}
