package dev.brokertuner.collector.store;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The reports in a store that several collectors write ({@link SharedStore}), as {@code /metrics} shows them:
 * counted in the store, so every collector shows the fleet's count and not its own writes, at most once per
 * {@code maxAge} (a scrape loop must not turn into a {@code COUNT(*)} loop). While the store cannot be read the last
 * count stays ({@code /health} says {@code store-failing} then).
 */
public final class SharedReportCount implements Supplier<Number> {
    private final ReportStore store;
    private final Clock clock;
    private final long maxAgeMillis;
    private long count;
    private long countedAt;
    private boolean counted;

    public SharedReportCount(ReportStore store, Clock clock, Duration maxAge, long initial) {
        this.store = store;
        this.clock = clock;
        this.maxAgeMillis = maxAge.toMillis();
        this.count = initial;
        this.countedAt = clock.millis();
        this.counted = true;
    }

    @Override
    public synchronized Number get() {
        long now = clock.millis();
        if (!counted || now - countedAt >= maxAgeMillis) {
            countedAt = now;
            try {
                count = store.reportCount();
                counted = true;
            } catch (StoreException e) {
                // keep the last count; the store's failure shows on /health and the writer's gauges
            }
        }
        return count;
    }
}
