package dev.brokertuner.collector.fleet;

import java.util.Optional;

/**
 * Keeps a host in its last known cluster while its reports cannot say which cluster it is in: a report made while
 * the broker is unreachable carries no Kafka cluster id, and filing it under its alias or {@code unassigned} would
 * take the host out of its cluster exactly while its broker is down. A cluster id in a report is authoritative (it
 * moves the host); a report without one keeps the previous report's cluster id and key. Pure.
 */
public final class ClusterMembership {
    private ClusterMembership() {
    }

    /** {@code incoming}, filed under {@code previous}'s cluster when it carries no cluster id of its own. */
    public static HostSummary keep(HostSummary incoming, Optional<HostSummary> previous) {
        if (incoming.clusterId() != null || previous.isEmpty()) {
            return incoming;
        }
        HostSummary p = previous.get();
        if (p.clusterId() != null) {
            return incoming.inCluster(p.clusterKey(), p.clusterId());
        }
        if (incoming.clusterAlias() == null && !Summaries.UNASSIGNED.equals(p.clusterKey())) {
            return incoming.inCluster(p.clusterKey(), null);
        }
        return incoming;
    }
}
