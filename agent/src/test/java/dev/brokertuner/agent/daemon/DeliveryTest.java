package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.daemon.push.Outbox;
import dev.brokertuner.agent.rules.RuleCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent delivering to a real HTTP collector that goes away and comes back, or refuses reports. */
class DeliveryTest {
    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static String config(Path root, int collectorPort, Path outbox) throws IOException {
        Path token = Files.writeString(root.resolve("token"), "s3cret\n");
        return TinyHost.config(root, 0, 1) + """
                collector:
                  url: http://127.0.0.1:%d
                  tokenFile: %s
                  outboxDir: %s
                """.formatted(collectorPort, token, outbox);
    }

    static List<String> queuedIds(Path outbox) throws IOException {
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json.gz")).sorted()
                    .map(n -> n.substring(21, n.length() - ".json.gz".length())).toList();
        }
    }

    @Test
    void collectorOutageLosesNothingAndSendsEachReportOnceInOrder(@TempDir Path root) throws Exception {
        TinyHost.write(root);
        Path outbox = root.resolve("outbox");
        try (TestCollector collector = new TestCollector("s3cret")) {
            int port = collector.start(0);
            var config = new ConfigLoader(RuleCatalog.builtIn()).parse(config(root, port, outbox), null);
            try (AgentApp app = AgentApp.start(config, Clock.systemUTC())) {
                await("3 reports delivered", 30, () -> collector.arrivals().size() >= 3);
                collector.stopServer();
                await("3 reports queued while the collector is down", 30,
                        () -> app.outbox().size() >= 3);
                List<String> queuedDuringOutage = queuedIds(outbox);
                collector.start(port);
                await("outbox drained", 60, () -> app.outbox().size() == 0
                        && collector.arrivals().containsAll(queuedDuringOutage));
                assertThat(collector.arrivals()).containsSubsequence(queuedDuringOutage);
            }
            assertThat(collector.arrivals()).doesNotHaveDuplicates();
            assertThat(Outbox.open(outbox, 10, 1 << 20).size()).isZero();
        }
    }

    @Test
    void retriesWhileUnavailableAndDropsWhatTheCollectorRejects(@TempDir Path root) throws Exception {
        TinyHost.write(root);
        Path outbox = root.resolve("outbox");
        try (TestCollector collector = new TestCollector("s3cret")) {
            collector.mode(TestCollector.Mode.UNAVAILABLE);
            int port = collector.start(0);
            var config = new ConfigLoader(RuleCatalog.builtIn()).parse(config(root, port, outbox), null);
            try (AgentApp app = AgentApp.start(config, Clock.systemUTC())) {
                await("reports queued behind 503s", 30, () -> app.outbox().size() >= 2);
                assertThat(collector.arrivals()).isEmpty();
                collector.mode(TestCollector.Mode.REJECT);
                await("rejected reports dropped", 30, () -> app.outbox().size() == 0);
                collector.mode(TestCollector.Mode.ACCEPT);
                await("a later report accepted", 30, () -> !collector.arrivals().isEmpty());
            }
        }
    }
}
