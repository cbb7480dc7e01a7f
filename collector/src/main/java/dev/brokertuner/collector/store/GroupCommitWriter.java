package dev.brokertuner.collector.store;

import dev.brokertuner.collector.fleet.FleetIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Funnels ingest into the store through one thread: it takes whatever is queued (up to {@link #MAX_BATCH}), stores
 * it as one durable transaction ({@link ReportStore#store}), then completes each submitter's future and updates the
 * {@link FleetIndex}. One fsync serves a whole batch, which is how ingest keeps up with thousands of agents while
 * answering 202 only for reports on disk. The queue is bounded: {@link #submit} returns empty when it is full, and
 * ingest answers 503 so the agent retries later.
 */
public final class GroupCommitWriter implements AutoCloseable {
    /** Most reports in one transaction. */
    public static final int MAX_BATCH = 512;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending(Incoming incoming, CompletableFuture<StoreOutcome> done) {
    }

    private final ReportStore store;
    private final FleetIndex index;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean running = true;
    private final java.util.function.Consumer<List<Incoming>> afterCommit;
    private volatile boolean healthy = true;
    private volatile boolean observedHealthy = true;

    public GroupCommitWriter(ReportStore store, FleetIndex index, int capacity) {
        this(store, index, capacity, batch -> { });
    }

    /**
     * @param afterCommit called on the writer's thread with each committed batch's newly stored reports (never
     *                    duplicates), after their submitters were answered; it must not block for long (the alert
     *                    lifecycle hands the batch to its own thread)
     */
    public GroupCommitWriter(ReportStore store, FleetIndex index, int capacity,
                             java.util.function.Consumer<List<Incoming>> afterCommit) {
        this.afterCommit = afterCommit;
        this.store = store;
        this.index = index;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a report. The stage completes once the report's batch is durable, or fails with a
     * {@link StoreException}. Returns null when the queue is full (overload).
     */
    public CompletionStage<StoreOutcome> submit(Incoming incoming) {
        CompletableFuture<StoreOutcome> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(incoming, done))) {
            return null;
        }
        return done;
    }

    /** Reports waiting. */
    public int pending() {
        return queue.size();
    }

    /** Reports stored since start (duplicates excluded). */
    public long stored() {
        return stored.get();
    }

    /** Transactions committed since start. */
    public long batches() {
        return batches.get();
    }

    /**
     * False after the last batch failed, until one succeeds, and while another use of the store fails
     * ({@link #observe}).
     */
    public boolean healthy() {
        return healthy && observedHealthy;
    }

    /**
     * Another use of the same store (the change feed's poll) worked or failed, so {@code /health} says
     * {@code store-failing} during an outage even when no report is arriving. A working read does not clear a
     * failed batch: only a stored batch does.
     */
    public void observe(boolean storeWorks) {
        observedHealthy = storeWorks;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done().completeExceptionally(new StoreException("the collector is stopping", null));
        }
    }

    private void write(List<Pending> batch) {
        List<Incoming> incoming = batch.stream().map(Pending::incoming).toList();
        List<StoreOutcome> outcomes;
        try {
            outcomes = store.store(incoming);
        } catch (StoreException | RuntimeException e) {
            if (healthy) {
                LOG.error("the store failed; ingest answers 503 until it recovers: {}", e.getMessage());
            }
            healthy = false;
            StoreException failure = e instanceof StoreException se ? se
                    : new StoreException("store failure: " + e, e);
            batch.forEach(p -> p.done().completeExceptionally(failure));
            return;
        }
        if (!healthy) {
            LOG.info("the store works again");
        }
        healthy = true;
        batches.incrementAndGet();
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) == StoreOutcome.STORED) {
                stored.incrementAndGet();
                index.offer(batch.get(i).incoming().summary());
            }
            batch.get(i).done().complete(outcomes.get(i));
        }
        List<Incoming> fresh = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes.get(i) == StoreOutcome.STORED) {
                fresh.add(batch.get(i).incoming());
            }
        }
        if (!fresh.isEmpty()) {
            try {
                afterCommit.accept(fresh);
            } catch (RuntimeException e) {
                LOG.warn("after-commit hook failed: {}", e.toString());
            }
        }
    }

    /** Stops taking reports, stores what is queued, and waits up to 10 s for the thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
