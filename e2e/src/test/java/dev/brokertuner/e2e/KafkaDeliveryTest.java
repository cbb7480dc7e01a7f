package dev.brokertuner.e2e;

import dev.brokertuner.collector.Reports;
import static dev.brokertuner.e2e.AgentToCollectorTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.push.KafkaTransport;
import dev.brokertuner.agent.daemon.push.Outbox;
import dev.brokertuner.agent.daemon.push.Publisher;
import dev.brokertuner.agent.daemon.push.PublisherStats;
import dev.brokertuner.agent.daemon.push.RetryPolicy;
import dev.brokertuner.collector.CollectorApp;
import dev.brokertuner.collector.config.Overrides;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.collector.transport.KafkaIngestStats;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.testkit.KraftBroker;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's delivery over Kafka, end to end with real parts: the agent's {@link Outbox} and {@link Publisher}
 * producing through {@link KafkaTransport} to a real KRaft broker (reached through a {@link NetworkCut} relay, which
 * stands for the network), and a real collector consuming the topic into its H2 store. Every report made is stored
 * exactly once and leaves the outbox only after the broker acknowledged it; with the cluster unreachable the
 * outbox keeps every report and drains when it is back; a missing topic is retried, never created.
 */
class KafkaDeliveryTest {
    static final String TOPIC = "broker-tuner.reports";
    /** The outage test's own topic, so that it reads only its own reports. */
    static final String QUEUE_TOPIC = "queued.reports";
    static NetworkCut network;
    static KraftBroker broker;

    @BeforeAll
    static void start() throws Exception {
        int relay;
        try (ServerSocket s = new ServerSocket(0)) {
            relay = s.getLocalPort();
        }
        network = new NetworkCut(relay);
        broker = KraftBroker.builder()
                .property("advertised.listeners", "PLAINTEXT://127.0.0.1:" + relay)
                .property("auto.create.topics.enable", "true")
                .start();
        network.target(broker.port());
        network.restore();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(QUEUE_TOPIC, 2, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static String bootstrap() {
        return "127.0.0.1:" + network.port();
    }

    @Test
    void everyReportMadeIsStoredOnceAndTheOutboxEmptiesOnlyAfterTheAcks(@TempDir Path dir) throws Exception {
        ReportJson json = new ReportJson();
        Outbox outbox = Outbox.open(dir.resolve("outbox"), 1000, 64L << 20);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Report r = Reports.broker("kafka-d" + (i % 10), i % 10).build();
            outbox.append(r.reportId(), gzip(json.write(r)));
            made.add(r.reportId());
        }
        Vertx vertx = Vertx.vertx();
        PublisherStats stats = new PublisherStats();
        try (CollectorApp collector = collector(dir, TOPIC)) {
            publish(vertx, outbox, TOPIC, stats);
            KafkaIngestStats ingest = collector.kafkaIngest().stats();
            await("60 reports stored", 60, () -> ingest.stored.get() == 60);
            await("the outbox drained", 30, () -> outbox.size() == 0);
            assertThat(stats.delivered.get()).isEqualTo(60);
            assertThat(stats.rejected.get()).isZero();
            assertThat(collector.hosts()).isEqualTo(10);
            assertThat(ingest.skipped()).as("the agent's records pass every check").isEmpty();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        try (H2ReportStore store = H2ReportStore.open(dir.resolve("data"), json.mapper())) {
            assertThat(store.reportCount()).isEqualTo(60);
            for (String id : made) {
                assertThat(store.report(id)).as(id).isPresent();
            }
            assertThat(store.hostOwners()).containsEntry("kafka-d3", "kafka:" + TOPIC);
        }
    }

    @Test
    void withTheClusterUnreachableTheOutboxQueuesThenDrains(@TempDir Path dir) throws Exception {
        ReportJson json = new ReportJson();
        Outbox outbox = Outbox.open(dir.resolve("outbox"), 1000, 64L << 20);
        Vertx vertx = Vertx.vertx();
        PublisherStats stats = new PublisherStats();
        try (CollectorApp collector = collector(dir, QUEUE_TOPIC)) {
            network.cut();
            for (int i = 0; i < 10; i++) {
                Report r = Reports.broker("kafka-q" + i, i).build();
                outbox.append(r.reportId(), gzip(json.write(r)));
            }
            publish(vertx, outbox, QUEUE_TOPIC, stats);
            await("a failed attempt", 60, () -> stats.retries.get() >= 1);
            assertThat(stats.reachable.get()).isZero();
            assertThat(outbox.size()).as("nothing leaves the outbox unacknowledged").isEqualTo(10);
            assertThat(stats.delivered.get()).isZero();
            network.restore();
            await("the outbox drained once the cluster is back", 90, () -> outbox.size() == 0);
            KafkaIngestStats ingest = collector.kafkaIngest().stats();
            await("the 10 queued reports stored", 60, () -> ingest.stored.get() == 10);
            assertThat(stats.reachable.get()).isEqualTo(1);
        } finally {
            network.restore();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingTopicIsRetriedAndNeverCreated(@TempDir Path dir) throws Exception {
        ReportJson json = new ReportJson();
        Outbox outbox = Outbox.open(dir.resolve("outbox"), 1000, 64L << 20);
        Report r = Reports.broker("kafka-m1", 1).build();
        outbox.append(r.reportId(), gzip(json.write(r)));
        Vertx vertx = Vertx.vertx();
        PublisherStats stats = new PublisherStats();
        try {
            publish(vertx, outbox, "absent.reports", stats);
            await("a failed attempt", 60, () -> stats.retries.get() >= 1);
            assertThat(outbox.size()).isEqualTo(1);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .as("the broker would auto-create it; the agent must not ask it to")
                        .doesNotContain("absent.reports");
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static CollectorApp collector(Path dir, String topic) throws Exception {
        Files.writeString(dir.resolve("tokens"), "e2e " + AgentToCollectorTest.TOKEN + "\n");
        var config = new dev.brokertuner.collector.config.ConfigLoader().parse("""
                listen: 127.0.0.1:0
                dataDir: %s
                tokensFile: %s
                ingest:
                  kafka: {bootstrapServers: "%s", topic: %s, groupId: g-%s}
                """.formatted(dir.resolve("data"), dir.resolve("tokens"), bootstrap(), topic,
                dir.getFileName()), null, Overrides.none());
        return CollectorApp.start(config, Clock.systemUTC());
    }

    /** The agent's publisher on its own Vert.x context, as the daemon runs it. */
    private static void publish(Vertx vertx, Outbox outbox, String topic, PublisherStats stats) {
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> new Publisher(vertx, outbox, new KafkaTransport(vertx, bootstrap(), topic,
                new Properties()), new RetryPolicy(() -> 0.5), stats, Clock.systemUTC()).nudge());
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
