package dev.brokertuner.agent.gather;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.HostFacts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the rules see: host and broker facts from one gathering, and the facts of the gatherings before it.
 * Rules read only this, so a rule that needs a trend (growth of the log dirs) or agreement across windows (no
 * flapping thread advice) stays pure: it judges {@link #earlier()} the same way it judges this one.
 *
 * @param at      when this gathering finished; null when unknown (hand-built snapshots in tests)
 * @param host    host facts (never null; unknown facts are null inside)
 * @param broker  broker facts (never null; status not-found or unreachable when there is no broker to read)
 * @param earlier earlier gatherings of this process, newest first, each without its own history; empty for
 *                {@code inspect} (a single window) and for the daemon's first gathering
 * @param historySize how many earlier gatherings this process keeps: 0 for {@code inspect} (it has one window and
 *                never more), the daemon's history length (e.g. 12) even while {@code earlier} is still filling, -1
 *                when not said (hand-built snapshots); it tells the daemon's first window from {@code inspect}'s
 */
public record Snapshot(Instant at, HostFacts host, BrokerFacts broker, List<Snapshot> earlier, int historySize) {
    public Snapshot {
        Objects.requireNonNull(host, "host");
        broker = broker == null ? BrokerFacts.notFound("broker side not gathered") : broker;
        earlier = earlier == null ? List.of() : earlier.stream().map(Snapshot::withoutHistory).toList();
    }

    /** A gathering whose process did not say how much history it keeps. */
    public Snapshot(Instant at, HostFacts host, BrokerFacts broker, List<Snapshot> earlier) {
        this(at, host, broker, earlier, -1);
    }

    /** A single window with no time and no history. */
    public Snapshot(HostFacts host, BrokerFacts broker) {
        this(null, host, broker, List.of());
    }

    /** This snapshot alone, as it is kept in a later one's history. */
    public Snapshot withoutHistory() {
        return earlier.isEmpty() ? this : new Snapshot(at, host, broker, List.of(), historySize);
    }

    /**
     * True when this process judges one window and never more: {@code inspect}, or a hand-built snapshot without
     * history. The daemon's first gathering is not a single window: more follow.
     */
    public boolean singleWindow() {
        return historySize == 0 || (historySize < 0 && earlier.isEmpty());
    }

    /** True when earlier gatherings are known (the daemon after its first window). */
    public boolean hasHistory() {
        return !earlier.isEmpty();
    }
}
