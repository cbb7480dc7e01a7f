package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterObservationsTest {
    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static List<HostSummary> brokers(int n, double bytesInEach) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> Summaries.of(Reports.broker("kafka-b0" + i, i)
                .throughput(bytesInEach, bytesInEach).at(NOW).build(), NOW, "team-a")).toList();
    }

    @Test
    void agreeingBrokersOfAModestClusterGiveNothing() {
        assertThat(new ClusterObservations().of("c-prod", brokers(3, 1e6), NOW, 600)).isEmpty();
    }

    @Test
    void tooFewBrokersForTheThroughputRowIsAnInfoWithTheRuleOfThumb() {
        Map<AlertKey, Observation> seen = new ClusterObservations().of("c-prod", brokers(2, 400e6), NOW, 600);
        assertThat(seen.values()).isNotEmpty().allSatisfy(o -> {
            assertThat(o.key().ruleId()).isEqualTo(ClusterObservations.SCALE);
            assertThat(o.severity()).isEqualTo(Severity.INFO);
            assertThat(o.key().clusterLevel()).isTrue();
            assertThat(o.message()).contains("rule of thumb (scaling chapter)");
            assertThat(o.current()).isEqualTo("2 brokers");
        });
    }

    @Test
    void onlyRealClustersOfTwoOrMoreHostsAreJudged() {
        HostSummary lone = Summaries.of(Reports.broker("kafka-z1", 1).cluster("c-lone", "lone").at(NOW).build(), NOW,
                "team-a");
        Map<String, List<HostSummary>> clusters = ClusterObservations.clusters(
                new java.util.ArrayList<>(brokers(2, 1e6)) {{ add(lone); }});
        assertThat(clusters).containsOnlyKeys("c-prod");
    }
}
