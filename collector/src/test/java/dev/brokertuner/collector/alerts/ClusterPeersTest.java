package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.alerts.ClusterPeers.Peer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterPeersTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static Peer peer(String cluster, long second) {
        return new Peer(cluster, T.plusSeconds(second), Map.of());
    }

    @Test
    void aClusterHoldsOnlyItsOwnHostsAndAHostThatMovesLeavesItsOldCluster() {
        ClusterPeers peers = new ClusterPeers();
        peers.put("a1", peer("c-a", 0));
        peers.put("a2", peer("c-a", 0));
        peers.put("b1", peer("c-b", 0));

        assertThat(peers.cluster("c-a")).containsOnlyKeys("a1", "a2");
        assertThat(peers.cluster("c-b")).containsOnlyKeys("b1");

        peers.put("a2", peer("c-b", 30));

        assertThat(peers.cluster("c-a")).containsOnlyKeys("a1");
        assertThat(peers.cluster("c-b")).containsOnlyKeys("b1", "a2");
        assertThat(peers.get("a2").cluster()).isEqualTo("c-b");

        peers.put("a1", peer("c-b", 30));
        assertThat(peers.cluster("c-a")).isEmpty();
        assertThat(peers.cluster("c-none")).isEmpty();
    }

    @Test
    void anOverlayReplacesItsHostsEvenWhenItFilesThemInAnotherCluster() {
        ClusterPeers earlier = new ClusterPeers();
        earlier.put("a1", peer("c-a", 0));
        earlier.put("a2", peer("c-a", 0));
        earlier.put("a3", peer("c-a", 0));
        ClusterPeers batch = new ClusterPeers();
        batch.put("a1", peer("c-a", 30));
        batch.put("a3", peer("c-b", 30));
        batch.put("b9", peer("c-a", 30));

        assertThat(earlier.cluster("c-a", batch)).containsExactlyInAnyOrder(batch.get("a1"), earlier.get("a2"),
                batch.get("b9"));
        assertThat(earlier.cluster("c-b", batch)).containsExactly(batch.get("a3"));

        earlier.putAll(batch);
        assertThat(earlier.cluster("c-a")).containsOnlyKeys("a1", "a2", "b9");
        assertThat(earlier.get("a1").at()).isEqualTo(T.plusSeconds(30));
        assertThat(earlier.cluster("c-b")).containsOnlyKeys("a3");
    }
}
