package dev.brokertuner.agent.daemon;

import dev.brokertuner.report.Report;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The report the REST API serves: swapped in whole after each gathering, so a reader never sees half of one.
 */
public final class LatestReport {
    /** Which report is served, as {@code /health} names it ({@code report}). */
    public enum Kind {
        /** The earliest: host facts, the broker not read yet, every rule unknown (not read yet). */
        HOST_ONLY("host-only"),
        /** Read without a sample window (the first with the broker, or every one with {@code sampleSeconds: 0}). */
        UNSAMPLED("unsampled"),
        /** Read over the sample window. */
        SAMPLED("sampled");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * One published gathering.
     *
     * @param report         the report
     * @param completedAt    when the gathering finished
     * @param durationMillis how long it took (wall clock, sample window included)
     * @param kind           host-only (the daemon's earliest, before the broker's network reads answer), unsampled
     *                       (read without a sample window: the first with the broker, or every report when
     *                       {@code sampleSeconds} is 0; its window rules are unknown) or sampled
     */
    public record Published(Report report, Instant completedAt, long durationMillis, Kind kind) {
        /** A sampled gathering. */
        public Published(Report report, Instant completedAt, long durationMillis) {
            this(report, completedAt, durationMillis, Kind.SAMPLED);
        }

        /** A sampled or unsampled gathering. */
        public Published(Report report, Instant completedAt, long durationMillis, boolean sampled) {
            this(report, completedAt, durationMillis, sampled ? Kind.SAMPLED : Kind.UNSAMPLED);
        }

        /** Whether it was read over a sample window. */
        public boolean sampled() {
            return kind == Kind.SAMPLED;
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
