package dev.brokertuner.agent.workload;

import java.time.Duration;
import java.util.Optional;

/**
 * The counters read at the end of one gathering's window, kept so that the next gathering's window starts from them
 * instead of reading them again (issue 15: fewer JMX round trips, not fewer facts). The rates then span the time
 * from that read to this gathering's end read, not only the sample window. A kept read starts the next window only
 * when it came over the same connection (a reconnect may be a restarted or another broker), from the same broker JVM
 * (its {@code java.lang:type=Runtime StartTime} unchanged: a restarted broker's counters begin again at zero), and
 * is at most {@link #MAX_AGE} old; otherwise {@link #take} is empty and the caller reads the start inside the window
 * as before. A counter that still went back (a topic deleted and created again under the same broker) is the
 * caller's to treat as unknown. Thread-safe: a JMX read abandoned after a timeout may still call {@link #keep}.
 *
 * @param <T> what is kept (the per-topic counts, the workload counters)
 */
public final class CarriedStart<T> {
    /**
     * The oldest kept read that may start a window: 120 s, four of the daemon's default 30 s intervals, so that a
     * late gathering still carries while the rates stay recent. broker-tuner's own bound (a heuristic): a window of
     * up to two minutes averages about as long as the one-minute rates Kafka's meters report themselves (an EWMA
     * with a one-minute time constant), which is what a single read uses; past it a burst the rules look for would
     * be smoothed over several minutes. A daemon configured with a longer interval reads every window's start
     * inside the window, as before. The per-topic meters, read every {@code workload.topicMetersSeconds} rather than
     * every gathering, carry theirs up to {@link MeterCadence#bound} (2 x the period + 30 s, never under this).
     */
    public static final Duration MAX_AGE = Duration.ofSeconds(120);

    private record Kept<T>(T value, Object connection, long brokerStart, long nanos) {
    }

    private final long maxAgeNanos;
    private Kept<T> kept;

    public CarriedStart() {
        this(MAX_AGE);
    }

    /** @param maxAge the oldest kept read that may start a window */
    public CarriedStart(Duration maxAge) {
        this.maxAgeNanos = maxAge.toNanos();
    }

    /**
     * Keeps the end of a window for the next one.
     *
     * @param connection  the connection it was read over (compared by identity)
     * @param brokerStart the broker JVM's start time read with it; null keeps nothing (it could not be checked)
     * @param nanos       when it was read ({@code nanoTime})
     */
    public synchronized void keep(T value, Object connection, Long brokerStart, long nanos) {
        kept = value == null || connection == null || brokerStart == null ? null
                : new Kept<>(value, connection, brokerStart, nanos);
    }

    /**
     * The kept read when it may start a window read over {@code connection} from the broker started at
     * {@code brokerStart}, at {@code now}; empty (the caller reads the start in the window) otherwise.
     */
    public synchronized Optional<T> take(Object connection, Long brokerStart, long now) {
        Kept<T> k = kept;
        if (k == null || connection != k.connection() || brokerStart == null || brokerStart != k.brokerStart()) {
            return Optional.empty();
        }
        long age = now - k.nanos();
        return age < 0 || age > maxAgeNanos ? Optional.empty() : Optional.of(k.value());
    }

    /** Forgets the kept read: the next window reads its own start. */
    public synchronized void clear() {
        kept = null;
    }
}
