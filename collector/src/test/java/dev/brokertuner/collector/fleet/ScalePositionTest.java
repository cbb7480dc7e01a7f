package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalePositionTest {
    static HostSummary host(String name, Double in, Long leaders) {
        return new HostSummary(name, "c", "c", null, "t", "r-" + name, Instant.EPOCH, Instant.EPOCH, "0.1.0", "ok",
                1, 0, 0, 0, List.of(), Map.of(), in, in == null ? null : in * 2, 300L, leaders, 8,
                Map.of("/data", 1L << 40), 25_000L, null, null);
    }

    /** All test hosts report at the epoch; judged just after, nothing is stale. */
    static final Instant NOW = Instant.EPOCH.plusSeconds(30);

    static ScalePosition of(List<HostSummary> hosts) {
        return ScalePosition.of(hosts, NOW, 90);
    }

    static HostSummary rekeyed(HostSummary h, String clusterKey, Instant receivedAt) {
        return new HostSummary(h.hostname(), clusterKey, null, null, h.sender(), h.reportId(), receivedAt,
                receivedAt, h.agentVersion(), h.brokerStatus(), h.nodeId(), h.critical(), h.warning(), h.info(),
                h.findings(), h.attributes(), h.bytesInPerSec(), h.bytesOutPerSec(), h.partitionCount(),
                h.leaderCount(), h.cpus(), h.diskCapacityBytes(), h.nicSpeedMbps(), h.topicCount(),
                h.topicPartitionCount());
    }

    static List<HostSummary> cluster(int brokers, double mbPerBroker) {
        List<HostSummary> out = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            out.add(host("b" + i, mbPerBroker * 1e6, 100L));
        }
        return out;
    }

    @Test
    void placesEachThroughputOnItsMilestone() {
        assertThat(ScaleMilestone.of(0).name()).isEqualTo("Small deployment");
        assertThat(ScaleMilestone.of(9.99).name()).isEqualTo("Small deployment");
        assertThat(ScaleMilestone.of(10).name()).isEqualTo("Medium scale");
        assertThat(ScaleMilestone.of(100).name()).isEqualTo("Large scale");
        assertThat(ScaleMilestone.of(999).name()).isEqualTo("Large scale");
        assertThat(ScaleMilestone.of(1000).name()).isEqualTo("Enterprise");
        assertThat(ScaleMilestone.TABLE).extracting(ScaleMilestone::brokersText)
                .containsExactly("3", "5-7", "10+", "20+");
        assertThat(ScaleMilestone.TABLE).extracting(ScaleMilestone::partitionsText)
                .containsExactly("3-6", "10-20", "30-50", "100+");
        assertThat(ScaleMilestone.TABLE.get(2).throughputText()).isEqualTo("100 MB/s - 1 GB/s");
    }

    @Test
    void sumsBrokersAndSaysWhatAMediumClusterOfThreeLacks() {
        ScalePosition p = of(cluster(3, 15));
        assertThat(p.mbInPerSec()).isEqualTo(45.0);
        assertThat(p.mbInPerSecPerBroker()).isEqualTo(15.0);
        assertThat(p.bytesOutPerSec()).isEqualTo(90e6);
        assertThat(p.milestone().name()).isEqualTo("Medium scale");
        assertThat(p.next().name()).isEqualTo("Large scale");
        assertThat(p.headroomPercent()).isCloseTo(38.9, org.assertj.core.data.Offset.offset(0.1));
        assertThat(p.partitions()).isEqualTo(300L);
        assertThat(p.lacks()).containsExactly("rule of thumb (scaling chapter): consider 2 more broker(s): at "
                + "45.0 MB/s this cluster is in the Medium scale row (10 MB/s - 100 MB/s), which the chapter gives "
                + "5-7 brokers; it has 3");
        assertThat(p.notes()).anyMatch(n -> n.contains("partitions per topic (10-20 at this milestone) unknown"));
        assertThat(p.partitionsPerTopic()).isNull();
    }

    private static List<HostSummary> withTopics(List<HostSummary> hosts, int topics, long partitions) {
        List<HostSummary> out = new ArrayList<>(hosts);
        HostSummary h = out.get(0);
        out.set(0, new HostSummary(h.hostname(), h.clusterKey(), h.clusterId(), h.clusterAlias(), h.sender(),
                h.reportId(), h.generatedAt(), h.receivedAt(), h.agentVersion(), h.brokerStatus(), h.nodeId(),
                h.critical(), h.warning(), h.info(), h.findings(), h.attributes(), h.bytesInPerSec(),
                h.bytesOutPerSec(), h.partitionCount(), h.leaderCount(), h.cpus(), h.diskCapacityBytes(),
                h.nicSpeedMbps(), topics, partitions));
        return out;
    }

    @Test
    void fewPartitionsPerTopicOnAverageIsOnlyANote() {
        // Many small topics pull the average down; the busy ones may be well partitioned: not a lack.
        ScalePosition p = of(withTopics(cluster(5, 15), 40, 160));
        assertThat(p.topics()).isEqualTo(40);
        assertThat(p.partitionsPerTopic()).isEqualTo(4.0);
        assertThat(p.lacks()).isEmpty();
        assertThat(p.notes()).contains("rule of thumb (scaling chapter): the Medium scale row gives 10-20 "
                + "partitions per topic; topics here average 4.0 (160 over 40 topics). An average over all topics "
                + "is pulled down by small ones, so judge the busy topics by their own partition counts: a topic's "
                + "throughput and its consumers' parallelism stop at its partition count");
    }

    @Test
    void enoughPartitionsPerTopicIsANote() {
        ScalePosition p = of(withTopics(cluster(5, 15), 10, 120));
        assertThat(p.lacks()).isEmpty();
        assertThat(p.notes()).anyMatch(n -> n.startsWith("rule of thumb (scaling chapter): the Medium scale row "
                + "gives 10-20 partitions per topic; topics here average 12.0 (120 over 10 topics)"));
    }

    @Test
    void everyLackIsWordedAsTheChaptersRuleOfThumb() {
        assertThat(of(cluster(3, 15)).lacks()).isNotEmpty()
                .allMatch(l -> l.startsWith("rule of thumb (scaling chapter): "));
        assertThat(of(cluster(6, 15)).lacks()).isNotEmpty()
                .allMatch(l -> l.startsWith("rule of thumb (scaling chapter): "));
    }

    @Test
    void staleHostsAreLeftOutOfTheSums() {
        // Three fresh brokers at 15 MB/s and one that stopped reporting ten minutes ago at 500 MB/s.
        List<HostSummary> hosts = new ArrayList<>(cluster(3, 15));
        hosts.add(rekeyed(host("gone", 500e6, 1000L), "c", Instant.EPOCH.minusSeconds(600)));
        ScalePosition p = of(hosts);
        assertThat(p.mbInPerSec()).isEqualTo(45.0);
        assertThat(p.brokers()).isEqualTo(3);
        assertThat(p.partitions()).isEqualTo(300L);
        assertThat(p.milestone().name()).isEqualTo("Medium scale");
        assertThat(p.notes()).anyMatch(n -> n.startsWith("1 stale host(s) left out"));
    }

    @Test
    void unassignedHostsAreNotSummedOrPlaced() {
        List<HostSummary> hosts = cluster(3, 15).stream().map(h -> rekeyed(h, Summaries.UNASSIGNED,
                Instant.EPOCH)).toList();
        ScalePosition p = of(hosts);
        assertThat(p.bytesInPerSec()).isNull();
        assertThat(p.milestone()).isNull();
        assertThat(p.lacks()).isEmpty();
        assertThat(p.notes()).singleElement().asString().contains("unassigned", "different clusters",
                "clusterAlias");
    }

    @Test
    void warnsToPlanAheadNearTheNextMilestone() {
        ScalePosition p = of(cluster(6, 15));
        assertThat(p.mbInPerSec()).isEqualTo(90.0);
        assertThat(p.lacks()).containsExactly("rule of thumb (scaling chapter): plan for 10+ brokers: the "
                + "cluster is 89% of the way to 100 MB/s - 1 GB/s (Large scale), which the chapter gives 10+ brokers");
    }

    @Test
    void aSmallClusterWithThreeBrokersLacksNothing() {
        ScalePosition p = of(cluster(3, 1));
        assertThat(p.milestone().name()).isEqualTo("Small deployment");
        assertThat(p.lacks()).isEmpty();
    }

    @Test
    void cannotPlaceAClusterWithoutThroughputAndSaysWhy() {
        ScalePosition p = of(List.of(host("a", null, null), host("b", null, null)));
        assertThat(p.milestone()).isNull();
        assertThat(p.bytesInPerSec()).isNull();
        assertThat(p.notes()).singleElement().asString().contains("cannot be placed");
        ScalePosition partial = of(List.of(host("a", 5e6, 10L), host("b", null, null)));
        assertThat(partial.brokersWithThroughput()).isEqualTo(1);
        assertThat(partial.notes()).anyMatch(n -> n.startsWith("1 of 2 brokers did not report throughput"));
    }
}
