package dev.brokertuner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.AgentApp;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.collector.CollectorApp;
import dev.brokertuner.collector.config.Overrides;
import dev.brokertuner.testkit.KraftBroker;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on one machine: a real single-node KRaft broker (testkit), the agent daemon reading this host
 * and that broker (found through its server.properties, JMX and AdminClient), and the collector. The host appears in
 * the fleet view under the broker's Kafka cluster id, with its broker metrics, node id and Kafka version, and the
 * cluster's capacity.json names the broker.
 */
class LiveBrokerToCollectorTest {
    static final String TOKEN = AgentToCollectorTest.TOKEN;

    @Test
    void theHostAppearsInTheFleetWithItsBrokerMetrics(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "e2e " + TOKEN + "\n");
        Files.writeString(dir.resolve("agent-token"), TOKEN + "\n");
        var collectorConfig = new dev.brokertuner.collector.config.ConfigLoader().parse("""
                listen: 127.0.0.1:0
                dataDir: %s
                tokensFile: %s
                """.formatted(dir.resolve("collector-data"), dir.resolve("tokens")), null, Overrides.none());
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx);
        try (KraftBroker broker = KraftBroker.start();
             CollectorApp collector = CollectorApp.start(collectorConfig, Clock.systemUTC())) {
            int port = collector.port();
            String agentYaml = """
                    listen: 127.0.0.1:0
                    serverProperties: %s
                    logDirs: [%s]
                    intervalSeconds: 3
                    sampleSeconds: 1
                    clusterAlias: e2e-live
                    collector:
                      url: http://127.0.0.1:%d
                      tokenFile: %s
                      outboxDir: %s
                    """.formatted(broker.serverProperties(), broker.logDirs().get(0), port,
                    dir.resolve("agent-token"), dir.resolve("outbox"));
            var agentConfig = new ConfigLoader(RuleCatalog.builtIn()).parse(agentYaml, null);
            try (AgentApp agent = AgentApp.start(agentConfig, Clock.systemUTC())) {
                String key = broker.clusterId();
                AgentToCollectorTest.await("a report with the broker reachable in cluster " + key, 90, () -> {
                    try {
                        HttpResponse<Buffer> r = get(client, port, "/v1/clusters/" + key);
                        return r.statusCode() == 200 && r.bodyAsJsonObject().getJsonArray("hosts").stream()
                                .anyMatch(h -> "ok".equals(((JsonObject) h).getString("brokerStatus")));
                    } catch (Exception e) {
                        return false;
                    }
                });
                JsonObject cluster = get(client, port, "/v1/clusters/" + key).bodyAsJsonObject();
                assertThat(cluster.getString("clusterId")).isEqualTo(key);
                assertThat(cluster.getString("alias")).isEqualTo("e2e-live");
                JsonObject host = cluster.getJsonArray("hosts").getJsonObject(0);
                assertThat(host.getInteger("nodeId")).isEqualTo(broker.nodeId());
                assertThat(host.getDouble("bytesInPerSec")).as("broker metrics read over JMX").isNotNull();
                assertThat(host.getJsonObject("attributes").getString("kafkaVersion")).isNotBlank();
                assertThat(host.getJsonObject("attributes").getString("numIoThreads")).isNotBlank();
                assertThat(cluster.getJsonObject("scale").getInteger("brokersWithThroughput")).isEqualTo(1);
                assertThat(cluster.getJsonObject("scale").getJsonObject("milestone").getString("name"))
                        .isEqualTo("Small deployment");
                String hostname = host.getString("hostname");
                JsonObject detail = get(client, port, "/v1/hosts/" + hostname).bodyAsJsonObject();
                assertThat(detail.getJsonObject("report").getJsonObject("broker").getString("status"))
                        .isEqualTo("ok");
                HttpResponse<Buffer> capacity = get(client, port, "/v1/clusters/" + key + "/capacity.json");
                assertThat(capacity.statusCode()).isEqualTo(200);
                assertThat(capacity.bodyAsJsonObject().containsKey("brokerCapacities")).isTrue();
                assertThat(agent.outbox().size()).isLessThanOrEqualTo(1);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<Buffer> get(WebClient client, int port, String path) throws Exception {
        return client.get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + TOKEN)
                .timeout(10_000).send().await(15, TimeUnit.SECONDS);
    }
}
