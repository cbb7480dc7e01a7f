package dev.brokertuner.agent.daemon;

import dev.brokertuner.report.Report;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The report the REST API serves: swapped in whole after each gathering, so a reader never sees half of one.
 */
public final class LatestReport {
    /**
     * One published gathering.
     *
     * @param report         the report
     * @param completedAt    when the gathering finished
     * @param durationMillis how long it took (wall clock, sample window included)
     * @param sampled        false for a report read without a sample window (the daemon's first, served at once,
     *                       or every report when {@code sampleSeconds} is 0): its window rules are unknown
     */
    public record Published(Report report, Instant completedAt, long durationMillis, boolean sampled) {
        /** A sampled gathering. */
        public Published(Report report, Instant completedAt, long durationMillis) {
            this(report, completedAt, durationMillis, true);
        }
    }

    private final AtomicReference<Published> current = new AtomicReference<>();

    public void set(Published published) {
        current.set(published);
    }

    public Optional<Published> get() {
        return Optional.ofNullable(current.get());
    }
}
