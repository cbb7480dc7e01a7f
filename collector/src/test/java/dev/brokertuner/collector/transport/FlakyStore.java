package dev.brokertuner.collector.transport;

import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.store.HistoryEntry;
import dev.brokertuner.collector.store.Incoming;
import dev.brokertuner.collector.store.ReportStore;
import dev.brokertuner.collector.store.StoreException;
import dev.brokertuner.collector.store.StoreOutcome;
import dev.brokertuner.collector.store.ThroughputSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A real store whose writes fail while {@link #failing} is set, as a database outage does. */
final class FlakyStore implements ReportStore {
    private final ReportStore real;
    volatile boolean failing;
    final AtomicInteger failedBatches = new AtomicInteger();

    FlakyStore(ReportStore real) {
        this.real = real;
    }

    @Override
    public List<StoreOutcome> store(List<Incoming> batch) throws StoreException {
        if (failing) {
            failedBatches.incrementAndGet();
            throw new StoreException("connection to the database lost", null);
        }
        return real.store(batch);
    }

    @Override
    public List<HostSummary> latestSummaries() throws StoreException {
        return real.latestSummaries();
    }

    @Override
    public Map<String, String> hostOwners() throws StoreException {
        return real.hostOwners();
    }

    @Override
    public Optional<byte[]> report(String reportId) throws StoreException {
        return real.report(reportId);
    }

    @Override
    public List<HistoryEntry> history(String hostname, int limit) throws StoreException {
        return real.history(hostname, limit);
    }

    @Override
    public List<ThroughputSample> throughput(String clusterKey, Instant since) throws StoreException {
        return real.throughput(clusterKey, since);
    }

    @Override
    public int deleteReceivedBefore(Instant cutoff) throws StoreException {
        return real.deleteReceivedBefore(cutoff);
    }

    @Override
    public long reportCount() throws StoreException {
        return real.reportCount();
    }

    @Override
    public javax.sql.DataSource dataSource() {
        return real.dataSource();
    }

    @Override
    public long sizeBytes() {
        return real.sizeBytes();
    }

    @Override
    public void close() {
        real.close();
    }
}
