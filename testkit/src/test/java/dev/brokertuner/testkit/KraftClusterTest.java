package dev.brokertuner.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cluster's configuration and the version table; starting a real cluster is proven by the agent's
 * {@code ClusterBrokerTest}, which needs one anyway (one cluster start per suite, not two).
 */
class KraftClusterTest {

    @Test
    void brokersAreBrokerOnlyAndVoteForTheSeparateController() {
        String text = KraftCluster.brokerProperties(2, 9092, 9093, Path.of("/tmp/b2"), 3,
                Map.of("num.io.threads", "4"));
        assertThat(text).contains("process.roles=broker\n").contains("node.id=2\n")
                .contains("controller.quorum.voters=" + KraftCluster.CONTROLLER_ID + "@127.0.0.1:9093\n")
                .contains("listeners=PLAINTEXT://127.0.0.1:9092\n").doesNotContain("CONTROLLER://")
                .contains("offsets.topic.replication.factor=3\n").contains("transaction.state.log.min.isr=2\n")
                .contains("num.io.threads=4\n");
    }

    @Test
    void theControllerIsControllerOnly() {
        String text = KraftCluster.controllerProperties(9093, Path.of("/tmp/c"));
        assertThat(text).contains("process.roles=controller\n")
                .contains("node.id=" + KraftCluster.CONTROLLER_ID + "\n")
                .contains("listeners=CONTROLLER://127.0.0.1:9093\n").doesNotContain("PLAINTEXT://");
    }

    @Test
    void aSingleBrokerClusterReplicatesInternalTopicsOnce() {
        assertThat(KraftCluster.brokerProperties(1, 1, 2, Path.of("/tmp/x"), 1, Map.of()))
                .contains("offsets.topic.replication.factor=1\n").contains("transaction.state.log.min.isr=1\n");
    }

    @Test
    void everyVersionResolvesToItsOwnJars() {
        for (String v : KafkaClasspath.VERSIONS) {
            String cp = KafkaClasspath.load(v);
            assertThat(cp).as(v).contains("kafka_2.13-" + v + ".jar").contains("kafka-clients-" + v + ".jar");
            for (String other : KafkaClasspath.VERSIONS) {
                if (!other.equals(v)) {
                    assertThat(cp).as(v).doesNotContain("kafka_2.13-" + other + ".jar");
                }
            }
        }
    }

    @Test
    void anUnknownVersionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> KraftCluster.builder().version("2.8.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9.1").hasMessageContaining("4.4.0");
        assertThatThrownBy(() -> KraftBroker.builder().version("9.9.9"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
