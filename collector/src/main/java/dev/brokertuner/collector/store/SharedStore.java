package dev.brokertuner.collector.store;

import dev.brokertuner.collector.fleet.HostSummary;
import java.util.List;

/**
 * A store that several collectors share ({@link PostgresReportStore}): each keeps its own in-memory index and
 * follows what the others stored through a change feed of the latest-per-host rows, and one of them at a time owns
 * the fleet's once-only work through {@link #onceLock()}.
 */
public interface SharedStore extends ReportStore {
    /**
     * One changed host.
     *
     * @param summary its latest summary
     * @param owner   the token name that registered it
     */
    record HostChange(HostSummary summary, String owner) {
    }

    /**
     * Hosts changed after a feed position.
     *
     * @param changes  in feed order
     * @param position the position to ask from next (the same as asked when nothing changed)
     */
    record HostChanges(List<HostChange> changes, long position) {
        public HostChanges {
            changes = List.copyOf(changes);
        }
    }

    /** The feed's current position: read it before {@link #latestSummaries()} and follow from it. */
    long feedPosition() throws StoreException;

    /** Hosts whose latest row changed after {@code position}, at most {@code limit} of them. */
    HostChanges changesSince(long position, int limit) throws StoreException;

    /** A new, not yet held, claim on the once-only work (its own database session). */
    LeaderLock onceLock();
}
