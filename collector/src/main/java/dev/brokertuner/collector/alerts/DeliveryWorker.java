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
 * else waits by {@link Backoff} (or the receiver's {@code Retry-After}) and is tried again until the notification
 * is older than {@code giveUpAfter} (default {@link #GIVE_UP_AFTER}): then it is dead-lettered
 * ({@link DeliveryState#EXPIRED}, logged, counted) so one notification a receiver never takes cannot hold up its
 * queue for ever; the notifications behind it follow in order. A queue whose oldest notification has waited over
 * {@link #STUCK_AFTER} is logged once and shown by {@link #oldestWaitingSeconds()}. A receiver that throws is
 * treated as a retry. After a restart the queue resumes from the store.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Longest sleep between looks at an empty queue (new notifications also wake the threads). */
    static final Duration IDLE = Duration.ofSeconds(1);
    /** How long a notification is retried before it is dead-lettered, unless configured. */
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    /** A queue whose oldest notification waited this long is logged as stuck. */
    static final Duration STUCK_AFTER = Duration.ofHours(1);

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
    private final java.util.concurrent.atomic.AtomicLong expired = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Set<String> failingNow = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** When the notification at the head of each receiver's queue was made, while it is pending. */
    private final Map<String, Instant> heads = new java.util.concurrent.ConcurrentHashMap<>();
    private final Duration giveUpAfter;

    public DeliveryWorker(AlertStore store, Map<String, Receiver> receivers, Clock clock, Backoff backoff) {
        this(store, receivers, clock, backoff, GIVE_UP_AFTER);
    }

    /** @param giveUpAfter a notification still failing when older than this is dead-lettered */
    public DeliveryWorker(AlertStore store, Map<String, Receiver> receivers, Clock clock, Backoff backoff,
                          Duration giveUpAfter) {
        if (giveUpAfter == null || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("giveUpAfter must be positive");
        }
        this.store = store;
        this.clock = clock;
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
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
        String stuckLogged = null;
        while (running) {
            try {
                if (!active.getAsBoolean()) {
                    sleep(IDLE);
                    continue;
                }
                Optional<AlertStore.Queued> next = store.next(r.name());
                if (next.isEmpty()) {
                    heads.remove(r.name());
                    sleep(IDLE);
                    continue;
                }
                Delivery d = next.get().delivery();
                Instant made = next.get().createdAt();
                if (made != null) {
                    heads.put(r.name(), made);
                    if (!d.deliveryKey().equals(stuckLogged) && !made.plus(STUCK_AFTER).isAfter(clock.instant())) {
                        LOG.error("the queue of receiver {} is stuck: its oldest notification ({} of alert {}) was "
                                + "made at {} and has failed {} time(s) ({})", r.name(), d.status(), d.alertId(), made,
                                d.attempts(), d.lastResult());
                        stuckLogged = d.deliveryKey();
                    }
                }
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
                    if (made != null && !made.plus(giveUpAfter).isAfter(now)) {
                        LOG.error("receiver {} still fails {} of alert {} after {} attempt(s) over {}; gave up on it "
                                + "(dead-lettered), the notifications behind it go on: {}", r.name(), d.status(),
                                d.alertId(), n, giveUpAfter, retry.reason());
                        store.attempted(new Attempt(d.deliveryKey(), r.name(), n, now, "expired", retry.reason()
                                + "; given up after " + giveUpAfter), DeliveryState.EXPIRED, now);
                        expired.incrementAndGet();
                        heads.remove(r.name());
                    } else {
                        store.attempted(new Attempt(d.deliveryKey(), r.name(), n, now, "retry", retry.reason()),
                                DeliveryState.PENDING, now.plus(backoff.after(n, retry.after())));
                    }
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

    /** Notifications dead-lettered (still failing past the give-up age), since start. */
    public long expired() {
        return expired.get();
    }

    /** How long the oldest notification at the head of any receiver's queue has waited, 0 when none waits. */
    public long oldestWaitingSeconds() {
        Instant now = clock.instant();
        return heads.values().stream().mapToLong(t -> Math.max(0, Duration.between(t, now).toSeconds())).max()
                .orElse(0);
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
