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
 */
public record Snapshot(Instant at, HostFacts host, BrokerFacts broker, List<Snapshot> earlier) {
    public Snapshot {
        Objects.requireNonNull(host, "host");
        broker = broker == null ? BrokerFacts.notFound("broker side not gathered") : broker;
        earlier = earlier == null ? List.of() : earlier.stream().map(Snapshot::withoutHistory).toList();
    }

    /** A single window with no time and no history. */
    public Snapshot(HostFacts host, BrokerFacts broker) {
        this(null, host, broker, List.of());
    }

    /** This snapshot alone, as it is kept in a later one's history. */
    public Snapshot withoutHistory() {
        return earlier.isEmpty() ? this : new Snapshot(at, host, broker, List.of());
    }

    /** True when earlier gatherings are known (the daemon after its first window). */
    public boolean hasHistory() {
        return !earlier.isEmpty();
    }
}
