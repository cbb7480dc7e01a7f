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
 * @param message     the suggested action when the observation carries it (cluster-level alerts), else null (a
 *                    host alert's message comes from its report's finding)
 */
public record Observation(AlertKey key, String cluster, Severity severity, String current, String recommended,
                          String message) {
    public Observation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(severity, "severity");
    }

    /** Without a message of its own. */
    public Observation(AlertKey key, String cluster, Severity severity, String current, String recommended) {
        this(key, cluster, severity, current, recommended, null);
    }
}
