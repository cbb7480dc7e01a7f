package dev.brokertuner.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One topic with replicas on this broker: the bytes they hold here ({@code describeLogDirs}) and the topic configs
 * the rules judge ({@code describeConfigs} for the topic: effective values, with their source, so a topic override
 * reads {@code DYNAMIC_TOPIC_CONFIG} and an inherited broker default {@code DEFAULT_CONFIG} or a broker source).
 *
 * @param name    the topic
 * @param bytes   bytes of its replicas in this broker's data dirs, null when unknown
 * @param configs topic configs by name, e.g. {@code retention.ms}, {@code local.retention.ms}, {@code cleanup.policy}
 */
public record TopicFacts(String name, Long bytes, Map<String, ConfigValue> configs) {
    public TopicFacts {
        configs = configs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    }

    /** The effective value of a topic config, empty when not read or null. */
    public Optional<String> value(String config) {
        ConfigValue v = configs.get(config);
        return v == null ? Optional.empty() : Optional.ofNullable(v.value());
    }
}
