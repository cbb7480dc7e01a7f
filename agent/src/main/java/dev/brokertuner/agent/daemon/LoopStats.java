package dev.brokertuner.agent.daemon;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the gathering loop, exported on {@code /metrics}. */
public final class LoopStats {
    /** Gatherings completed. */
    public final AtomicLong gatherings = new AtomicLong();
    /** Gatherings that threw (the previous report stays served). */
    public final AtomicLong failures = new AtomicLong();
    /** Ticks skipped because the previous gathering was still running. */
    public final AtomicLong skippedTicks = new AtomicLong();
    /** Reports that could not be written to the outbox. */
    public final AtomicLong outboxWriteFailures = new AtomicLong();
}
