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
import dev.brokertuner.collector.cli.Main;
import dev.brokertuner.collector.config.Overrides;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.collector.transport.KafkaIngestStats;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.testkit.KraftCluster;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 3-broker KRaft cluster, the topic made by {@code topic create} (RF 3, {@code min.insync.replicas 2}): the
 * broker leading a partition is killed with SIGKILL while the agent's publisher produces and a collector consumes;
 * every report made is stored exactly once and the outbox empties.
 */
class KafkaFailoverTest {
    @Test
    void killingThePartitionLeaderLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        ReportJson json = new ReportJson();
        List<String> made = new ArrayList<>();
        try (KraftCluster cluster = KraftCluster.builder().brokers(3).start()) {
            assertThat(Main.run("topic", "create", "--bootstrap-server", cluster.bootstrap(), "--partitions", "3"))
                    .isZero();
            Files.writeString(dir.resolve("tokens"), "e2e " + AgentToCollectorTest.TOKEN + "\n");
            var config = new dev.brokertuner.collector.config.ConfigLoader().parse("""
                    listen: 127.0.0.1:0
                    dataDir: %s
                    tokensFile: %s
                    ingest:
                      kafka: {bootstrapServers: "%s"}
                    """.formatted(dir.resolve("data"), dir.resolve("tokens"), cluster.bootstrap()), null,
                    Overrides.none());
            Outbox outbox = Outbox.open(dir.resolve("outbox"), 1000, 64L << 20);
            Vertx vertx = Vertx.vertx();
            PublisherStats stats = new PublisherStats();
            try (CollectorApp collector = CollectorApp.start(config, Clock.systemUTC())) {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()))) {
                    var topic = admin.describeTopics(List.of("broker-tuner.reports")).allTopicNames()
                            .get(30, TimeUnit.SECONDS).get("broker-tuner.reports");
                    assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
                    var resource = new ConfigResource(ConfigResource.Type.TOPIC, "broker-tuner.reports");
                    assertThat(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                            .get("min.insync.replicas").value()).as("set by topic create with RF 3").isEqualTo("2");
                    int leader = topic.partitions().get(0).leader().id();
                    Context context = vertx.getOrCreateContext();
                    AtomicReference<Publisher> publisher = new AtomicReference<>();
                    context.runOnContext(v -> {
                        publisher.set(new Publisher(vertx, outbox, new KafkaTransport(vertx, cluster.bootstrap(),
                                "broker-tuner.reports", new Properties()), new RetryPolicy(() -> 0.5), stats,
                                Clock.systemUTC()));
                        publisher.get().nudge();
                    });
                    append(outbox, json, made, 0, 40);
                    context.runOnContext(v -> publisher.get().nudge());
                    KafkaIngestStats ingest = collector.kafkaIngest().stats();
                    await("the first reports stored", 90, () -> ingest.stored.get() >= 20);
                    cluster.broker(leader).close();
                    append(outbox, json, made, 40, 80);
                    context.runOnContext(v -> publisher.get().nudge());
                    await("every report stored after the leader's loss", 120, () -> ingest.stored.get() == 80);
                    await("the outbox drained", 30, () -> outbox.size() == 0);
                    assertThat(stats.rejected.get()).isZero();
                }
            } finally {
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
        try (H2ReportStore store = H2ReportStore.open(dir.resolve("data"), json.mapper())) {
            assertThat(store.reportCount()).isEqualTo(80);
            for (String id : made) {
                assertThat(store.report(id)).as(id).isPresent();
            }
        }
    }

    private static void append(Outbox outbox, ReportJson json, List<String> made, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Report r = Reports.broker("kafka-f" + (i % 8), i % 8).build();
            outbox.append(r.reportId(), KafkaDeliveryTest.gzip(json.write(r)));
            made.add(r.reportId());
        }
    }
}
