package dev.brokertuner.collector.store;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a {@link SharedStore}'s change feed every {@link #EVERY_MILLIS} ms on a thread of its own, handing each
 * changed host to {@code onChange} (the in-memory index and host owners; a host this collector stored itself comes
 * back too, which is harmless since both only move forward), and ticks the {@link LeaderLock}. Each poll's outcome
 * goes to {@code onHealth}, so {@code /health} says {@code store-failing} while the store cannot be read even when
 * no report is being written.
 *
 * <p>A poll rather than {@code LISTEN/NOTIFY}: a notification is lost while a listener's connection is down (an
 * outage, a pool recycle), so a poll would be needed behind it anyway; the poll is one indexed range query that
 * returns nothing most of the time, and 2 of them a second per collector is negligible for PostgreSQL.
 */
public final class StoreFeed implements AutoCloseable {
    /** How often the feed is polled: a host stored by another collector shows here within about this long. */
    public static final long EVERY_MILLIS = 500;
    /** Most hosts taken in one poll; the next poll goes on at once when the limit was reached. */
    static final int LIMIT = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(StoreFeed.class);

    private final SharedStore store;
    private final LeaderLock lock;
    private final Consumer<SharedStore.HostChange> onChange;
    private final Consumer<Boolean> onHealth;
    private final Thread thread;
    private volatile long position;
    private volatile boolean running = true;
    private boolean failing;

    /**
     * Starts following from {@code position} (read with {@link SharedStore#feedPosition()} before the index was
     * loaded).
     */
    public StoreFeed(SharedStore store, long position, LeaderLock lock, Consumer<SharedStore.HostChange> onChange,
                     Consumer<Boolean> onHealth) {
        this.store = store;
        this.lock = lock;
        this.position = position;
        this.onChange = onChange;
        this.onHealth = onHealth;
        this.thread = new Thread(this::run, "store-feed");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The last position applied. */
    public long position() {
        return position;
    }

    /** True while this collector owns the once-only work. */
    public boolean ownsOnceWork() {
        return lock.held();
    }

    private void run() {
        while (running) {
            boolean more = poll();
            lock.tick();
            if (!more) {
                try {
                    Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One poll; true when the limit was reached (more to read). */
    private boolean poll() {
        try {
            SharedStore.HostChanges changes = store.changesSince(position, LIMIT);
            changes.changes().forEach(onChange);
            position = changes.position();
            if (failing) {
                LOG.info("the store's change feed works again");
            }
            failing = false;
            onHealth.accept(true);
            return changes.changes().size() >= LIMIT;
        } catch (StoreException | RuntimeException e) {
            if (!failing) {
                LOG.warn("the store's change feed failed; retrying every {} ms: {}", EVERY_MILLIS, e.getMessage());
            }
            failing = true;
            onHealth.accept(false);
            return false;
        }
    }

    /** Stops polling and releases the lock. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.close();
    }
}
