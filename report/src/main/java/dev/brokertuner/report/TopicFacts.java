package dev.brokertuner.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One topic with replicas on this broker: the bytes they hold here ({@code describeLogDirs}) and its own overrides
 * of the topic configs the rules judge ({@code describeConfigs} for the topic, source {@code DYNAMIC_TOPIC_CONFIG}).
 * A config that is absent is inherited: its value is the broker's ({@code log.retention.ms},
 * {@code log.local.retention.ms}, {@code log.cleanup.policy}) or Kafka's default.
 *
 * @param name    the topic
 * @param bytes   bytes of its replicas in this broker's data dirs, null when unknown
 * @param configs the topic's overrides by name, e.g. {@code retention.ms}, {@code local.retention.ms},
 *                {@code cleanup.policy}; empty when it has none or they could not be read
 */
public record TopicFacts(String name, Long bytes, Map<String, ConfigValue> configs) {
    public TopicFacts {
        configs = configs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    /** The topic's override of a config, empty when it inherits it (or it was not read). */
    public Optional<String> value(String config) {
        ConfigValue v = configs.get(config);
        return v == null ? Optional.empty() : Optional.ofNullable(v.value());
    }
}
