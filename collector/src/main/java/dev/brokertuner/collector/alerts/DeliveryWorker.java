package dev.brokertuner.collector.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the durable delivery queue: one thread per receiver, so one delivery is in flight per receiver and a slow
 * receiver holds up no other. Each takes its receiver's oldest pending delivery (strict queue order, so a
 * receiver gets every alert's notifications in the order they were made, even across an outage), waits until its
 * next try, calls {@link Receiver#deliver}, and records the attempt: delivered and rejected are final, anything
 * else waits by {@link Backoff} (or the receiver's {@code Retry-After}) and is tried again, without end. A
 * receiver that throws is treated as a retry. After a restart the queue resumes from the store.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Longest sleep between looks at an empty queue (new notifications also wake the threads). */
    static final Duration IDLE = Duration.ofSeconds(1);

    private final AlertStore store;
    private final Clock clock;
    private final Backoff backoff;
    private final List<Thread> threads = new ArrayList<>();
    private final Object signal = new Object();
    private volatile boolean running = true;
    private volatile java.util.function.BooleanSupplier active = () -> true;
    private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong retried = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Set<String> failingNow = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DeliveryWorker(AlertStore store, Map<String, Receiver> receivers, Clock clock, Backoff backoff) {
        this.store = store;
        this.clock = clock;
        this.backoff = backoff;
        for (Receiver r : receivers.values()) {
            Thread t = new Thread(() -> run(r), "alert-delivery-" + r.name());
            t.setDaemon(true);
            threads.add(t);
        }
    }

    /**
     * Delivers only while {@code active} says so: with a store shared by several collectors, only the one holding
     * the once-only lock delivers (the queue is in the shared store, so nothing waits on the others).
     */
    public DeliveryWorker whileActive(java.util.function.BooleanSupplier active) {
        this.active = active;
        return this;
    }

    /** Starts the threads. */
    public DeliveryWorker start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** New notifications are queued: look now. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run(Receiver r) {
        boolean failing = false;
        while (running) {
            try {
                if (!active.getAsBoolean()) {
                    sleep(IDLE);
                    continue;
                }
                Optional<AlertStore.Queued> next = store.next(r.name());
                if (next.isEmpty()) {
                    sleep(IDLE);
                    continue;
                }
                Delivery d = next.get().delivery();
                Duration wait = Duration.between(clock.instant(), d.nextTryAt());
                if (!wait.isNegative() && !wait.isZero()) {
                    sleep(wait.compareTo(IDLE) > 0 ? IDLE : wait);
                    continue;
                }
                DeliveryResult result;
                try {
                    result = r.deliver(next.get().notification());
                } catch (RuntimeException e) {
                    result = new DeliveryResult.Retry("the receiver failed: " + e, null);
                }
                int n = d.attempts() + 1;
                Instant now = clock.instant();
                if (result instanceof DeliveryResult.Delivered ok) {
                    store.attempted(new Attempt(d.deliveryKey(), r.name(), n, now, "delivered", ok.detail()),
                            DeliveryState.DELIVERED, now);
                    if (failing) {
                        LOG.info("receiver {} takes notifications again", r.name());
                    }
                    failing = false;
                    failingNow.remove(r.name());
                    delivered.incrementAndGet();
                } else if (result instanceof DeliveryResult.Rejected no) {
                    LOG.warn("receiver {} rejected {} of alert {}: {}", r.name(), d.status(), d.alertId(),
                            no.reason());
                    store.attempted(new Attempt(d.deliveryKey(), r.name(), n, now, "rejected", no.reason()),
                            DeliveryState.REJECTED, now);
                    rejected.incrementAndGet();
                } else if (result instanceof DeliveryResult.Retry retry) {
                    if (!failing) {
                        LOG.warn("receiver {} failed ({}); retrying with backoff", r.name(), retry.reason());
                    }
                    failing = true;
                    failingNow.add(r.name());
                    retried.incrementAndGet();
                    store.attempted(new Attempt(d.deliveryKey(), r.name(), n, now, "retry", retry.reason()),
                            DeliveryState.PENDING, now.plus(backoff.after(n, retry.after())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (AlertStoreException | RuntimeException e) {
                LOG.warn("the delivery queue of {} could not be read or written: {}", r.name(), e.getMessage());
                try {
                    sleep(IDLE);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Notifications delivered since start. */
    public long delivered() {
        return delivered.get();
    }

    /** Failed attempts that will be retried, since start. */
    public long retried() {
        return retried.get();
    }

    /** Notifications a receiver refused for good, since start. */
    public long rejected() {
        return rejected.get();
    }

    /** Receivers whose last attempt failed and that have not taken a notification since. */
    public int failingReceivers() {
        return failingNow.size();
    }

    private void sleep(Duration d) throws InterruptedException {
        synchronized (signal) {
            if (running) {
                signal.wait(Math.max(1, d.toMillis()));
            }
        }
    }

    /** Stops the threads (an attempt in flight finishes or times out; its row stays pending if unrecorded). */
    @Override
    public void close() {
        running = false;
        wake();
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
