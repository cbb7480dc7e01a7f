package dev.brokertuner.collector.alerts;

import java.time.Duration;

/**
 * How long a failed delivery waits before its next attempt: {@code initial}, doubled after each failure, capped
 * at {@code max}; a receiver's {@code Retry-After} replaces it (capped at {@link #MAX_RETRY_AFTER}).
 *
 * @param initial the first wait
 * @param max     the longest wait
 */
public record Backoff(Duration initial, Duration max) {
    /** 5 s doubling up to 5 min: a receiver down for an hour is tried about 15 times. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    /** Longest Retry-After honoured. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /** The wait after the {@code attempt}-th failed attempt (1, 2, ...). */
    public Duration after(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        Duration d = initial;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
