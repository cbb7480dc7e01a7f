package dev.brokertuner.agent.daemon.push;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Counters of report delivery, exported on {@code /metrics}. */
public final class PublisherStats {
    /** Reports the collector accepted (stored now or already had). */
    public final AtomicLong delivered = new AtomicLong();
    /** Reports the collector answered as duplicates. */
    public final AtomicLong duplicates = new AtomicLong();
    /** Reports dropped because the collector rejected them (4xx other than 429). */
    public final AtomicLong rejected = new AtomicLong();
    /** Failed attempts that will be retried (network errors, 429, 5xx). */
    public final AtomicLong retries = new AtomicLong();
    /** 1 while the last attempt reached the collector, 0 after a failed one, -1 before the first attempt. */
    public final AtomicLong reachable = new AtomicLong(-1);
    /** 1 while reports go over HTTPS because the Kafka cluster has been unreachable past the fallback time. */
    public final AtomicLong fallbackActive = new AtomicLong();
    /** Times delivery switched from the Kafka topic to the HTTPS fallback. */
    public final AtomicLong fallbacks = new AtomicLong();
    /** Why delivery is on the HTTPS fallback (a sentence for /health), null while it is not. */
    public final AtomicReference<String> fallbackReason = new AtomicReference<>();
}
