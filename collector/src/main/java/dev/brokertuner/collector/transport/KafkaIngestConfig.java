package dev.brokertuner.collector.transport;

import java.nio.file.Path;

/**
 * {@code ingest.kafka}: consume the agents' reports from a topic as a member of a consumer group.
 *
 * @param bootstrapServers the cluster holding the reports topic
 * @param topic            the reports topic (default {@code broker-tuner.reports})
 * @param groupId          the consumer group every collector of the fleet shares (default
 *                         {@code broker-tuner-collector})
 * @param config           consumer properties file (SASL/TLS), null = none
 */
public record KafkaIngestConfig(String bootstrapServers, String topic, String groupId, Path config) {
    public static final String DEFAULT_TOPIC = "broker-tuner.reports";
    public static final String DEFAULT_GROUP = "broker-tuner-collector";

    /** The name reports from this topic are filed under in {@code host_owners}: {@code kafka:<topic>}. */
    public String sender() {
        return "kafka:" + topic;
    }
}
