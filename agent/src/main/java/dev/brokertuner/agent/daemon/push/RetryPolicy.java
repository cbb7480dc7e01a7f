package dev.brokertuner.agent.daemon.push;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * When to try the collector again: exponential backoff from 1 s doubling to a 60 s cap, with full jitter (a random
 * delay between half and all of the step, so a fleet restarted together does not retry in step), and at least what
 * the collector asked for in {@code Retry-After} (seconds or an HTTP date).
 */
public final class RetryPolicy {
    static final long BASE_MILLIS = 1_000;
    static final long CAP_MILLIS = 60_000;

    private final DoubleSupplier random;

    /** @param random uniform in [0, 1); injected so tests are repeatable */
    public RetryPolicy(DoubleSupplier random) {
        this.random = random;
    }

    /** Whether an HTTP status is worth retrying (429 and 5xx), as opposed to a rejection of the report. */
    public static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /**
     * Delay before attempt {@code failures + 1}.
     *
     * @param failures   consecutive failures so far (1 after the first)
     * @param retryAfter the collector's Retry-After header, may be null
     * @param now        for HTTP-date Retry-After values
     */
    public long delayMillis(int failures, String retryAfter, Instant now) {
        long step = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(Math.max(failures - 1, 0), 16));
        long jittered = step / 2 + (long) (random.getAsDouble() * (step / 2.0));
        return Math.max(jittered, retryAfterMillis(retryAfter, now));
    }

    /** Retry-After in milliseconds, 0 when absent or unparseable; capped at 10 minutes. */
    static long retryAfterMillis(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        String h = header.trim();
        long millis;
        try {
            millis = Long.parseLong(h) * 1000;
        } catch (NumberFormatException e) {
            try {
                millis = Duration.between(now, ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()).toMillis();
            } catch (DateTimeParseException e2) {
                return 0;
            }
        }
        return Math.max(0, Math.min(millis, 600_000));
    }
}
