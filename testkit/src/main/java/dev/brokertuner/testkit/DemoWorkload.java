package dev.brokertuner.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's workload against its broker, in its own JVM (started by {@code bin/demo} after the broker, stopped with
 * everything), light enough for a 2-core machine:
 * <ul>
 *   <li>{@code clicks} (one partition): badly batched producers ({@value #BAD_PRODUCERS} of them):
 *       {@code linger.ms=0}, no compression, 40-byte records sent one at a time and waited for, together at most
 *       about {@value #BAD_PER_SEC} produce requests a second;</li>
 *   <li>{@code events}: a well-batched one: {@code linger.ms=50}, {@code batch.size} 256 KiB, lz4, about
 *       {@value #GOOD_PER_SEC} records a second;</li>
 *   <li>{@code archive}: uncompressed 1 KiB records into a topic with {@code compression.type=gzip} from
 *       {@value #GZIP_PRODUCERS} producers, so the broker always has a request queued: it recompresses every batch on
 *       its request handler thread, so a broker started with {@code num.io.threads=1} has that one thread busy (at
 *       most about one core: the load waits for the broker, each producer's buffer is 1 MiB);</li>
 *   <li>group {@code churn} on {@code churn-t}: two dynamic members, one replaced every {@value #CHURN_SECONDS} s,
 *       so the group rebalances again and again.</li>
 * </ul>
 * Prints {@code ready} once every part has produced or joined (the producer rules need batches on disk), then runs
 * until the JVM is stopped.
 *
 * <pre>
 * java -cp testkit/target/classes:agent/target/lib/* dev.brokertuner.testkit.DemoWorkload BOOTSTRAP
 * </pre>
 */
public final class DemoWorkload {
    static final int BAD_PER_SEC = 600;
    /**
     * Producers of {@code clicks}, each sending one record at a time and waiting for it: one alone, waiting behind
     * the gzip load on the broker's single I/O thread, manages a few dozen a second; several together make the
     * rate at which a 10 ms linger would batch (a service with many instances, each sending synchronously).
     */
    static final int BAD_PRODUCERS = 12;
    static final int GOOD_PER_SEC = 2_000;
    static final int CHURN_SECONDS = 3;
    /**
     * Producers (connections) of the gzip load: the broker handles one request per connection at a time, so with
     * one the handler idles while each response travels back.
     */
    static final int GZIP_PRODUCERS = 3;

    private final String bootstrap;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong badSent = new AtomicLong();
    private final AtomicLong goodSent = new AtomicLong();
    private final AtomicLong archived = new AtomicLong();
    private final CountDownLatch churnJoined = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    DemoWorkload(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DemoWorkload BOOTSTRAP_SERVERS");
            System.exit(64);
        }
        DemoWorkload w = new DemoWorkload(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(w::stop, "demo-workload-stop"));
        w.start();
        w.awaitReady();
        System.out.println("ready");
        System.out.flush();
        for (Thread t : w.threads) {
            t.join();
        }
    }

    void start() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            for (NewTopic t : List.of(new NewTopic("clicks", 1, (short) 1), new NewTopic("events", 3, (short) 1),
                    new NewTopic("churn-t", 4, (short) 1),
                    new NewTopic("archive", 2, (short) 1).configs(Map.of("compression.type", "gzip")))) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        for (int i = 0; i < BAD_PRODUCERS; i++) {
            thread("demo-bad-producer-" + i, this::badProducer);
        }
        thread("demo-good-producer", this::goodProducer);
        for (int i = 0; i < GZIP_PRODUCERS; i++) {
            thread("demo-gzip-load-" + i, this::gzipLoad);
        }
        thread("demo-churn", this::churn);
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                if (running.get()) {
                    System.err.println(name + " failed: " + e);
                }
            }
        }, name);
        threads.add(t);
        t.start();
    }

    /** Waits (at most 60 s) until every part has written or joined; false, with what is short on stderr, if not. */
    boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready()) {
            if (System.nanoTime() >= deadline) {
                System.err.println("demo workload: not all parts ready after 60 s: clicks " + badSent.get()
                        + " records, events " + goodSent.get() + ", archive " + archived.get() + ", churn "
                        + (churnJoined.getCount() == 0 ? "joined" : "not joined"));
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private boolean ready() {
        return badSent.get() >= BAD_PER_SEC && goodSent.get() >= 2L * GOOD_PER_SEC && archived.get() >= 1_000
                && churnJoined.getCount() == 0;
    }

    void stop() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Properties producer(String linger, String batch, String compression) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, batch);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-" + compression + "-" + linger);
        return p;
    }

    /** One 40-byte record per produce request, paced to {@link #BAD_PER_SEC} a second. */
    private void badProducer() {
        byte[] value = "{\"user\":42,\"page\":\"/home\",\"ms\":123}....".getBytes();
        long interval = TimeUnit.SECONDS.toNanos(1) * BAD_PRODUCERS / BAD_PER_SEC;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer("0", "16384", "none"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long next = System.nanoTime();
            while (running.get()) {
                try {
                    p.send(new ProducerRecord<>("clicks", value)).get(10, TimeUnit.SECONDS);
                    badSent.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    System.err.println("clicks: " + e.getCause());
                }
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime();
                }
            }
        }
    }

    /** 200-byte records, {@link #GOOD_PER_SEC} a second in steps of 10 ms, batched for 50 ms and lz4-compressed. */
    private void goodProducer() {
        byte[] value = new byte[200];
        new Random(7).nextBytes(value);
        for (int i = 0; i < value.length; i += 2) {
            value[i] = 'a'; // half predictable, so lz4 has something to do
        }
        int perStep = GOOD_PER_SEC / 100;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer("50", "262144", "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long next = System.nanoTime();
            while (running.get()) {
                for (int i = 0; i < perStep; i++) {
                    p.send(new ProducerRecord<>("events", value), (md, e) -> {
                        if (e == null) {
                            goodSent.incrementAndGet();
                        }
                    });
                }
                next += TimeUnit.MILLISECONDS.toNanos(10);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime();
                }
            }
        }
    }

    /** Uncompressed 1 KiB records into the gzip topic, as fast as the broker's one handler takes them. */
    private void gzipLoad() {
        Properties props = producer("0", "65536", "none");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(1 << 20));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        byte[] value = new byte[1024];
        Random r = new Random(11);
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + r.nextInt(26));
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (running.get()) {
                // blocks while the 1 MiB buffer is full: the load goes as fast as the broker's one handler allows
                p.send(new ProducerRecord<>("archive", value), (md, e) -> {
                    if (e == null) {
                        archived.incrementAndGet();
                    }
                });
            }
        }
    }

    private KafkaConsumer<byte[], byte[]> churnMember() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "churn");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "demo-churn");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        c.subscribe(List.of("churn-t"));
        return c;
    }

    /** Two dynamic members polled in turn; every {@link #CHURN_SECONDS} s one leaves and a new one joins. */
    private void churn() {
        List<KafkaConsumer<byte[], byte[]>> members = new ArrayList<>(List.of(churnMember(), churnMember()));
        try {
            long nextSwap = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHURN_SECONDS);
            int slot = 0;
            while (running.get()) {
                for (KafkaConsumer<byte[], byte[]> c : members) {
                    c.poll(Duration.ofMillis(100));
                    if (!c.assignment().isEmpty()) {
                        churnJoined.countDown();
                    }
                }
                if (System.nanoTime() >= nextSwap) {
                    members.get(slot).close(Duration.ofSeconds(5));
                    members.set(slot, churnMember());
                    slot = 1 - slot;
                    nextSwap = System.nanoTime() + TimeUnit.SECONDS.toNanos(CHURN_SECONDS);
                }
            }
        } finally {
            for (KafkaConsumer<byte[], byte[]> c : members) {
                c.close(Duration.ofSeconds(5));
            }
        }
    }
}
