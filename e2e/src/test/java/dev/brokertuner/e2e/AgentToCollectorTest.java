package dev.brokertuner.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.AgentApp;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.collector.CollectorApp;
import dev.brokertuner.collector.config.Overrides;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent daemon ({@link AgentApp}, over a small procfs/sysfs tree with a relatime data mount and swappiness
 * 60, broker side off) delivering to the real collector ({@link CollectorApp}) over loopback HTTP with a bearer
 * token: the host appears in the fleet view under its cluster alias, with its findings, and a collector restart
 * loses nothing while the agent keeps delivering.
 */
class AgentToCollectorTest {
    static final String TOKEN = "e2e-team-0123456789abcdef";

    @Test
    void theAgentsReportsReachTheFleetViewsAndSurviveACollectorRestart(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "e2e " + TOKEN + "\n");
        Files.writeString(dir.resolve("agent-token"), TOKEN + "\n");
        String collectorYaml = """
                listen: 127.0.0.1:0
                dataDir: %s
                tokensFile: %s
                """.formatted(dir.resolve("collector-data"), dir.resolve("tokens"));
        var collectorConfig = new dev.brokertuner.collector.config.ConfigLoader().parse(collectorYaml, null,
                Overrides.none());
        CollectorApp collector = CollectorApp.start(collectorConfig, Clock.systemUTC());
        int port = collector.port();
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx);
        try {
            writeHost(dir.resolve("host"));
            String agentYaml = """
                    listen: 127.0.0.1:0
                    procfs: %s
                    sysfs: %s
                    logDirs: [/data/kafka]
                    intervalSeconds: 1
                    sampleSeconds: 0
                    broker: {enabled: false}
                    clusterAlias: e2e-cluster
                    collector:
                      url: http://127.0.0.1:%d
                      tokenFile: %s
                      outboxDir: %s
                    """.formatted(dir.resolve("host/proc"), dir.resolve("host/sys"), port,
                    dir.resolve("agent-token"), dir.resolve("outbox"));
            var agentConfig = new ConfigLoader(RuleCatalog.builtIn()).parse(agentYaml, null);
            try (AgentApp agent = AgentApp.start(agentConfig, Clock.systemUTC())) {
                await("the host in the fleet view", 30, () -> hosts(client, port) == 1);
                JsonObject fleet = get(client, port, "/v1/fleet").bodyAsJsonObject();
                JsonObject cluster = fleet.getJsonArray("clusters").getJsonObject(0);
                assertThat(cluster.getString("key")).isEqualTo("e2e-cluster");
                assertThat(cluster.getInteger("brokers")).isEqualTo(1);
                JsonObject host = get(client, port, "/v1/hosts/kafka-e2e-01").bodyAsJsonObject();
                assertThat(host.getJsonObject("summary").getString("sender")).isEqualTo("e2e");
                assertThat(host.getJsonObject("summary").getString("brokerStatus")).isEqualTo("not-found");
                JsonArray findings = host.getJsonObject("report").getJsonArray("findings");
                assertThat(findings.stream().map(f -> ((JsonObject) f).getString("ruleId")))
                        .contains("host.vm.swappiness");
                JsonObject grouped = get(client, port, "/v1/findings?cluster=e2e-cluster").bodyAsJsonObject();
                assertThat(grouped.getJsonArray("rules").stream().map(r -> ((JsonObject) r).getString("ruleId")))
                        .contains("host.vm.swappiness");

                collector.close();
                await("reports queued while the collector is down", 30, () -> agent.outbox().size() >= 2);
                collector = CollectorApp.start(collectorConfig.withPort(port), Clock.systemUTC());
                await("the outbox drained into the restarted collector", 60, () -> agent.outbox().size() == 0);
                int history = get(client, port, "/v1/hosts/kafka-e2e-01?history=1000").bodyAsJsonObject()
                        .getJsonArray("history").size();
                assertThat(history).as("reports from before and after the restart").isGreaterThanOrEqualTo(3);
                String metrics = get(client, port, "/metrics").bodyAsString();
                assertThat(metrics).contains("broker_tuner_collector_store_hosts 1.0");
            }
        } finally {
            collector.close();
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static int hosts(WebClient client, int port) {
        try {
            HttpResponse<Buffer> r = get(client, port, "/v1/fleet");
            return r.statusCode() == 200 ? r.bodyAsJsonObject().getInteger("hosts") : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<Buffer> get(WebClient client, int port, String path) throws Exception {
        return client.get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + TOKEN)
                .timeout(10_000).send().await(15, TimeUnit.SECONDS);
    }

    static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** A minimal host: hostname, memory, two CPUs, an xfs data mount with relatime, swappiness 60. */
    static void writeHost(Path root) throws IOException {
        put(root, "proc/sys/kernel/hostname", "kafka-e2e-01\n");
        put(root, "proc/meminfo", "MemTotal:       16384000 kB\n");
        put(root, "proc/cpuinfo", "processor\t: 0\nprocessor\t: 1\n");
        put(root, "proc/mounts", "/dev/sda1 / ext4 rw,relatime 0 0\n/dev/sdb1 /data xfs rw,relatime 0 0\n");
        put(root, "proc/sys/vm/swappiness", "60\n");
        put(root, "proc/sys/vm/max_map_count", "65530\n");
        Files.createDirectories(root.resolve("sys/block"));
        Files.createDirectories(root.resolve("sys/class/net"));
    }

    private static void put(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
