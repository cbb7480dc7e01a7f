package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 8 (collector half): a broker outage does not move its host out of its cluster. */
class ClusterMembershipTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aReportWithoutAClusterIdKeepsTheHostInItsLastKnownClusterUntilOneSaysOtherwise(@TempDir Path dir)
            throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            assertThat(c.post(Reports.broker("kafka-a01", 1).at(T).build()).statusCode()).isEqualTo(202);
            assertThat(c.post(Reports.broker("kafka-a02", 2).at(T).build()).statusCode()).isEqualTo(202);
            // the broker is down: no cluster id, only the alias
            assertThat(c.post(Reports.broker("kafka-a01", 1).brokerDown().at(T.plusSeconds(30)).build())
                    .statusCode()).isEqualTo(202);
            JsonObject down = c.getJson("/v1/hosts/kafka-a01").getJsonObject("summary");
            assertThat(down.getString("brokerStatus")).isEqualTo("unreachable");
            assertThat(down.getString("clusterKey")).isEqualTo("c-prod");
            assertThat(down.getString("clusterId")).isEqualTo("c-prod");
            assertThat(c.getJson("/v1/clusters/c-prod").toString()).contains("kafka-a01", "kafka-a02");
            // survives a restart: the kept cluster is what was stored
            c.stop();
            c.start();
            assertThat(c.getJson("/v1/hosts/kafka-a01").getJsonObject("summary").getString("clusterKey"))
                    .isEqualTo("c-prod");
            // a report that carries a cluster id moves the host
            assertThat(c.post(Reports.broker("kafka-a01", 1).cluster("c-new", "new").at(T.plusSeconds(60)).build())
                    .statusCode()).isEqualTo(202);
            assertThat(c.getJson("/v1/hosts/kafka-a01").getJsonObject("summary").getString("clusterKey"))
                    .isEqualTo("c-new");
        }
    }

    @Test
    void keepIsPure() {
        HostSummary inProd = Summaries.of(Reports.broker("h", 1).build(), T, "t");
        HostSummary down = Summaries.of(Reports.broker("h", 1).brokerDown().build(), T, "t");
        HostSummary downNoAlias = Summaries.of(Reports.broker("h", 1).cluster("c-prod", null).brokerDown().build(),
                T, "t");
        HostSummary aliasOnly = Summaries.of(Reports.broker("h", 1).cluster(null, "lab").build(), T, "t");
        assertThat(down.clusterKey()).as("what it would be filed under alone").isEqualTo("prod");
        assertThat(ClusterMembership.keep(down, Optional.of(inProd)).clusterKey()).isEqualTo("c-prod");
        assertThat(ClusterMembership.keep(down, Optional.empty()).clusterKey()).isEqualTo("prod");
        assertThat(ClusterMembership.keep(inProd, Optional.of(aliasOnly)).clusterKey()).isEqualTo("c-prod");
        assertThat(ClusterMembership.keep(downNoAlias, Optional.of(aliasOnly)).clusterKey()).isEqualTo("lab");
        assertThat(ClusterMembership.keep(down, Optional.of(aliasOnly)).clusterKey())
                .as("an alias in the report says otherwise than a previous alias").isEqualTo("prod");
    }
}
