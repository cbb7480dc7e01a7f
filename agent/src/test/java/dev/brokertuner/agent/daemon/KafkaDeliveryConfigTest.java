package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.config.ConfigException;
import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collector.kafka}: its defaults, the agent's own cluster as the default, and every problem named. */
class KafkaDeliveryConfigTest {
    private final ConfigLoader loader = new ConfigLoader(RuleCatalog.builtIn());

    @Test
    void kafkaAloneNeedsNoUrlNorTokenAndDefaultsToTheAgentsOwnCluster(@TempDir Path dir) throws Exception {
        Path admin = Files.writeString(dir.resolve("admin.properties"), "security.protocol=SSL\n");
        AgentConfig c = loader.parse("""
                bootstrapServers: broker-1:9093,broker-2:9093
                adminConfig: %s
                collector:
                  outboxDir: %s
                  kafka: {}
                """.formatted(admin, dir.resolve("outbox")), null);
        AgentConfig.Kafka k = c.collector().kafka();
        assertThat(k.bootstrapServers()).isEqualTo("broker-1:9093,broker-2:9093");
        assertThat(k.topic()).isEqualTo("broker-tuner.reports");
        assertThat(k.config()).as("the AdminClient's SASL/TLS file, for the same cluster").isEqualTo(admin);
        assertThat(k.fallbackAfterSeconds()).isEqualTo(ConfigLoader.DEFAULT_FALLBACK_SECONDS);
        assertThat(c.collector().url()).isNull();
        assertThat(c.collector().outboxDir()).isEqualTo(dir.resolve("outbox"));
        assertThat(c.collector().describe()).isEqualTo("kafka topic broker-tuner.reports on "
                + "broker-1:9093,broker-2:9093");
    }

    @Test
    void aDedicatedClusterWithAnHttpsFallback(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "abc\n");
        Path producer = Files.writeString(dir.resolve("producer.properties"), "sasl.mechanism=SCRAM-SHA-512\n");
        AgentConfig c = loader.parse("""
                bootstrapServers: localhost:9092
                collector:
                  url: https://collector.ops:9798
                  tokenFile: %s
                  kafka:
                    bootstrapServers: kafka-ops-1:9093
                    topic: fleet.reports
                    config: %s
                    fallbackAfterSeconds: 60
                """.formatted(token, producer), null);
        AgentConfig.Kafka k = c.collector().kafka();
        assertThat(k.bootstrapServers()).isEqualTo("kafka-ops-1:9093");
        assertThat(k.topic()).isEqualTo("fleet.reports");
        assertThat(k.config()).isEqualTo(producer);
        assertThat(k.fallbackAfterSeconds()).isEqualTo(60);
        assertThat(c.collector().describe()).contains("falling back to https://collector.ops:9798 after 60 s");
    }

    @Test
    void everyProblemIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.parse("""
                collector:
                  kafka:
                    topic: "bad topic"
                    config: %s
                    fallbackAfterSeconds: 0
                    linger: 5
                """.formatted(dir.resolve("missing.properties")), null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                                .startsWith("collector.kafka.bootstrapServers: required"))
                        .anySatisfy(p -> assertThat(p).startsWith("collector.kafka.topic: 'bad topic' is not"))
                        .anySatisfy(p -> assertThat(p).contains("missing.properties is not readable"))
                        .anySatisfy(p -> assertThat(p).startsWith("collector.kafka.fallbackAfterSeconds: 0 is out"))
                        .anySatisfy(p -> assertThat(p).startsWith("collector.kafka.linger: unknown key")));
    }

    @Test
    void bootstrapServersThatAreNotHostPortListsAreRefused() {
        assertThatThrownBy(() -> loader.parse("""
                collector:
                  kafka: {bootstrapServers: "a:1; rm -rf /"}
                """, null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("collector.kafka.bootstrapServers:").contains("HOST:PORT")));
    }
}
