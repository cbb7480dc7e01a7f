package dev.brokertuner.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.cli.Main;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportKey;
import dev.brokertuner.collector.config.Tokens;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.http.HostOwners;
import dev.brokertuner.collector.http.ReportDecoder;
import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.report.ReportValidator;
import dev.brokertuner.testkit.KraftBroker;
import java.util.ArrayList;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka ingest against a real single-node KRaft broker (one for the class): {@code topic create} creates and then
 * checks the topic; reports on the topic are stored exactly once (a resent report is a counted duplicate); garbage,
 * schema-invalid, oversized and mis-keyed records are skipped with their reason while the records after them are
 * stored, and the counts are on {@code /metrics}; a store outage commits nothing and pauses, and consumption resumes
 * without loss when the store is back.
 */
class KafkaIngestLiveTest {
    static KraftBroker broker;
    static KafkaProducer<String, byte[]> producer;
    final ReportJson json = new ReportJson();

    @BeforeAll
    static void start() {
        broker = KraftBroker.start();
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap());
        p.put("acks", "all");
        p.put("max.request.size", "5242880");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void topicCreateCreatesOnceThenChecksWithoutChanging() throws Exception {
        String[] base = {"topic", "create", "--bootstrap-server", broker.bootstrap(), "--topic", "t-create",
                "--replication-factor", "1", "--partitions", "3", "--retention-hours", "48"};
        Run first = run(base);
        assertThat(first.code).as(first.out).isZero();
        assertThat(first.out).contains("created topic t-create: 3 partitions, replication factor 1")
                .contains("retention.ms=172800000").contains("compression.type=producer")
                .doesNotContain("min.insync.replicas");
        Run again = run(base);
        assertThat(again.code).isZero();
        assertThat(again.out).contains("topic t-create exists with these settings; nothing to do");
        Run other = run("topic", "create", "--bootstrap-server", broker.bootstrap(), "--topic", "t-create",
                "--replication-factor", "1", "--partitions", "6", "--retention-hours", "72");
        assertThat(other.code).isEqualTo(2);
        assertThat(other.out).contains("left unchanged").contains("partitions: found 3, wanted 6")
                .contains("retention.ms: found 172800000, wanted 259200000");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            assertThat(admin.describeTopics(List.of("t-create")).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("t-create").partitions()).as("unchanged").hasSize(3);
        }
        Run rf3 = run("topic", "create", "--bootstrap-server", broker.bootstrap(), "--topic", "t-rf3");
        assertThat(rf3.code).as("RF 3 on a single broker").isEqualTo(1);
        assertThat(rf3.out).contains("creating t-rf3 failed").contains("InvalidReplicationFactor");
        Run bad = run("topic", "create", "--bootstrap-server", broker.bootstrap(), "--topic", "no/slash");
        assertThat(bad.code).isEqualTo(64);
    }

    @Test
    void everyReportOnTheTopicIsStoredExactlyOnce(@TempDir Path dir) throws Exception {
        String topic = topic("t-once", 3);
        try (CollectorFixture c = new CollectorFixture(dir, java.time.Clock.systemUTC(), ingest(topic))) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 120; i++) {
                Report r = Reports.broker("kafka-o" + (i % 12), i % 12).build();
                ids.add(r.reportId());
                send(topic, ReportKey.of(r), json.write(r), r.reportId());
                if (i % 10 == 0) {
                    // an agent killed between the acknowledgement and the removal from its outbox sends it again
                    send(topic, ReportKey.of(r), json.write(r), r.reportId());
                }
            }
            producer.flush();
            KafkaIngestStats stats = c.app().kafkaIngest().stats();
            await("120 reports stored", 60, () -> stats.stored.get() == 120 && stats.duplicates.get() == 12);
            assertThat(c.app().hosts()).isEqualTo(12);
            assertThat(stats.consumed.get()).isEqualTo(132);
            assertThat(stats.skipped()).isEmpty();
            await("offsets committed up to the end", 30, () -> stats.lag.get() == 0);
            String metrics = c.get("/metrics").bodyAsString();
            assertThat(metrics).contains("broker_tuner_collector_kafka_reports_stored 120.0")
                    .contains("broker_tuner_collector_kafka_reports_duplicate 12.0")
                    .contains("broker_tuner_collector_kafka_partitions 3.0");
            c.stop();
            c.start();
            Thread.sleep(3000);
            assertThat(c.app().kafkaIngest().stats().consumed.get())
                    .as("a restarted collector resumes at the committed offsets, re-reading nothing").isZero();
            assertThat(c.app().hosts()).isEqualTo(12);
        }
    }

    @Test
    void badRecordsAreSkippedByReasonAndNeverStopThePartition(@TempDir Path dir) throws Exception {
        String topic = topic("t-bad", 1);
        Report good0 = Reports.broker("kafka-b0", 1).build();
        send(topic, "prod/kafka-b0", "not json at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1), null);
        send(topic, "prod/kafka-b0", "{\"schemaVersion\": 1, \"reportId\": \"x\", \"host\": 7}"
                .getBytes(StandardCharsets.UTF_8), null);
        byte[] huge = new byte[2 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        send(topic, "prod/kafka-b0", huge, null);
        send(topic, "prod/someone-else", json.write(good0), good0.reportId());
        for (int i = 0; i < 5; i++) {
            Report r = Reports.broker("kafka-b" + i, i).build();
            send(topic, ReportKey.of(r), json.write(r), r.reportId());
        }
        producer.flush();
        try (CollectorFixture c = new CollectorFixture(dir, java.time.Clock.systemUTC(), ingest(topic))) {
            KafkaIngestStats stats = c.app().kafkaIngest().stats();
            await("the 5 good reports after the bad ones stored", 60, () -> stats.stored.get() == 5);
            assertThat(stats.skipped()).containsExactlyInAnyOrderEntriesOf(Map.of("invalid", 2L, "too_large", 1L,
                    "key_mismatch", 1L));
            assertThat(c.app().kafkaIngest().alive()).isTrue();
            await("committed past every record", 30, () -> stats.lag.get() == 0);
            String metrics = c.get("/metrics").bodyAsString();
            assertThat(metrics).contains("broker_tuner_collector_kafka_records_skipped{reason=\"invalid\"} 2.0")
                    .contains("broker_tuner_collector_kafka_records_skipped{reason=\"too_large\"} 1.0")
                    .contains("broker_tuner_collector_kafka_records_skipped{reason=\"key_mismatch\"} 1.0")
                    .contains("broker_tuner_collector_kafka_records_skipped{reason=\"forbidden\"} 0.0");
        }
    }

    @Test
    void aStoreOutagePausesWithoutCommittingAndResumesWithoutLoss(@TempDir Path dir) throws Exception {
        String topic = topic("t-outage", 1);
        for (int i = 0; i < 30; i++) {
            Report r = Reports.broker("kafka-s" + (i % 6), i % 6).build();
            send(topic, ReportKey.of(r), json.write(r), r.reportId());
        }
        producer.flush();
        FlakyStore store = new FlakyStore(H2ReportStore.open(dir.resolve("data"), json.mapper()));
        store.failing = true;
        FleetIndex index = new FleetIndex();
        KafkaIngestStats stats = new KafkaIngestStats();
        KafkaIngestConfig config = new KafkaIngestConfig(broker.bootstrap(), topic, "g-outage", null);
        RecordChecker checker = new RecordChecker(new ReportDecoder(new ReportValidator(), json, 1 << 20),
                new HostOwners(Map.of()), Tokens.parse("", "tokens", new ArrayList<>()), index, 1 << 20,
                config.sender());
        try (GroupCommitWriter writer = new GroupCommitWriter(store, index, 1000);
             KafkaIngest ingest = new KafkaIngest(config, checker, writer, stats, java.time.Clock.systemUTC())
                     .start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            await("the batch retried after a backoff", 60, () -> store.failedBatches.get() >= 2);
            assertThat(stats.storeFailing.get()).isEqualTo(1);
            assertThat(stats.stored.get()).isZero();
            assertThat(stats.commits.get()).isZero();
            assertThat(admin.listConsumerGroupOffsets("g-outage").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)).as("no offset committed while the store fails").isEmpty();
            assertThat(writer.healthy()).as("the collector's /health says store-failing").isFalse();
            store.failing = false;
            await("every report stored once the store is back", 60, () -> stats.stored.get() == 30);
            await("the offsets committed", 30, () -> {
                try {
                    var offsets = admin.listConsumerGroupOffsets("g-outage").partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
                    return offsets.size() == 1 && offsets.values().iterator().next().offset() == 30;
                } catch (Exception e) {
                    return false;
                }
            });
            // the flag clears once the stored batch's offsets are committed (after the store answered)
            await("store-failing cleared", 30, () -> stats.storeFailing.get() == 0);
            assertThat(writer.healthy()).isTrue();
            assertThat(store.reportCount()).isEqualTo(30);
            assertThat(stats.skipped()).isEmpty();
        } finally {
            store.close();
        }
    }

    private String ingest(String topic) {
        return """
                ingest:
                  kafka: {bootstrapServers: "%s", topic: %s, groupId: g-%s}
                """.formatted(broker.bootstrap(), topic, topic);
    }

    private static String topic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of("max.message.bytes", "4194304")))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static void send(String topic, String key, byte[] value, String reportId) throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
        if (reportId != null) {
            r.headers().add("reportId", reportId.getBytes(StandardCharsets.UTF_8));
        }
        producer.send(r).get(30, TimeUnit.SECONDS);
    }

    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = Main.run(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
