package dev.brokertuner.agent.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * When a top topic's per-topic meters are read (issue 15: 80 of the daemon's ~149 JMX calls per window were these
 * meters, and the workload advice they feed, producer batching, compression and partitions, works on slow levers for
 * which a one- to two-minute rate is as good as a 30 s one). Per gathering each top topic is one of:
 * <ul>
 *   <li><b>start</b>: its {@code Count}s read at the start of the sample window and at its end, as on a first
 *   gathering: the topic is new to the top K, or no kept read may start its window (none kept, another connection,
 *   a restarted broker JVM, older than {@link #bound});</li>
 *   <li><b>end</b>: due, only the end read, its rates spanning the time since its last read: at least
 *   {@code workload.topicMetersSeconds} (less {@link #TOLERANCE} of it) since that read;</li>
 *   <li><b>carried</b>: not read; the report carries its last rates, with their span and when they were read.</li>
 * </ul>
 * Spread: all top topics start together on a first gathering, so they would all come due together every period
 * (80 calls one gathering, none the next two). So at most {@code ceil(topics x interval / period)} due topics are read
 * per gathering (the interval is the time since the previous gathering), the longest unread first; the rest wait for
 * the next gathering, unless waiting would take them past the bound. After one period the reads are even (about 7 of
 * 20 topics per gathering at a 30 s interval and 90 s period) and every topic is read once per period. A period of 0
 * reads every topic every gathering (as before). Pure: the caller keeps the state.
 */
public final class MeterCadence {
    /** The default {@code workload.topicMetersSeconds}: three of the daemon's default 30 s intervals. */
    public static final int DEFAULT_SECONDS = 90;
    /** The largest accepted: 5 minutes (the rates of slow levers, still recent). */
    public static final int MAX_SECONDS = 300;
    /**
     * A topic is due once this fraction of the period short of it has passed (90 s: 81 s), so that a gathering a
     * little early (the interval is kept from the daemon's start, a read finishes a few hundred ms sooner) does not
     * push the read a whole interval later.
     */
    static final double TOLERANCE = 0.1;
    /** The bound's margin over two periods: one default interval, a gathering late by a slow read. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private MeterCadence() {
    }

    /**
     * What one gathering reads, each list in the order of the topics given.
     *
     * @param start   topics whose start is read in the window (and their end)
     * @param end     topics read at the end of the window only (their start is their last read)
     * @param carried topics not read: their last rates are reported
     */
    public record Plan(List<String> start, List<String> end, List<String> carried) {
        public Plan {
            start = List.copyOf(start);
            end = List.copyOf(end);
            carried = List.copyOf(carried);
        }
    }

    /**
     * The oldest kept read that may start a topic's window: the period, plus one more period by which the spread may
     * defer a due read, plus {@link #MARGIN}; never under {@link CarriedStart#MAX_AGE} (120 s, the bound before the
     * cadence). 210 s at the default 90 s period.
     */
    public static Duration bound(Duration period) {
        Duration b = period.multipliedBy(2).plus(MARGIN);
        return b.compareTo(CarriedStart.MAX_AGE) < 0 ? CarriedStart.MAX_AGE : b;
    }

    /**
     * @param topics   this gathering's top topics, in rank order
     * @param lastRead when each topic's last end read was ({@code nanoTime}), only for the topics whose kept read may
     *                 start their window (same connection and broker JVM) and whose last rates are kept
     * @param now      {@code nanoTime} now
     * @param period   {@code workload.topicMetersSeconds}; zero reads every topic every gathering
     * @param interval the time since the previous gathering, null when unknown (the first): no spread then
     */
    public static Plan plan(List<String> topics, Map<String, Long> lastRead, long now, Duration period,
                            Duration interval) {
        long periodNanos = period.toNanos();
        long boundNanos = bound(period).toNanos();
        long dueAfter = (long) (periodNanos * (1 - TOLERANCE));
        List<String> start = new ArrayList<>();
        List<String> due = new ArrayList<>();
        List<String> carried = new ArrayList<>();
        for (String t : topics) {
            Long at = lastRead.get(t);
            if (at == null || now - at < 0 || now - at > boundNanos) {
                start.add(t);
            } else if (now - at >= dueAfter) {
                due.add(t);
            } else {
                carried.add(t);
            }
        }
        if (interval == null || periodNanos <= 0 || due.isEmpty()) {
            return new Plan(start, due, carried);
        }
        long intervalNanos = Math.max(0, interval.toNanos());
        long cap = Math.max(1, (long) Math.ceil((double) topics.size() * intervalNanos / periodNanos));
        // the longest unread first; ties in rank order (the list's order)
        List<String> byAge = new ArrayList<>(due);
        byAge.sort(Comparator.comparingLong((String t) -> lastRead.get(t)));
        List<String> read = new ArrayList<>();
        for (String t : byAge) {
            // one that would pass the bound by the next gathering is read now, whatever the cap
            if (read.size() < cap || now - lastRead.get(t) + intervalNanos > boundNanos) {
                read.add(t);
            }
        }
        List<String> end = due.stream().filter(read::contains).toList();
        List<String> waiting = new ArrayList<>(carried);
        due.stream().filter(t -> !read.contains(t)).forEach(waiting::add);
        List<String> carriedInOrder = topics.stream().filter(waiting::contains).toList();
        return new Plan(start, end, carriedInOrder);
    }
}
