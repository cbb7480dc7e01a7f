package dev.brokertuner.collector.alerts;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each host's latest topic and group observations, by host and by cluster, so that judging one report's cluster
 * reads that cluster's brokers only, never a pass over the whole fleet. A host that moves to another cluster leaves
 * its old one. Not thread-safe ({@link AlertService} serializes its use).
 */
final class ClusterPeers {
    /**
     * What a broker's latest taken report says of its cluster's topics and groups.
     *
     * @param cluster its cluster key
     * @param at      when that report was generated
     * @param shared  its topic and group observations (with those carried over a report that could not judge them)
     */
    record Peer(String cluster, Instant at, Map<AlertKey, Observation> shared) {
    }

    private final Map<String, Peer> byHost = new HashMap<>();
    private final Map<String, Map<String, Peer>> byCluster = new HashMap<>();

    /** The host's peer entry, null when none. */
    Peer get(String host) {
        return byHost.get(host);
    }

    boolean contains(String host) {
        return byHost.containsKey(host);
    }

    void put(String host, Peer peer) {
        Peer old = byHost.put(host, peer);
        if (old != null && !old.cluster().equals(peer.cluster())) {
            Map<String, Peer> was = byCluster.get(old.cluster());
            if (was != null) {
                was.remove(host);
                if (was.isEmpty()) {
                    byCluster.remove(old.cluster());
                }
            }
        }
        byCluster.computeIfAbsent(peer.cluster(), c -> new HashMap<>()).put(host, peer);
    }

    /** Takes every entry of {@code other}, each replacing this one's entry of the same host. */
    void putAll(ClusterPeers other) {
        other.byHost.forEach(this::put);
    }

    /** The hosts filed in {@code cluster} and their entries (a read-only view). */
    Map<String, Peer> cluster(String cluster) {
        Map<String, Peer> m = byCluster.get(cluster);
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The entries of {@code cluster} as seen through {@code overlay}: the overlay's where it has the host (even when
     * there it is filed in another cluster), this index's otherwise.
     */
    Collection<Peer> cluster(String cluster, ClusterPeers overlay) {
        List<Peer> out = new java.util.ArrayList<>(overlay.cluster(cluster).values());
        cluster(cluster).forEach((host, p) -> {
            if (!overlay.contains(host)) {
                out.add(p);
            }
        });
        return out;
    }
}
