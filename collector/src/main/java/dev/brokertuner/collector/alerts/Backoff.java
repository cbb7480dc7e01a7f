package dev.brokertuner.collector.alerts;

import java.time.Duration;

/**
 * How long a failed delivery waits before its next attempt: {@code initial}, doubled after each failure, capped
 * at {@code max}; a receiver's longer {@code Retry-After} (capped at {@link #MAX_RETRY_AFTER}) lengthens it, a
 * shorter one never shortens it. {@code initial} is at least 1 s outside tests.
 *
 * @param initial the first wait
 * @param max     the longest wait
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
    }

    /** 5 s doubling up to 5 min: a receiver down for an hour is tried about 15 times. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    /** Longest Retry-After honoured. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /**
     * The wait after the {@code attempt}-th failed attempt (1, 2, ...): the longer of the exponential backoff and
     * the receiver's {@code Retry-After} (capped at {@link #MAX_RETRY_AFTER}), so a {@code Retry-After: 0} (or a
     * date in the past) never makes a tight retry loop.
     */
    public Duration after(int attempt, Duration retryAfter) {
        Duration d = initial;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        d = d.compareTo(max) > 0 ? max : d;
        if (retryAfter != null) {
            Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            return asked.compareTo(d) > 0 ? asked : d;
        }
        return d;
    }
}
