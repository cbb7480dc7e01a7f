package dev.brokertuner.collector.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.collector.config.ConfigException;
import dev.brokertuner.collector.config.ConfigLoader;
import dev.brokertuner.collector.config.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest.kafka}: defaults, every problem named, and the consumer settings the collector fixes. */
class KafkaIngestConfigTest {
    @Test
    void defaultsAndTheFixedConsumerSettings(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "team-a team-a-0123456789abcdef\n");
        Path props = Files.writeString(dir.resolve("consumer.properties"),
                "security.protocol=SASL_SSL\nenable.auto.commit=true\n");
        var c = new ConfigLoader().parse("""
                dataDir: %s
                tokensFile: %s
                ingest:
                  kafka: {bootstrapServers: "k1:9093,k2:9093", config: %s}
                """.formatted(dir.resolve("data"), dir.resolve("tokens"), props), null, Overrides.none());
        KafkaIngestConfig k = c.kafkaIngest();
        assertThat(k.topic()).isEqualTo("broker-tuner.reports");
        assertThat(k.groupId()).isEqualTo("broker-tuner-collector");
        assertThat(k.sender()).isEqualTo("kafka:broker-tuner.reports");
        Properties p = KafkaIngest.consumerConfig(k);
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("enable.auto.commit")).as("the file cannot turn auto-commit on").isEqualTo("false");
        assertThat(p.getProperty("allow.auto.create.topics")).isEqualTo("false");
        assertThat(p.getProperty("group.id")).isEqualTo("broker-tuner-collector");
    }

    @Test
    void noSectionNoKafka(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "team-a team-a-0123456789abcdef\n");
        var c = new ConfigLoader().parse("dataDir: %s\ntokensFile: %s\n".formatted(dir.resolve("data"),
                dir.resolve("tokens")), null, Overrides.none());
        assertThat(c.kafkaIngest()).isNull();
    }

    @Test
    void everyProblemIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "team-a team-a-0123456789abcdef\n");
        assertThatThrownBy(() -> new ConfigLoader().parse("""
                dataDir: %s
                tokensFile: %s
                ingest:
                  kafka: {topic: "no spaces", groupId: "", config: /nonexistent/consumer.properties, acks: 1}
                  http: {}
                """.formatted(dir.resolve("data"), dir.resolve("tokens")), null, Overrides.none()))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("ingest.kafka.bootstrapServers: required"))
                        .anySatisfy(p -> assertThat(p).startsWith("ingest.kafka.topic: not a Kafka topic name"))
                        .anySatisfy(p -> assertThat(p).contains("/nonexistent/consumer.properties is not readable"))
                        .anySatisfy(p -> assertThat(p).startsWith("ingest.kafka.acks: unknown key"))
                        .anySatisfy(p -> assertThat(p).startsWith("ingest.http: unknown key")));
    }
}
