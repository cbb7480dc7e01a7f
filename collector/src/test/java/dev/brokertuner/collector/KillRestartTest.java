package dev.brokertuner.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.store.Durability;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector as its own JVM ({@code broker-tuner-collector serve}), killed with SIGKILL while reports are being
 * posted: every report it answered 202 for is in the store after a restart.
 */
class KillRestartTest {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");

    @ParameterizedTest
    @EnumSource(Durability.class)
    void kill9WhileIngestingLosesNoAcknowledgedReport(Durability durability, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "team-a " + CollectorFixture.TOKEN + "\n");
        Path config = Files.writeString(dir.resolve("collector.yaml"), CollectorFixture.yaml(dir, 0,
                "durability: " + durability.name().toLowerCase(java.util.Locale.ROOT) + "\n"));
        Path log = dir.resolve("collector.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.brokertuner.collector.cli.Main",
                "serve", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        Vertx vertx = Vertx.vertx();
        ReportJson json = new ReportJson();
        try {
            int port = awaitPort(child, log);
            WebClient client = WebClient.create(vertx);
            Semaphore inFlight = new Semaphore(16);
            int sent = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < 300) {
                assertThat(System.nanoTime()).as("300 reports acknowledged").isLessThan(deadline);
                inFlight.acquire();
                Report r = Reports.broker("kafka-k" + (sent % 50), sent % 50).build();
                sent++;
                client.post(port, "127.0.0.1", "/v1/reports").putHeader("Authorization", "Bearer "
                                + CollectorFixture.TOKEN).putHeader("Content-Encoding", "gzip")
                        .sendBuffer(Buffer.buffer(CollectorFixture.gzip(json.write(r))))
                        .onComplete(ar -> {
                            inFlight.release();
                            if (ar.succeeded() && ar.result().statusCode() == 202) {
                                acked.add(r.reportId());
                            } else {
                                failed.incrementAndGet();
                            }
                        });
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        } finally {
            child.destroyForcibly();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        List<String> snapshot = new ArrayList<>(acked);
        try (H2ReportStore store = H2ReportStore.open(dir.resolve("data"), json.mapper())) {
            List<String> missing = new ArrayList<>();
            for (String id : snapshot) {
                if (store.report(id).isEmpty()) {
                    missing.add(id);
                }
            }
            assertThat(missing).as("acknowledged before the kill, missing after").isEmpty();
            assertThat(store.reportCount()).isGreaterThanOrEqualTo(snapshot.size());
            assertThat(store.latestSummaries()).hasSizeLessThanOrEqualTo(50).isNotEmpty();
        }
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
