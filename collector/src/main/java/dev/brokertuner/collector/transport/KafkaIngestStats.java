package dev.brokertuner.collector.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of Kafka ingest, exported on the collector's {@code /metrics}. Thread-safe. */
public final class KafkaIngestStats {
    /** Records polled from the topic (each counted once per successful batch, not per retry). */
    public final AtomicLong consumed = new AtomicLong();
    /** Reports newly stored. */
    public final AtomicLong stored = new AtomicLong();
    /** Reports the store already had (a resend after an agent's kill -9, a re-read after a collector's). */
    public final AtomicLong duplicates = new AtomicLong();
    /** Batches whose store failed: consumption paused, offsets not committed, the batch read again. */
    public final AtomicLong storeFailures = new AtomicLong();
    /** Offset commits after a durable batch. */
    public final AtomicLong commits = new AtomicLong();
    /** Records behind the end of the assigned partitions, as of the last poll. */
    public final AtomicLong lag = new AtomicLong();
    /** 1 while the last batch's store failed (consumption paused), else 0. */
    public final AtomicLong storeFailing = new AtomicLong();
    /** Errors of the consumer (e.g. the topic not readable), each followed by a 5 s pause and a retry. */
    public final AtomicLong errors = new AtomicLong();
    /** Partitions assigned to this member. */
    public final AtomicLong partitions = new AtomicLong();
    private final Map<String, AtomicLong> skipped = new ConcurrentHashMap<>();

    /** Counts one skipped record. */
    public void skip(String reason) {
        skipped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    /** Skipped records by reason, sorted. */
    public Map<String, Long> skipped() {
        Map<String, Long> out = new TreeMap<>();
        skipped.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Skipped records of one reason. */
    public long skipped(String reason) {
        AtomicLong n = skipped.get(reason);
        return n == null ? 0 : n.get();
    }
}
