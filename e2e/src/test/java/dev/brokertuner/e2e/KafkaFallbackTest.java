package dev.brokertuner.e2e;

import static dev.brokertuner.e2e.AgentToCollectorTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.AgentApp;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.collector.CollectorApp;
import dev.brokertuner.collector.config.Overrides;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent daemon configured with {@code collector.kafka} (a cluster that does not answer) and
 * {@code collector.url} (a real collector over HTTP): after {@code fallbackAfterSeconds} of failed produces its
 * reports reach the collector over HTTP, and {@code /health} (degraded, with the reason) and {@code /metrics} say
 * that delivery is on the fallback.
 */
class KafkaFallbackTest {
    @Test
    void afterTheFallbackTimeReportsGoOverHttpAndTheAgentSaysSo(@TempDir Path dir) throws Exception {
        String token = AgentToCollectorTest.TOKEN;
        Files.writeString(dir.resolve("tokens"), "e2e " + token + "\n");
        Files.writeString(dir.resolve("agent-token"), token + "\n");
        AgentToCollectorTest.writeHost(dir.resolve("host"));
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        var collectorConfig = new dev.brokertuner.collector.config.ConfigLoader().parse("""
                listen: 127.0.0.1:0
                dataDir: %s
                tokensFile: %s
                """.formatted(dir.resolve("collector-data"), dir.resolve("tokens")), null, Overrides.none());
        try (CollectorApp collector = CollectorApp.start(collectorConfig, Clock.systemUTC())) {
            String agentYaml = """
                    listen: 127.0.0.1:0
                    procfs: %s
                    sysfs: %s
                    logDirs: [/data/kafka]
                    intervalSeconds: 2
                    sampleSeconds: 0
                    broker: {enabled: false}
                    clusterAlias: e2e-fallback
                    collector:
                      url: http://127.0.0.1:%d
                      tokenFile: %s
                      outboxDir: %s
                      kafka: {bootstrapServers: "127.0.0.1:%d", fallbackAfterSeconds: 1}
                    """.formatted(dir.resolve("host/proc"), dir.resolve("host/sys"), collector.port(),
                    dir.resolve("agent-token"), dir.resolve("outbox"), dead);
            var agentConfig = new ConfigLoader(RuleCatalog.builtIn()).parse(agentYaml, null);
            try (AgentApp agent = AgentApp.start(agentConfig, Clock.systemUTC())) {
                await("the host reached the collector over the HTTP fallback", 90, () -> collector.hosts() == 1);
                JsonObject health = new JsonObject(get(agent.port(), "/health"));
                assertThat(health.getString("status")).isEqualTo("degraded");
                assertThat(health.getJsonArray("degraded").encode())
                        .contains("the Kafka cluster has been unreachable since")
                        .contains("reports go to http://127.0.0.1:" + collector.port() + "/v1/reports");
                String metrics = get(agent.port(), "/metrics");
                assertThat(metrics).contains("broker_tuner_delivery_fallback_active 1")
                        .contains("broker_tuner_delivery_fallbacks 1");
                await("the outbox drained over HTTP", 30, () -> agent.outbox().size() == 0);
            }
        }
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
