package dev.brokertuner.collector.store;

import dev.brokertuner.collector.fleet.HostSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collector's durable store: every report for the retention period and the latest per host. The one seam
 * between the collector and its database, so a server database can replace the embedded one. All methods block;
 * call them off the event loop.
 */
public interface ReportStore extends AutoCloseable {
    /**
     * Stores a batch in one transaction and makes it durable before returning: a process killed after this returns
     * keeps every report of the batch. Outcomes are in batch order; a report id already stored (or twice in the
     * batch) is {@link StoreOutcome#DUPLICATE}. The latest-per-host record moves only forward in
     * {@link HostSummary#orderAt()} (the earlier of generatedAt and receivedAt, so a report dated in the future
     * cannot pin a host). A host seen for the first time is registered to the report's sender.
     */
    List<StoreOutcome> store(List<Incoming> batch) throws StoreException;

    /** The latest summary of every host, to rebuild the in-memory index at start. */
    List<HostSummary> latestSummaries() throws StoreException;

    /** Each registered host's owner: the name of the token that first stored a report for it. */
    Map<String, String> hostOwners() throws StoreException;

    /** A stored report's JSON. */
    Optional<byte[]> report(String reportId) throws StoreException;

    /** The host's stored reports, newest first, without bodies. */
    List<HistoryEntry> history(String hostname, int limit) throws StoreException;

    /** Throughput samples of a cluster's reports generated since {@code since}, oldest first. */
    List<ThroughputSample> throughput(String clusterKey, Instant since) throws StoreException;

    /** Deletes reports received before {@code cutoff}, except each host's latest. Returns how many. */
    int deleteReceivedBefore(Instant cutoff) throws StoreException;

    /** Reports stored. */
    long reportCount() throws StoreException;

    /** The database, for the tables that live beside the reports (alerts). */
    javax.sql.DataSource dataSource();

    /** SQL to run after a commit that must survive a kill ({@code CHECKPOINT SYNC} on H2), null when a commit is. */
    default String durableSql() {
        return null;
    }

    /** Bytes the store takes on disk. */
    long sizeBytes();

    @Override
    void close();
}
