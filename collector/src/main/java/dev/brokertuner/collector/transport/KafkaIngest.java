package dev.brokertuner.collector.transport;

import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.StoreOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of the collectors' consumer group on the reports topic, polling on its own thread. Each poll is one
 * batch: every record is checked ({@link RecordChecker}: the same decoder and limits as HTTP ingest); bad records are
 * counted by reason and skipped; good ones go through the same {@link GroupCommitWriter} as HTTP ingest, and the
 * batch's offsets are committed ({@code commitSync}) only once every report of it is durable. Delivery is therefore
 * at least once from the topic and effectively once in the store, which ignores a {@code reportId} it has. When the
 * store fails, nothing is committed: the member seeks back to the batch's first offsets, pauses its partitions and
 * retries after a backoff (1 s doubling to 30 s), still polling so it stays in the group. The consumer never
 * auto-commits and never creates the topic.
 */
public final class KafkaIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngest.class);
    static final long BACKOFF_MIN_MILLIS = 1_000;
    static final long BACKOFF_MAX_MILLIS = 30_000;
    static final long ERROR_PAUSE_MILLIS = 5_000;

    private final KafkaIngestConfig config;
    private final RecordChecker checker;
    private final GroupCommitWriter writer;
    private final KafkaIngestStats stats;
    private final Clock clock;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final java.util.concurrent.ExecutorService decoders;
    private volatile boolean running = true;
    private long backoff = BACKOFF_MIN_MILLIS;
    private long resumeAt;
    private boolean paused;
    private final Map<String, Long> lastSkipLog = new HashMap<>();
    private long lastErrorLog = -60_000;

    public KafkaIngest(KafkaIngestConfig config, RecordChecker checker, GroupCommitWriter writer,
                       KafkaIngestStats stats, Clock clock) throws IOException {
        this.config = config;
        this.checker = checker;
        this.writer = writer;
        this.stats = stats;
        this.clock = clock;
        this.consumer = new KafkaConsumer<>(consumerConfig(config));
        this.thread = new Thread(this::run, "kafka-ingest");
        this.thread.setDaemon(true);
        AtomicInteger n = new AtomicInteger();
        this.decoders = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "kafka-ingest-decode-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The consumer's configuration: the user's file, then the group, the topic's rules and the fixed settings. */
    static Properties consumerConfig(KafkaIngestConfig config) throws IOException {
        Properties p = new Properties();
        if (config.config() != null) {
            try (InputStream in = Files.newInputStream(config.config())) {
                p.load(in);
            }
        }
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("group.id", config.groupId());
        p.putIfAbsent("client.id", "broker-tuner-collector");
        p.putIfAbsent("max.poll.records", "500");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("allow.auto.create.topics", "false");
        p.put("isolation.level", "read_committed");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return p;
    }

    /** Subscribes and starts polling. */
    public KafkaIngest start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(config.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                    stats.partitions.set(Math.max(0, consumer.assignment().size() - parts.size()));
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                    stats.partitions.set(consumer.assignment().size());
                    if (paused) {
                        consumer.pause(consumer.assignment());
                    }
                }
            });
            while (running) {
                try {
                    if (paused && clock.millis() >= resumeAt) {
                        consumer.resume(consumer.assignment());
                        paused = false;
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                    lag();
                    if (!records.isEmpty()) {
                        batch(records);
                    }
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (KafkaException e) {
                    // e.g. the topic not readable (ACLs), a fenced member: say so, wait, try again
                    stats.errors.incrementAndGet();
                    long now = clock.millis();
                    if (now - lastErrorLog >= 60_000) {
                        lastErrorLog = now;
                        LOG.error("Kafka ingest from {} failed; retrying every {} s: {}", config.topic(),
                                ERROR_PAUSE_MILLIS / 1000, e.toString());
                    }
                    Thread.sleep(ERROR_PAUSE_MILLIS);
                }
            }
        } catch (WakeupException | InterruptException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Kafka ingest stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void batch(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        List<CompletionStage<StoreOutcome>> pending = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        List<Verdict> verdicts = check(list);
        for (int i = 0; i < list.size(); i++) {
            ConsumerRecord<String, byte[]> r = list.get(i);
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
            Verdict v = verdicts.get(i);
            if (v instanceof Verdict.Skip s) {
                stats.skip(s.reason());
                logSkip(r, s);
                continue;
            }
            pending.add(submit(((Verdict.Store) v).incoming(), pending));
        }
        try {
            for (CompletionStage<StoreOutcome> p : pending) {
                StoreOutcome o = p.toCompletableFuture().get();
                (o == StoreOutcome.STORED ? stats.stored : stats.duplicates).incrementAndGet();
            }
            try {
                consumer.commitSync(next);
            } catch (CommitFailedException | RebalanceInProgressException e) {
                // the partitions moved to another member (or will): it reads the batch again, and the store
                // recognises every report of it by its id
                LOG.warn("offsets not committed ({}); the batch is read again by the partitions' new owner",
                        e.getMessage());
                return;
            }
            stats.commits.incrementAndGet();
            stats.consumed.addAndGet(records.count());
            if (stats.storeFailing.getAndSet(0) == 1) {
                LOG.info("the store works again; Kafka ingest resumed");
            }
            backoff = BACKOFF_MIN_MILLIS;
        } catch (ExecutionException e) {
            storeFailed(first, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Checks a poll's records on the decode threads (one per core, as HTTP ingest decodes on its workers); the
     * verdicts come back in record order, so reports are submitted to the store in partition order.
     */
    private List<Verdict> check(List<ConsumerRecord<String, byte[]>> list) {
        List<java.util.concurrent.Future<Verdict>> futures = new ArrayList<>(list.size());
        for (ConsumerRecord<String, byte[]> r : list) {
            futures.add(decoders.submit(() -> checker.check(r.key(), r.value(),
                    RecordChecker.header(r.headers(), "content-encoding"),
                    RecordChecker.header(r.headers(), "reportId"), clock.instant())));
        }
        List<Verdict> out = new ArrayList<>(list.size());
        for (var f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                out.add(new Verdict.Skip("invalid", "the report could not be read: " + e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
        return out;
    }

    /** Hands one report to the writer, waiting for what is queued while the writer's queue is full. */
    private CompletionStage<StoreOutcome> submit(dev.brokertuner.collector.store.Incoming incoming,
                                                 List<CompletionStage<StoreOutcome>> earlier) {
        CompletionStage<StoreOutcome> s = writer.submit(incoming);
        while (s == null) {
            // the queue is full (HTTP ingest shares it): wait for this batch's reports so far, or a moment
            CompletableFuture.allOf(earlier.stream().map(CompletionStage::toCompletableFuture)
                    .toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
            s = writer.submit(incoming);
        }
        return s;
    }

    private void storeFailed(Map<TopicPartition, Long> first, Throwable cause) {
        stats.storeFailures.incrementAndGet();
        if (stats.storeFailing.getAndSet(1) == 0) {
            LOG.error("the store failed; Kafka ingest paused, no offsets committed, the batch is read again in "
                    + "{} ms: {}", backoff, cause.getMessage());
        }
        for (Map.Entry<TopicPartition, Long> e : first.entrySet()) {
            if (consumer.assignment().contains(e.getKey())) {
                consumer.seek(e.getKey(), e.getValue());
            }
        }
        consumer.pause(consumer.assignment());
        paused = true;
        resumeAt = clock.millis() + backoff;
        backoff = Math.min(BACKOFF_MAX_MILLIS, backoff * 2);
    }

    private void lag() {
        long total = 0;
        for (TopicPartition tp : consumer.assignment()) {
            var l = consumer.currentLag(tp);
            if (l.isPresent()) {
                total += l.getAsLong();
            }
        }
        stats.lag.set(total);
    }

    /** One log line per reason per minute: a flood of bad records must not flood the log. */
    private void logSkip(ConsumerRecord<String, byte[]> r, Verdict.Skip s) {
        long now = clock.millis();
        Long last = lastSkipLog.get(s.reason());
        if (last == null || now - last >= 60_000) {
            lastSkipLog.put(s.reason(), now);
            LOG.warn("skipped the record at {}-{} offset {} ({}): {}", r.topic(), r.partition(), r.offset(),
                    s.reason(), s.detail());
        }
    }

    /** Whether the polling thread is still running. */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Its counters. */
    public KafkaIngestStats stats() {
        return stats;
    }

    /** Stops polling (a batch in progress finishes its commit or its seek back) and leaves the group. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            decoders.shutdownNow();
        }
    }
}
