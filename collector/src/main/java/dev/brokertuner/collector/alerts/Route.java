package dev.brokertuner.collector.alerts;

import dev.brokertuner.report.Severity;
import java.util.List;
import java.util.Objects;

/**
 * Which alerts go to which receivers. An alert matches when its cluster equals {@code cluster} (any cluster when
 * null) and its severity is at least {@code minSeverity}; it goes to the receivers of every route it matches, each
 * receiver once.
 */
public record Route(String cluster, Severity minSeverity, List<String> receivers) {
    public Route {
        Objects.requireNonNull(minSeverity, "minSeverity");
        receivers = List.copyOf(receivers);
    }

    public boolean matches(String alertCluster, Severity severity) {
        return (cluster == null || cluster.equals(alertCluster)) && severity.atLeast(minSeverity);
    }
}
