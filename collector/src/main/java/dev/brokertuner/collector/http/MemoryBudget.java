package dev.brokertuner.collector.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of report bodies ingest may hold at once: as received, inflated, and the estimated size of their parsed
 * form while they are validated. Each request holds a {@link Reservation} that grows as it reads and is released
 * when it is answered; a request that cannot grow its reservation is answered 503 with Retry-After, so the heap is
 * never asked for more than {@link #limit()} on behalf of uploads. Bytes still arriving may take only half of the
 * budget ({@link Reservation#growUpload}), so uploads waiting to be decoded can never leave nothing for decoding
 * (which would turn a flood into 503s for everyone). Thread-safe.
 */
public final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** The budget. */
    public long limit() {
        return limit;
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    /** A new, empty reservation. */
    public Reservation open() {
        return new Reservation(this);
    }

    boolean tryTake(long n, long ceiling) {
        while (true) {
            long u = used.get();
            if (u + n > ceiling) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    void give(long n) {
        used.addAndGet(-n);
    }

    /** One request's share of the budget. Safe to use from the event loop and a worker thread in turn. */
    public static final class Reservation implements AutoCloseable {
        private final MemoryBudget budget;
        private long held;
        private boolean closed;

        private Reservation(MemoryBudget budget) {
            this.budget = budget;
        }

        /** Takes {@code n} more bytes; false (nothing taken) when the budget has not got them. */
        public synchronized boolean grow(long n) {
            return take(n, budget.limit);
        }

        /** Takes {@code n} more bytes of a body still arriving: only while the budget is less than half used. */
        public synchronized boolean growUpload(long n) {
            return take(n, budget.limit / 2);
        }

        private boolean take(long n, long ceiling) {
            if (closed || !budget.tryTake(n, ceiling)) {
                return false;
            }
            held += n;
            return true;
        }

        /** Gives back what is held above {@code n}. */
        public synchronized void shrinkTo(long n) {
            if (held > n) {
                budget.give(held - n);
                held = n;
            }
        }

        /** The whole budget's size. */
        public long limit() {
            return budget.limit;
        }

        /** Bytes held. */
        public synchronized long held() {
            return held;
        }

        /** Gives everything back; later calls to {@link #grow} fail. Idempotent. */
        @Override
        public synchronized void close() {
            if (!closed) {
                budget.give(held);
                held = 0;
                closed = true;
            }
        }
    }
}
