package dev.brokertuner.collector.fleet;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@link HostSummary} of every host, in memory, so fleet views never read the database. Loaded from the
 * store at start, then updated by the store's writer after each commit. Thread-safe: one writer, many readers.
 */
public final class FleetIndex {
    private final Map<String, HostSummary> byHost = new ConcurrentHashMap<>();

    /**
     * Puts {@code s} unless the index holds a report of that host that orders later ({@link HostSummary#orderAt()}).
     * Returns true when it did.
     */
    public boolean offer(HostSummary s) {
        boolean[] taken = {false};
        byHost.compute(s.hostname(), (k, old) -> {
            if (old == null || !old.orderAt().isAfter(s.orderAt())) {
                taken[0] = true;
                return s;
            }
            return old;
        });
        return taken[0];
    }

    /** The host's latest summary. */
    public Optional<HostSummary> host(String hostname) {
        return Optional.ofNullable(byHost.get(hostname));
    }

    /** A snapshot of all hosts. */
    public List<HostSummary> all() {
        return List.copyOf(byHost.values());
    }

    /** The hosts of one cluster. */
    public List<HostSummary> cluster(String key) {
        return byHost.values().stream().filter(h -> h.clusterKey().equals(key)).toList();
    }

    /** How many hosts. */
    public int size() {
        return byHost.size();
    }

    /** Replaces everything (at start, from the store). */
    public void load(Collection<HostSummary> hosts) {
        byHost.clear();
        hosts.forEach(this::offer);
    }
}
