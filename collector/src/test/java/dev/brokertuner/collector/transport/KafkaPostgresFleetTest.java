package dev.brokertuner.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportKey;
import dev.brokertuner.testkit.KraftBroker;
import dev.brokertuner.testkit.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet topology of issue 14 end to end, with real parts: a KRaft broker holding the reports topic, a real
 * PostgreSQL server, and two collector JVMs ({@code serve} with {@code ingest.kafka} and {@code store.type:
 * postgres}) in one consumer group. Reports are produced as the agent's KafkaTransport produces them (idempotent,
 * {@code acks=all}, keyed cluster/host, compressed, the {@code reportId} header). One collector is killed with
 * SIGKILL mid-stream and restarted; PostgreSQL is stopped and started mid-stream; a malformed record sits on the
 * topic. Every report made is stored exactly once (rows counted in PostgreSQL), both collectors serve every host's
 * latest report, the bad record is counted by reason on {@code /metrics}, and during the outage both say
 * {@code store-failing} and the group commits no offset.
 */
class KafkaPostgresFleetTest {
    private static final String TOPIC = "reports";
    private static final int HOSTS = 40;
    private static final int BEFORE_KILL = 240;
    private static final int DURING_OUTAGE = 80;
    private static final int AFTER = 80;
    private static final int TOTAL = BEFORE_KILL + DURING_OUTAGE + AFTER;
    private static final String INVALID = "broker_tuner_collector_kafka_records_skipped{reason=\"invalid\"}";

    private final ReportJson json = new ReportJson();
    private final Instant base = Instant.now().minusSeconds(3_600);
    private final List<String> made = new ArrayList<>();
    private final Map<String, String> latest = new LinkedHashMap<>();

    @Test
    void twoCollectorsOnePostgresSurviveAKill9AndAPostgresRestartStoringEachReportOnce(@TempDir Path dir)
            throws Exception {
        try (KraftBroker broker = KraftBroker.start();
             PostgresServer pg = PostgresServer.start("fleet-joint-pw-8901");
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            pg.createDatabase("fleet");
            Path pw = dir.resolve("pg-password");
            Files.writeString(pw, pg.password() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            String shared = """
                    ingest:
                      kafka: {bootstrapServers: "%s", topic: %s}
                    store:
                      type: postgres
                      url: "%s"
                      user: %s
                      passwordFile: %s
                      maxPoolSize: 4
                    """.formatted(broker.bootstrap(), TOPIC, pg.jdbcUrl("fleet"), PostgresServer.USER, pw);
            Path configA = config(dir.resolve("a"), shared);
            Path configB = config(dir.resolve("b"), shared);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(broker.bootstrap()));
                 CollectorProcess b = CollectorProcess.start(configB, dir.resolve("b.log"))) {
                CollectorProcess a = CollectorProcess.start(configA, dir.resolve("a-first.log"));
                try {
                    eventually("both collectors hold partitions of the topic", () ->
                            a.metric("broker_tuner_collector_kafka_partitions") > 0
                                    && b.metric("broker_tuner_collector_kafka_partitions") > 0);
                    // 1. a stream of reports; collector a killed with SIGKILL while it stores them
                    Thread stream = new Thread(() -> produce(producer, 0, BEFORE_KILL, 5));
                    stream.start();
                    eventually("collector a stored 30 reports before the kill",
                            () -> a.metric("broker_tuner_collector_kafka_reports_stored") >= 30);
                    assertThat(a.kill9()).as("killed by SIGKILL").isEqualTo(137);
                    stream.join(120_000);
                    assertThat(stream.isAlive()).isFalse();
                } finally {
                    a.kill9();
                }
                try (CollectorProcess again = CollectorProcess.start(configA, dir.resolve("a-second.log"))) {
                    List<CollectorProcess> both = List.of(again, b);
                    eventually("every report before the kill stored once the group settles", () ->
                            rows(pg, "SELECT COUNT(*) FROM reports") == BEFORE_KILL && drained(both));
                    assertThat(committed(admin)).as("offsets committed for every record read").isEqualTo(BEFORE_KILL);

                    // 2. PostgreSQL stopped while reports keep coming: paused, store-failing, no offset committed
                    pg.stop();
                    try {
                        produce(producer, BEFORE_KILL, DURING_OUTAGE, 0);
                        for (CollectorProcess c : both) {
                            eventually("/health says store-failing on :" + c.port(), () -> {
                                HttpResponse<String> h = c.get("/health");
                                return h.statusCode() == 503
                                        && "store-failing".equals(new JsonObject(h.body()).getString("status"));
                            });
                        }
                        eventually("Kafka ingest paused on the store's failure", () ->
                                again.metric("broker_tuner_collector_kafka_store_failing")
                                        + b.metric("broker_tuner_collector_kafka_store_failing") >= 1);
                        long before = committed(admin);
                        Thread.sleep(3_000); // the members retry (1 s backoff, doubling) meanwhile
                        assertThat(committed(admin)).as("no offset committed during the outage")
                                .isEqualTo(before).isEqualTo(BEFORE_KILL);
                        assertThat(again.metric("broker_tuner_collector_kafka_store_failures")
                                + b.metric("broker_tuner_collector_kafka_store_failures"))
                                .as("batches whose store failed").isGreaterThanOrEqualTo(1);
                    } finally {
                        pg.start();
                    }

                    // 3. after the outage: a malformed record among more reports; everything resumes, nothing lost
                    producer.send(new ProducerRecord<>(TOPIC, "fleet/kafka-bad",
                            "{\"schemaVersion\": not json".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                    produce(producer, BEFORE_KILL + DURING_OUTAGE, AFTER, 0);
                    eventually("every report stored after PostgreSQL is back", () ->
                            rows(pg, "SELECT COUNT(*) FROM reports") >= TOTAL && drained(both));
                    assertThat(committed(admin)).as("every record committed, the bad one too").isEqualTo(TOTAL + 1);
                    assertThat(again.metric(INVALID) + b.metric(INVALID)).as("the malformed record, skipped and "
                            + "counted").isEqualTo(1);
                    for (CollectorProcess c : both) {
                        eventually("/health ok again on :" + c.port(), () -> c.get("/health").statusCode() == 200);
                    }

                    assertThat(rows(pg, "SELECT COUNT(*) FROM reports")).as("each report stored once")
                            .isEqualTo(TOTAL);
                    assertThat(rows(pg, "SELECT COUNT(*) FROM hosts")).isEqualTo(HOSTS);
                    assertThat(storedIds(pg)).as("exactly the reports made").isEqualTo(new HashSet<>(made));
                    for (CollectorProcess c : both) {
                        for (Map.Entry<String, String> e : latest.entrySet()) {
                            eventually(c.port() + " serves " + e.getKey() + "'s latest report",
                                    () -> e.getValue().equals(servedReportId(c, e.getKey())));
                        }
                        JsonObject fleet = new JsonObject(c.get("/v1/fleet?fresh=true").body());
                        assertThat(fleet.getInteger("hosts")).as("hosts in /v1/fleet on :" + c.port())
                                .isEqualTo(HOSTS);
                    }
                }
            }
        }
    }

    private static Path config(Path dir, String shared) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tokens"), "team-a " + CollectorFixture.TOKEN + "\n");
        return Files.writeString(dir.resolve("collector.yaml"), CollectorFixture.yaml(dir, 0, shared));
    }

