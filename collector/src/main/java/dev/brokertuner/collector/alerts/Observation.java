package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Severity;
import java.util.Objects;

/**
 * What one report says about one alert key: the finding is there, with this severity and these values.
 *
 * @param key         host, rule, subject
 * @param cluster     the host's cluster key
 * @param severity    the finding's severity
 * @param current     the value now, null when not applicable
 * @param recommended the recommended value, null when not applicable
 */
public record Observation(AlertKey key, String cluster, Severity severity, String current, String recommended) {
    public Observation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(severity, "severity");
    }
}
