package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.store.ThroughputSample;
import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetViewsTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private final FleetViews views = new FleetViews(90);

    private static List<HostSummary> prod() {
        List<HostSummary> hosts = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Reports r = Reports.broker(String.format("kafka-b%02d", i), i);
            if (i == 4) {
                r.relatime();
            }
            hosts.add(Summaries.of(r.build(), T, "team-a"));
        }
        hosts.add(Summaries.of(Reports.broker("kafka-x01", 1).cluster("c-dev", "dev").relatime().build(),
                T.minusSeconds(600), "team-b"));
        return hosts;
    }

    @Test
    void theFleetCountsClustersFindingsAndStaleHosts() {
        FleetViews.Fleet f = views.fleet(prod(), T.plusSeconds(30));
        assertThat(f.hosts()).isEqualTo(7);
        assertThat(f.clusters()).extracting(FleetViews.ClusterRow::key).containsExactly("c-dev", "c-prod");
        FleetViews.ClusterRow prod = f.clusters().get(1);
        assertThat(prod.brokers()).isEqualTo(6);
        assertThat(prod.alias()).isEqualTo("prod");
        assertThat(prod.outliers()).isEqualTo(1);
        assertThat(prod.findings().warning()).isEqualTo(1);
        assertThat(prod.milestone()).isEqualTo("Large scale");
        assertThat(f.staleHosts()).extracting(FleetViews.StaleHost::hostname).containsExactly("kafka-x01");
        assertThat(f.staleHosts().get(0).ageSeconds()).isEqualTo(630);
    }

    @Test
    void unassignedHostsGetNoOutliersNorScalePosition() {
        // Three hosts of unrelated clusters, no cluster id and no alias: one differs, but that proves nothing.
        List<HostSummary> hosts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Reports r = Reports.broker("lone-" + i, i).cluster(null, null);
            if (i == 2) {
                r.relatime();
            }
            hosts.add(Summaries.of(r.build(), T, "team-c"));
        }
        assertThat(hosts).allMatch(h -> h.clusterKey().equals(Summaries.UNASSIGNED));
        FleetViews.Cluster c = views.cluster(Summaries.UNASSIGNED, hosts, T, List.of(), Duration.ofMinutes(1));
        assertThat(c.outliers()).isEmpty();
        assertThat(c.hosts()).allMatch(h -> h.outlierOn().isEmpty());
        assertThat(c.notes()).singleElement().asString().contains("no outliers", "different clusters");
        assertThat(c.scale().milestone()).isNull();
        assertThat(c.scale().bytesInPerSec()).isNull();
        FleetViews.ClusterRow row = views.fleet(hosts, T).clusters().get(0);
        assertThat(row.outliers()).isZero();
        assertThat(row.bytesInPerSec()).isNull();
        assertThat(row.milestone()).isNull();
    }

    @Test
    void theClusterHighlightsTheOutlierAndChartsThroughput() {
        List<HostSummary> members = prod().stream().filter(h -> h.clusterKey().equals("c-prod")).toList();
        List<ThroughputSample> samples = List.of(
                new ThroughputSample("kafka-b01", T, 10.0, 20.0),
                new ThroughputSample("kafka-b01", T.plusSeconds(30), 30.0, 40.0),
                new ThroughputSample("kafka-b02", T.plusSeconds(10), 5.0, null),
                new ThroughputSample("kafka-b02", T.plusSeconds(70), 7.0, 1.0));
        FleetViews.Cluster c = views.cluster("c-prod", members, T, samples, Duration.ofMinutes(1));
        assertThat(c.outliers()).singleElement().extracting(Outlier::summary).asString()
                .startsWith("kafka-b04 is the only broker with data-dir atime mode relatime");
        assertThat(c.hosts()).filteredOn(h -> !h.outlierOn().isEmpty()).extracting(FleetViews.HostRow::hostname)
                .containsExactly("kafka-b04");
        assertThat(c.throughput()).hasSize(2);
        assertThat(c.throughput().get(0).bytesInPerSec()).isEqualTo(25.0);
        assertThat(c.throughput().get(0).bytesOutPerSec()).isEqualTo(30.0);
        assertThat(c.throughput().get(0).hosts()).isEqualTo(2);
        assertThat(c.throughput().get(1).bytesInPerSec()).isEqualTo(7.0);
        assertThat(c.scale().brokers()).isEqualTo(6);
    }

    @Test
    void findingsAreGroupedByRuleAcrossTheFleetAndFiltered() {
        List<HostSummary> hosts = prod();
        FleetViews.Findings all = views.findings(hosts, null, null, null);
        assertThat(all.rules()).singleElement().satisfies(g -> {
            assertThat(g.ruleId()).isEqualTo("host.fs.noatime");
            assertThat(g.brokers()).isEqualTo(2);
            assertThat(g.summary()).isEqualTo("2 brokers: host.fs.noatime (relatime -> noatime)");
        });
        assertThat(views.findings(hosts, null, null, "c-dev").rules().get(0).affected())
                .extracting(FleetViews.Affected::hostname).containsExactly("kafka-x01");
        assertThat(views.findings(hosts, null, Severity.CRITICAL, null).rules()).isEmpty();
        assertThat(views.findings(hosts, "host.other", null, null).rules()).isEmpty();
    }

    @Test
    void aThroughputPointCarriesItsLatestReportTimeForTheChartLabel() {
        List<ThroughputSample> samples = List.of(new ThroughputSample("kafka-b01", T.plusSeconds(290), 1.0, 2.0),
                new ThroughputSample("kafka-b02", T.plusSeconds(410), 3.0, 4.0),
                new ThroughputSample("kafka-b01", T.plusSeconds(700), 5.0, 6.0));
        List<FleetViews.ThroughputPoint> points = FleetViews.throughput(samples, Duration.ofMinutes(12));
        assertThat(points).extracting(FleetViews.ThroughputPoint::at).containsExactly(T);
        assertThat(points.get(0).reportedAt()).isEqualTo(T.plusSeconds(700));
        assertThat(points.get(0).hosts()).isEqualTo(2);
    }
}
