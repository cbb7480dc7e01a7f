package dev.brokertuner.agent.daemon.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The producer settings the agent fixes over the user's file, and the record key taken from a report. */
class KafkaTransportTest {
    @Test
    void deliveryGuaranteesAndBoundsCannotBeLoosenedByThePropertiesFile() {
        Properties user = new Properties();
        user.put("acks", "0");
        user.put("enable.idempotence", "false");
        user.put("max.block.ms", "600000");
        user.put("delivery.timeout.ms", "3600000");
        user.put("compression.type", "lz4");
        user.put("security.protocol", "SASL_SSL");
        user.put("bootstrap.servers", "elsewhere:9092");
        Properties p = new KafkaTransport(null, "kafka-ops-1:9093", "broker-tuner.reports", user).producerConfig();
        assertThat(p.getProperty("acks")).isEqualTo("all");
        assertThat(p.getProperty("enable.idempotence")).isEqualTo("true");
        assertThat(p.getProperty("max.block.ms")).isEqualTo("10000");
        assertThat(p.getProperty("delivery.timeout.ms")).isEqualTo("30000");
        assertThat(p.getProperty("bootstrap.servers")).isEqualTo("kafka-ops-1:9093");
        assertThat(p.getProperty("compression.type")).as("the user's choice of codec is kept").isEqualTo("lz4");
        assertThat(p.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(new KafkaTransport(null, "k:9092", "t", new Properties()).producerConfig()
                .getProperty("compression.type")).isEqualTo("zstd");
    }

    @Test
    void theKeyIsClusterSlashHostAndStaysStableWhileTheBrokerIsDown() throws Exception {
        KafkaTransport t = new KafkaTransport(null, "k:9092", "t", new Properties());
        assertThat(t.key(json("{\"clusterAlias\":\"payments\",\"host\":{\"hostname\":\"kafka-1\"},"
                + "\"broker\":{\"clusterId\":\"Xy12\"}}"))).isEqualTo("payments/kafka-1");
        assertThat(t.key(json("{\"host\":{\"hostname\":\"kafka-1\"},\"broker\":{\"clusterId\":\"Xy12\"}}")))
                .isEqualTo("Xy12/kafka-1");
        assertThat(t.key(json("{\"host\":{\"hostname\":\"kafka-1\"},\"broker\":{\"status\":\"unreachable\","
                + "\"lastKnownClusterId\":\"Xy12\"}}"))).as("broker down, its last-known id").isEqualTo("Xy12/kafka-1");
        assertThat(t.key(json("{\"host\":{\"hostname\":\"kafka-1\"}}"))).isEqualTo("-/kafka-1");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
