package dev.brokertuner.collector.alerts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One receiver as configured under {@code alerts.receivers}: its name, type and the type's settings as written
 * (e.g. {@code url}, {@code urlFile}, {@code routingKeyFile}, {@code smtpHost}, {@code passwordFile}); the receiver
 * factory checks the settings of each type.
 */
public record ReceiverConfig(String name, String type, Map<String, String> settings) {
    public ReceiverConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
