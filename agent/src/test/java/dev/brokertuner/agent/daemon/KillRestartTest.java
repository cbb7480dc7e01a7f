package dev.brokertuner.agent.daemon;

import static dev.brokertuner.agent.daemon.DeliveryTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as its own JVM, killed with SIGKILL while reports are queued for an absent collector, then restarted
 * with the collector up: every queued report arrives exactly once, in order.
 */
class KillRestartTest {
    static Process startAgent(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.brokertuner.agent.cli.Main", "agent", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void queuedReportsSurviveKillNineAndAreSentOnce(@TempDir Path root) throws Exception {
        TinyHost.write(root);
        Path outbox = root.resolve("outbox");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path config = Files.writeString(root.resolve("agent.yaml"), DeliveryTest.config(root, port, outbox));
        Process agent = startAgent(config, root.resolve("agent-1.log"));
        List<String> queued;
        try {
            await("4 reports queued with no collector", 60,
                    () -> Files.isDirectory(outbox) && uncheckedQueued(outbox).size() >= 4);
        } finally {
            agent.destroyForcibly();
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(agent.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        queued = DeliveryTest.queuedIds(outbox);

        try (TestCollector collector = new TestCollector("s3cret")) {
            collector.start(port);
            Process again = startAgent(config, root.resolve("agent-2.log"));
            try {
                await("queued reports delivered after restart", 60,
                        () -> collector.arrivals().containsAll(queued));
            } finally {
                again.destroy();
                assertThat(again.waitFor(10, TimeUnit.SECONDS)).as("SIGTERM stops within 10 s").isTrue();
            }
            assertThat(collector.arrivals().subList(0, queued.size())).containsExactlyElementsOf(queued);
            assertThat(collector.arrivals()).doesNotHaveDuplicates();
        }
        assertThat(Files.readString(root.resolve("agent-2.log"))).contains("started", "queued");
    }

    private static List<String> uncheckedQueued(Path outbox) {
        try {
            return DeliveryTest.queuedIds(outbox);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