    /** As the agent's KafkaTransport configures its producer. */
    private static Properties producerConfig(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("compression.type", "zstd");
        p.put("linger.ms", "5");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        return p;
    }

    /** Produces reports {@code from..from+n} (host i % 40, one second apart) and waits until all are acknowledged. */
    private void produce(KafkaProducer<String, byte[]> producer, int from, int n, long pauseMillis) {
        try {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (int i = from; i < from + n; i++) {
                String host = "kafka-f" + (i % HOSTS);
                Report r = Reports.broker(host, i % HOSTS).at(base.plusSeconds(i)).build();
                ProducerRecord<String, byte[]> rec = new ProducerRecord<>(TOPIC, ReportKey.of(r), json.write(r));
                rec.headers().add("reportId", r.reportId().getBytes(StandardCharsets.UTF_8));
                rec.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(rec));
                synchronized (made) {
                    made.add(r.reportId());
                    latest.put(host, r.reportId());
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
            for (var f : acks) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Both members caught up with the end of their partitions. */
    private static boolean drained(List<CollectorProcess> members) throws Exception {
        for (CollectorProcess c : members) {
            if (c.metric("broker_tuner_collector_kafka_lag") != 0) {
                return false;
            }
        }
        return true;
    }

    /** The group's committed offsets, summed over the topic's partitions. */
    private static long committed(Admin admin) throws Exception {
        Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(KafkaIngestConfig.DEFAULT_GROUP)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static Connection sql(PostgresServer pg) throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl("fleet"), PostgresServer.USER, pg.password());
    }

    private static long rows(PostgresServer pg, String query) throws Exception {
        try (Connection c = sql(pg); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> storedIds(PostgresServer pg) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = sql(pg); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT report_id FROM reports")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static String servedReportId(CollectorProcess c, String host) throws Exception {
        HttpResponse<String> r = c.get("/v1/hosts/" + host + "?history=1");
        return r.statusCode() == 200 ? new JsonObject(r.body()).getJsonObject("summary").getString("reportId") : null;
    }

    /** Waits (up to 120 s: two JVMs, a broker and PostgreSQL share two cores) until the check holds. */
    private static void eventually(String what, Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!check.call()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
