package dev.brokertuner.collector.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At most {@link #PER_MINUTE} test notifications per token in any minute (a sliding window): a test makes the
 * collector post to Slack, PagerDuty or a mailbox, so a token cannot flood a receiver through it. Thread-safe.
 */
final class TestRateLimit {
    /** Tests a token may send in a minute. */
    static final int PER_MINUTE = 5;
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> sent = new HashMap<>();

    /** Takes one send for {@code token} at {@code now}; empty when allowed, else how long until one is. */
    synchronized Optional<Duration> take(String token, Instant now) {
        Deque<Instant> times = sent.computeIfAbsent(token, t -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.pollFirst();
        }
        if (times.size() >= PER_MINUTE) {
            return Optional.of(Duration.between(now, times.peekFirst().plus(WINDOW)));
        }
        times.addLast(now);
        return Optional.empty();
    }
}
