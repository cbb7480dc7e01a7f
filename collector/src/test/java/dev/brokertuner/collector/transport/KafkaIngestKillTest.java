package dev.brokertuner.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportKey;
import dev.brokertuner.testkit.KraftBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector as its own JVM ({@code broker-tuner-collector serve} with {@code ingest.kafka}), killed with SIGKILL
 * while it consumes a stream of reports from a real broker, then restarted on the same store: every report produced
 * is stored, and each exactly once (offsets are committed only after the batch is durable; what the killed member
 * had stored but not committed is read again and recognised by its report id).
 */
class KafkaIngestKillTest {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final int REPORTS = 400;

    @Test
    void kill9MidStreamLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        ReportJson json = new ReportJson();
        List<String> made = new ArrayList<>();
        try (KraftBroker broker = KraftBroker.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("reports", 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            Files.writeString(dir.resolve("tokens"), "team-a " + CollectorFixture.TOKEN + "\n");
            Path config = Files.writeString(dir.resolve("collector.yaml"), CollectorFixture.yaml(dir, 0, """
                    durability: flush
                    ingest:
                      kafka: {bootstrapServers: "%s", topic: reports}
                    """.formatted(broker.bootstrap())));
            Properties p = new Properties();
            p.put("bootstrap.servers", broker.bootstrap());
            p.put("acks", "all");
            p.put("linger.ms", "5");
            p.put("key.serializer", StringSerializer.class.getName());
            p.put("value.serializer", ByteArraySerializer.class.getName());
            Process first = start(config, dir.resolve("first.log"));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                int port = awaitPort(first, dir.resolve("first.log"));
                Thread stream = new Thread(() -> {
                    for (int i = 0; i < REPORTS; i++) {
                        Report r = Reports.broker("kafka-k" + (i % 40), i % 40).build();
                        ProducerRecord<String, byte[]> rec = new ProducerRecord<>("reports", ReportKey.of(r),
                                json.write(r));
                        rec.headers().add("reportId", r.reportId().getBytes(StandardCharsets.UTF_8));
                        producer.send(rec);
                        synchronized (made) {
                            made.add(r.reportId());
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    producer.flush();
                });
                stream.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (metric(port, "broker_tuner_collector_kafka_reports_stored") < 60) {
                    assertThat(System.nanoTime()).as("60 reports stored before the kill").isLessThan(deadline);
                    Thread.sleep(20);
                }
                first.destroyForcibly();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
                stream.join(60_000);
                assertThat(made).hasSize(REPORTS);
            } finally {
                first.destroyForcibly();
            }
            Process second = start(config, dir.resolve("second.log"));
            try {
                int port = awaitPort(second, dir.resolve("second.log"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (metric(port, "broker_tuner_collector_store_reports") < REPORTS
                        || metric(port, "broker_tuner_collector_kafka_lag") > 0) {
                    assertThat(System.nanoTime()).as("all %d reports stored after the restart", REPORTS)
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
                second.destroyForcibly();
            }
        }
        try (H2ReportStore store = H2ReportStore.open(dir.resolve("data"), json.mapper())) {
            List<String> missing = new ArrayList<>();
            for (String id : made) {
                if (store.report(id).isEmpty()) {
                    missing.add(id);
                }
            }
            assertThat(missing).as("made, missing after the kill and restart").isEmpty();
            assertThat(store.reportCount()).as("each report stored once").isEqualTo(REPORTS);
            assertThat(store.latestSummaries()).hasSize(40);
        }
    }

    private static Process start(Path config, Path log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.brokertuner.collector.cli.Main",
                "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static double metric(int port, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + CollectorFixture.TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E+-]+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static int awaitPort(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = STARTED.matcher(Files.readString(log));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            assertThat(child.isAlive()).as("collector running; log:\n%s",
                    Files.exists(log) ? Files.readString(log) : "").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the collector did not start within 60 s; log:\n" + Files.readString(log));
    }
}
