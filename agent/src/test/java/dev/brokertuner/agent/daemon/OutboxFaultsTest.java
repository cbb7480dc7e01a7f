package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.daemon.push.Outbox;
import dev.brokertuner.agent.rules.RuleCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a disk that fills up, on a read-only one, and with a write that fails halfway. */
class OutboxFaultsTest {
    private static final Random RANDOM = new Random(11);

    /** Incompressible bytes standing for a gzip body. */
    static byte[] body(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFullDiskDropsTheOldestToKeepTheNewestAndLeavesNoTempFiles(@TempDir Path tmp) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), "size=256k")) {
            Outbox box = Outbox.open(disk.dir(), 10_000, 1L << 30);
            for (int i = 1; i <= 60; i++) {
                assertThat(box.append("r" + i, body(20_000))).isGreaterThanOrEqualTo(0);
            }
            List<String> files = names(disk.dir());
            assertThat(files).noneMatch(n -> n.endsWith(".tmp"));
            assertThat(files).last().asString().endsWith("-r60.json.gz");
            assertThat(box.droppedForSpace()).as("dropped to make room").isGreaterThan(40);
            assertThat(box.dropped()).isEqualTo(box.droppedForSpace());
            assertThat(box.size()).isEqualTo(files.size()).isEqualTo(60 - (int) box.dropped());
            assertThat(box.problem()).isEmpty();

            // fill the rest with a file that is not the outbox's: nothing left to drop, the write fails and says why
            while (box.size() > 0) {
                box.remove(box.peek().orElseThrow());
            }
            Path ballast = disk.dir().resolve("ballast");
            try {
                Files.write(ballast, body(300_000));
            } catch (IOException full) {
                // the tmpfs took what it could: that is the point
            }
            assertThatThrownBy(() -> box.append("r61", body(20_000))).isInstanceOf(IOException.class);
            assertThat(names(disk.dir())).containsExactly("ballast");
            assertThat(box.problem()).hasValueSatisfying(p -> assertThat(p)
                    .contains(disk.dir().toString(), "No space left on device"));

            // space returns: the next report is queued and the outbox is healthy again
            Files.delete(ballast);
            box.append("r62", body(20_000));
            assertThat(box.problem()).isEmpty();
            assertThat(names(disk.dir())).singleElement().asString().endsWith("-r62.json.gz");
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNoTempFileAndTheNextOneSucceeds(@TempDir Path dir) throws Exception {
        boolean[] fail = {false};
        Outbox box = Outbox.open(dir, 100, 1L << 30, (file, body) -> {
            if (fail[0]) {
                Files.write(file, new byte[0]); // what a full disk leaves: an empty file
                throw new IOException("Input/output error");
            }
            Outbox.FileWriter.DURABLE.write(file, body);
        });
        box.append("a", body(100));
        fail[0] = true;
        // an I/O error is not a full disk: nothing is dropped for it
        assertThatThrownBy(() -> box.append("b", body(100))).hasMessageContaining("Input/output error");
        assertThat(names(dir)).singleElement().asString().endsWith("-a.json.gz");
        assertThat(box.dropped()).isZero();
        assertThat(box.problem()).hasValueSatisfying(p -> assertThat(p).contains("Input/output error"));
        fail[0] = false;
        box.append("c", body(100));
        assertThat(names(dir)).hasSize(2).noneMatch(n -> n.endsWith(".tmp"));
        assertThat(box.problem()).isEmpty();
    }

    @Test
    void openingDeletesTempFilesAPreviousRunLeft(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("00000000000000000007-x.json.gz.tmp"), new byte[0]);
        Files.write(dir.resolve("00000000000000000008-y.json.gz.tmp"), body(10));
        Outbox box = Outbox.open(dir, 100, 1L << 30);
        assertThat(names(dir)).isEmpty();
        assertThat(box.size()).isZero();
    }

    @Test
    void anUnwritableOutboxMakesHealthDegradedAndClaimsNoCollectorReachability(@TempDir Path root)
            throws Exception {
        TinyHost.write(root);
        Path outboxDir = root.resolve("outbox");
        try (Tmpfs readOnly = Tmpfs.mount(outboxDir, "ro,size=64k")) {
            // the collector port is closed: nothing may say it was reached
            var config = new ConfigLoader(RuleCatalog.builtIn())
                    .parse(DeliveryTest.config(root, closedPort(), readOnly.dir()), null);
            try (AgentApp app = AgentApp.start(config, Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + app.port();
                DeliveryTest.await("a gathering", 30, () -> get(http, base + "/health").statusCode() == 200);
                var health = get(http, base + "/health");
                assertThat(health.body()).contains("\"status\":\"degraded\"", "\"degraded\":[",
                        readOnly.dir().toString(), "Read-only file system");
                DeliveryTest.await("a failed write counted", 30,
                        () -> get(http, base + "/metrics").body().contains("broker_tuner_outbox_write_failures 1"));
                String metrics = get(http, base + "/metrics").body();
                assertThat(metrics).contains("broker_tuner_outbox_writable 0.0")
                        .doesNotContain("broker_tuner_collector_reachable ");
                assertThat(app.outbox().problem()).hasValueSatisfying(p -> assertThat(p)
                        .contains("Read-only file system"));
            }
        }
    }

    @Test
    void collectorReachabilityAppearsOnlyAfterARealAttempt(@TempDir Path root) throws Exception {
        TinyHost.write(root);
        try (TestCollector collector = new TestCollector("s3cret")) {
            int port = collector.start(0);
            var config = new ConfigLoader(RuleCatalog.builtIn())
                    .parse(DeliveryTest.config(root, port, root.resolve("outbox")), null);
            try (AgentApp app = AgentApp.start(config, Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                String metrics = "http://127.0.0.1:" + app.port() + "/metrics";
                DeliveryTest.await("a delivery", 30, () -> !collector.arrivals().isEmpty());
                DeliveryTest.await("reachability after the delivery", 30,
                        () -> get(http, metrics).body().contains("broker_tuner_collector_reachable 1.0"));
                collector.stopServer();
                DeliveryTest.await("unreachability after a failed attempt", 30,
                        () -> get(http, metrics).body().contains("broker_tuner_collector_reachable 0.0"));
                assertThat(get(http, "http://127.0.0.1:" + app.port() + "/health").body())
                        .contains("\"status\":\"ok\"");
            }
        }
    }

    private static int closedPort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
