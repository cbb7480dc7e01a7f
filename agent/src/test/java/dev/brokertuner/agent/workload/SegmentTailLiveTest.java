package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.brokertuner.testkit.KraftBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SegmentTail over segment files a real broker wrote (testkit KraftBroker, kafka_2.13 4.3.1): one single-partition
 * topic per case, produced to with kafka-clients so the shape of every batch is known (a linger long enough that only
 * {@code flush()} sends gives one batch per flush; {@code send().get()} gives one record per batch), then the broker's
 * partition directory read as the agent would read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentTailLiveTest {
    private KraftBroker broker;
    private Admin admin;

    @BeforeAll
    void start() throws Exception {
        broker = KraftBroker.start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
        List<NewTopic> topics = new ArrayList<>();
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            topics.add(new NewTopic("codec-" + codec, 1, (short) 1));
        }
        topics.add(new NewTopic("small", 1, (short) 1));
        topics.add(new NewTopic("txn", 1, (short) 1));
        topics.add(new NewTopic("big", 1, (short) 1));
        topics.add(new NewTopic("rewritten", 1, (short) 1).configs(Map.of("compression.type", "zstd")));
        topics.add(new NewTopic("cut", 1, (short) 1));
        topics.add(new NewTopic("kept", 1, (short) 1));
        topics.add(new NewTopic("prealloc", 1, (short) 1).configs(Map.of("preallocate", "true",
                "segment.bytes", String.valueOf(1 << 20))));
        admin.createTopics(topics).all().get();
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private Path partition(String topic) {
        return broker.logDirs().get(0).resolve(topic + "-0");
    }

    private Properties producer(Map<String, String> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.putAll(extra);
        return p;
    }

    private static byte[] value(int i) {
        return ("record " + i + " of a compressible value ".repeat(8)).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code rounds} batches of {@code perBatch} records: a 60 s linger, so only flush() sends. */
    private void produceBatches(String topic, Map<String, String> config, int rounds, int perBatch) throws Exception {
        Map<String, String> c = new java.util.HashMap<>(config);
        c.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer(c), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int r = 0; r < rounds; r++) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    acks.add(p.send(new ProducerRecord<>(topic, value(i))));
                }
                p.flush();
                for (Future<RecordMetadata> a : acks) {
                    a.get();
                }
            }
        }
    }

    private TailRead.Read tail(String topic, int budget) {
        TailRead r = SegmentTail.read(partition(topic), budget);
        assertThat(r).as("%s; broker log:\n%s", r, broker.logTail(10)).isInstanceOf(TailRead.Read.class);
        return (TailRead.Read) r;
    }

    @Test
    void aKeptWindowReadsOnlyTheBatchesTheBrokerAppendedSinceAndMatchesAFullRead() throws Exception {
        produceBatches("kept", Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), 3, 40);
        // the clock an hour on, so the just-created partition dir's mtime is old enough to trust
        PartitionTails tails = new PartitionTails(() -> System.currentTimeMillis() + 3_600_000);
        Path dir = partition("kept");
        PartitionTails.Tail first = tails.read(dir, SegmentTail.DEFAULT_BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
        assertThat(first.how()).isEqualTo(PartitionTails.How.FULL_FIRST);
        assertThat(((TailRead.Read) first.read()).scan().batches()).hasSize(3);
        PartitionTails.Tail same = tails.read(dir, SegmentTail.DEFAULT_BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
        assertThat(same.how()).as("%s", same).isEqualTo(PartitionTails.How.UNCHANGED);
        assertThat(((TailRead.Read) same.read()).bytesRead()).isZero();

        produceBatches("kept", Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), 2, 40);
        PartitionTails.Tail grown = tails.read(dir, SegmentTail.DEFAULT_BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
        assertThat(grown.how()).as("%s", grown).isEqualTo(PartitionTails.How.APPENDED);
        TailRead.Read full = tail("kept", SegmentTail.DEFAULT_BUDGET);
        assertThat(((TailRead.Read) grown.read()).scan().batches()).isEqualTo(full.scan().batches()).hasSize(5);
        assertThat(((TailRead.Read) grown.read()).bytesRead()).isLessThan(full.bytesRead());
    }

    @Test
    void everyProducerCodecIsOnDiskWithTheBatchesProduced() throws Exception {
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            String topic = "codec-" + codec;
            produceBatches(topic, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec), 3, 50);
            TailRead.Read read = tail(topic, SegmentTail.DEFAULT_BUDGET);
            assertThat(read.start()).as(topic).isEqualTo(TailRead.Start.SEGMENT_START);
            assertThat(read.reachedEnd()).isTrue();
            assertThat(read.scan().end()).as(topic).isInstanceOf(BatchHeaders.End.Complete.class);
            List<BatchHeader> batches = read.scan().batches();
            assertThat(batches).as(topic).hasSize(3);
            assertThat(batches).allSatisfy(b -> {
                assertThat(b.codec().label()).isEqualTo(codec);
                assertThat(b.recordsCount()).isEqualTo(50);
                assertThat(b.lastOffsetDelta()).isEqualTo(49);
                assertThat(b.idempotent()).as("the default producer is idempotent").isTrue();
                assertThat(b.transactional()).isFalse();
                assertThat(b.control()).isFalse();
            });
            assertThat(batches).extracting(BatchHeader::baseOffset).containsExactly(0L, 50L, 100L);
            BatchSample s = BatchSample.of(batches);
            assertThat(s.codecs()).containsExactly(entry(codec, 3));
            assertThat(s.medianRecords()).isEqualTo(50);
            assertThat(s.idempotent()).isEqualTo(3);
            if (!codec.equals("none")) {
                assertThat(s.medianBytes()).as("compressed %s", codec).isLessThan(50L * value(0).length / 2);
            }
        }
    }

    @Test
    void aSmallLingerNonIdempotentProducerWritesOneRecordPerBatch() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 20; i++) {
                p.send(new ProducerRecord<>("small", value(i))).get();
            }
        }
        List<BatchHeader> batches = tail("small", SegmentTail.DEFAULT_BUDGET).scan().batches();
        assertThat(batches).hasSize(20).allSatisfy(b -> {
            assertThat(b.recordsCount()).isEqualTo(1);
            assertThat(b.producerId()).isEqualTo(-1);
            assertThat(b.codec()).isEqualTo(Codec.NONE);
        });
        BatchSample s = BatchSample.of(batches);
        assertThat(s.medianRecords()).isEqualTo(1);
        assertThat(s.idempotent()).isZero();
        assertThat(s.codecs()).containsExactly(entry("none", 20));
    }

    @Test
    void aTransactionalProducerWritesTransactionalBatchesAndControlMarkers() throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1", ProducerConfig.LINGER_MS_CONFIG, "60000",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            p.initTransactions();
            p.beginTransaction();
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>("txn", value(i)));
            }
            p.commitTransaction();
            p.beginTransaction();
            for (int i = 0; i < 7; i++) {
                p.send(new ProducerRecord<>("txn", value(i)));
            }
            // abortTransaction() drops batches not sent yet (no data, no marker): send them first
            p.flush();
            p.abortTransaction();
        }
        // the markers are written by the coordinator after commit/abort returns: wait for both (at most 15 s)
        List<BatchHeader> batches = List.of();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            batches = tail("txn", SegmentTail.DEFAULT_BUDGET).scan().batches();
            if (batches.stream().filter(BatchHeader::control).count() == 2) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(batches).hasSize(4);
        BatchHeader committed = batches.get(0);
        assertThat(committed.transactional()).isTrue();
        assertThat(committed.control()).isFalse();
        assertThat(committed.recordsCount()).isEqualTo(10);
        assertThat(committed.codec()).isEqualTo(Codec.LZ4);
        assertThat(batches.get(1).control()).isTrue();
        assertThat(batches.get(1).transactional()).isTrue();
        assertThat(batches.get(1).recordsCount()).isEqualTo(1);
        assertThat(batches.get(2).recordsCount()).isEqualTo(7);
        assertThat(batches.get(2).transactional()).isTrue();
        assertThat(batches.get(3).control()).isTrue();
        assertThat(batches).extracting(BatchHeader::producerId).containsOnly(committed.producerId());
        BatchSample s = BatchSample.of(batches);
        assertThat(s.controlBatches()).isEqualTo(2);
        assertThat(s.transactional()).isEqualTo(2);
        assertThat(s.idempotent()).isEqualTo(2);
        assertThat(s.codecs()).containsExactly(entry("lz4", 2));
        assertThat(s.medianRecords()).isEqualTo(7);
    }

    @Test
    void theBrokersCodecWinsWhenTheTopicSetsAnother() throws Exception {
        produceBatches("rewritten", Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"), 2, 20);
        List<BatchHeader> batches = tail("rewritten", SegmentTail.DEFAULT_BUDGET).scan().batches();
        assertThat(batches).hasSize(2).allSatisfy(b -> {
            assertThat(b.codec()).isEqualTo(Codec.ZSTD);
            assertThat(b.recordsCount()).isEqualTo(20);
        });
    }

    @Test
    void aRealSegmentCutShortEndsAsTruncated(@TempDir Path tmp) throws Exception {
        produceBatches("cut", Map.of(), 3, 50);
        Path log = partition("cut").resolve("00000000000000000000.log");
        byte[] bytes = Files.readAllBytes(log);
        List<BatchHeader> whole = tail("cut", SegmentTail.DEFAULT_BUDGET).scan().batches();
        assertThat(whole).hasSize(3);
        long third = whole.get(2).position();

        Path copy = Files.createDirectories(tmp.resolve("cut-0"));
        Files.write(copy.resolve(log.getFileName()), Arrays.copyOf(bytes, bytes.length - 100));
        TailRead.Read r = (TailRead.Read) SegmentTail.read(copy, SegmentTail.DEFAULT_BUDGET);
        assertThat(r.scan().batches()).hasSize(3);
        assertThat(r.scan().end()).isEqualTo(new BatchHeaders.End.Truncated(third, whole.get(2).sizeInBytes(),
                whole.get(2).sizeInBytes() - 100, true));

        Files.write(copy.resolve(log.getFileName()), Arrays.copyOf(bytes, (int) third + 30));
        r = (TailRead.Read) SegmentTail.read(copy, SegmentTail.DEFAULT_BUDGET);
        assertThat(r.scan().batches()).hasSize(2);
        assertThat(r.scan().end()).isEqualTo(new BatchHeaders.End.Truncated(third, whole.get(2).sizeInBytes(), 30,
                false));
    }

    @Test
    void aPreallocatedSegmentIsReadUpToItsZeroFill() throws Exception {
        produceBatches("prealloc", Map.of(), 5, 50);
        TailRead.Read read = tail("prealloc", 32 << 10);
        assertThat(read.segmentBytes()).as("preallocated to segment.bytes").isEqualTo(1 << 20);
        assertThat(read.start()).isEqualTo(TailRead.Start.INDEX);
        assertThat(read.scan().end()).isInstanceOf(BatchHeaders.End.ZeroFill.class);
        List<BatchHeader> batches = read.scan().batches();
        // the last index entry alone gives the last batch; the second seek, from the zero fill, gives more
        assertThat(batches).hasSizeGreaterThanOrEqualTo(2);
        assertThat(batches).allSatisfy(b -> assertThat(b.recordsCount()).isEqualTo(50));
        assertThat(batches.get(batches.size() - 1).baseOffset()).isEqualTo(200);
        assertThat(read.scan().end().position())
                .isEqualTo(batches.get(batches.size() - 1).position() + batches.get(batches.size() - 1).sizeInBytes());
    }

    @Test
    void aLargeSegmentIsReadFromItsIndexNearTheEndWithinTheBudget() throws Exception {
        int records = 3000;
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.BATCH_SIZE_CONFIG, "8192")),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] kib = new byte[1024];
            for (int i = 0; i < records; i++) {
                p.send(new ProducerRecord<>("big", kib));
            }
            p.flush();
        }
        int budget = 64 << 10;
        TailRead.Read read = tail("big", budget);
        assertThat(read.segmentBytes()).isGreaterThan(3L * records * 1024 / 4);
        assertThat(read.start()).isEqualTo(TailRead.Start.INDEX);
        assertThat(read.startPosition()).isGreaterThanOrEqualTo(read.segmentBytes() - budget);
        assertThat(read.bytesRead()).isLessThanOrEqualTo(budget);
        assertThat(read.reachedEnd()).isTrue();
        assertThat(read.scan().end()).isInstanceOf(BatchHeaders.End.Complete.class);
        List<BatchHeader> batches = read.scan().batches();
        assertThat(batches).hasSizeGreaterThan(3);
        assertThat(batches.get(0).position()).isEqualTo(read.startPosition());
        for (int i = 1; i < batches.size(); i++) {
            assertThat(batches.get(i).baseOffset()).isEqualTo(batches.get(i - 1).lastOffset() + 1);
            assertThat(batches.get(i).position())
                    .isEqualTo(batches.get(i - 1).position() + batches.get(i - 1).sizeInBytes());
        }
        assertThat(batches.get(batches.size() - 1).lastOffset()).isEqualTo(records - 1);
        assertThat(BatchSample.of(batches).medianBytes()).isBetween(1024L, 8192L + 200);
    }
}
