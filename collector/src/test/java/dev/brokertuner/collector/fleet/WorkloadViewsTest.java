package dev.brokertuner.collector.fleet;

import static dev.brokertuner.collector.Workloads.group;
import static dev.brokertuner.collector.Workloads.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.Workloads;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.TopicFacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadViewsTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private final WorkloadViews views = new WorkloadViews(90);

    private static HostSummary host(String name, int nodeId, Instant at, List<TopicFacts> topics,
                                    List<GroupFacts> groups) {
        Report r = Reports.broker(name, nodeId).at(at).build();
        return Summaries.of(Workloads.with(r, topics, groups), at, "team-a");
    }

    /** Two brokers leading half of "clicks" each, plus a topic only each of them has. */
    private static List<HostSummary> twoBrokers() {
        return List.of(
                host("kafka-b01", 1, T, List.of(
                        topic("clicks", 6, 3, 30e6, 300_000, 3_000, 60e6, 1.2, 0, "producer", 100, 1, 180,
                                "none", 100),
                        topic("orders", 12, 6, 5e6, 5_000, 50, 10e6, null, null, "producer", 40, 200, 120_000,
                                "lz4", 40)),
                        List.of(group("billing", "classic", "Stable", 1, 4, 4, List.of("orders"), 12, 0.0, 15L,
                                "steady", 0.0))),
                host("kafka-b02", 2, T, List.of(
                        topic("clicks", 6, 3, 10e6, 100_000, 1_000, 20e6, 3.5, 4, "producer", 60, 40, 9_000,
                                "none", 50, "lz4", 10),
                        topic("payments", 3, 3, 1e6, 1_000, 10, 2e6, null, null, "zstd", 10, 50, 30_000,
                                "zstd", 10)),
                        List.of(group("churn", "classic", "PreparingRebalance", 2, 7, 0, List.of("clicks"), 6, 42.0,
                                120_000L, "growing", 3_500.0))));
    }

    @Test
    void aTopicOnTwoBrokersIsSummedAndItsBatchesMerged() {
        WorkloadViews.Topics v = views.topics("c-prod", twoBrokers(), T.plusSeconds(30), 1000);
        assertThat(v.brokers()).isEqualTo(2);
        assertThat(v.brokersWithWorkload()).isEqualTo(2);
        assertThat(v.notes()).isEmpty();
        assertThat(v.topics()).extracting(TopicRollup::name).containsExactly("clicks", "orders", "payments");
        TopicRollup clicks = v.topics().get(0);
        assertThat(clicks.brokers()).isEqualTo(2);
        assertThat(clicks.hosts()).containsExactly("kafka-b01", "kafka-b02");
        assertThat(clicks.partitions()).isEqualTo(6);
        assertThat(clicks.leaderPartitions()).isEqualTo(6);
        assertThat(clicks.bytesInPerSec()).isEqualTo(40e6);
        assertThat(clicks.bytesOutPerSec()).isEqualTo(80e6);
        assertThat(clicks.messagesInPerSec()).isEqualTo(400_000);
        assertThat(clicks.produceRequestsPerSec()).isEqualTo(4_000);
        assertThat(clicks.mbPerSecPerPartition()).isCloseTo(40.0 / 6, within(1e-9));
        assertThat(clicks.maxPartitionSkew()).isEqualTo(3.5);
        assertThat(clicks.skewHost()).isEqualTo("kafka-b02");
        assertThat(clicks.hottestPartition()).isEqualTo(4);
        assertThat(clicks.compressionType()).isEqualTo("producer");
        assertThat(clicks.codecs()).isEqualTo(Map.of("none", 150, "lz4", 10));
        assertThat(clicks.batchesSampled()).isEqualTo(160);
        // b01's median (1 record, 180 B) weighs 100 batches, b02's (40, 9000 B) 60: the weighted median is b01's
        assertThat(clicks.medianRecords()).isEqualTo(1);
        assertThat(clicks.medianBytes()).isEqualTo(180);
        assertThat(clicks.idempotentBatches()).isEqualTo(160);
        TopicRollup payments = v.topics().get(2);
        assertThat(payments.brokers()).isEqualTo(1);
        assertThat(payments.hosts()).containsExactly("kafka-b02");
        assertThat(payments.compressionType()).isEqualTo("zstd");
        assertThat(payments.mbPerSecPerPartition()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(payments.maxPartitionSkew()).isNull();
    }

    @Test
    void theWeightedMedianFollowsTheBatches() {
        assertThat(TopicRollup.weightedMedian(List.of(new long[] {1, 10}, new long[] {40, 60}))).isEqualTo(40);
        assertThat(TopicRollup.weightedMedian(List.of(new long[] {5, 1}))).isEqualTo(5);
        assertThat(TopicRollup.weightedMedian(List.of(new long[] {5, 0}))).isNull();
        assertThat(TopicRollup.weightedMedian(List.of())).isNull();
    }

    @Test
    void aGroupComesFromItsCoordinatorOnly() {
        WorkloadViews.Groups v = views.groups("c-prod", twoBrokers(), T.plusSeconds(30), 1000);
        assertThat(v.brokersWithGroups()).isEqualTo(2);
        assertThat(v.groups()).extracting(GroupRollup::groupId).containsExactly("billing", "churn");
        GroupRollup churn = v.groups().get(1);
        assertThat(churn.reportedBy()).isEqualTo("kafka-b02");
        assertThat(churn.coordinator()).isEqualTo(2);
        assertThat(churn.state()).isEqualTo("PreparingRebalance");
        assertThat(churn.type()).isEqualTo("classic");
        assertThat(churn.members()).isEqualTo(7);
        assertThat(churn.staticMembers()).isZero();
        assertThat(churn.rebalancesPerHour()).isEqualTo(42.0);
        assertThat(churn.lag()).isEqualTo(120_000L);
        assertThat(churn.lagTrend()).isEqualTo("growing");
        assertThat(churn.lagGrowthPerMinute()).isEqualTo(3_500.0);
        assertThat(churn.topics()).containsExactly("clicks");
        assertThat(churn.alsoReportedBy()).isZero();
        assertThat(v.groups().get(0).reportedBy()).isEqualTo("kafka-b01");
    }

    @Test
    void aGroupWhoseCoordinatorMovedIsTakenFromTheCoordinatorsReport() {
        // b01's latest report still has "moved" (it coordinated it then, coordinator 1); b03 coordinates it now
        GroupFacts before = group("moved", "consumer", "Stable", 1, 3, 0, List.of("t"), 3, 0.0, 10L, "steady", 0.0);
        GroupFacts now = group("moved", "consumer", "Reconciling", 3, 4, 0, List.of("t"), 3, 2.0, 12L, "steady",
                0.0);
        List<HostSummary> hosts = List.of(host("kafka-b01", 1, T.minusSeconds(60), List.of(), List.of(before)),
                host("kafka-b03", 3, T, List.of(), List.of(now)),
                // b02 carries b03's group with a coordinator that is not itself (an agent reading groups for the
                // cluster): the coordinator's own report wins even though b02's is newer
                host("kafka-b02", 2, T.plusSeconds(5), List.of(), List.of(now)));
        GroupRollup g = views.groups("c-prod", hosts, T.plusSeconds(30), 1000).groups().get(0);
        assertThat(g.reportedBy()).isEqualTo("kafka-b03");
        assertThat(g.state()).isEqualTo("Reconciling");
        assertThat(g.alsoReportedBy()).isEqualTo(2);
    }

    @Test
    void missingFieldsStayNullAndBrokersWithoutWorkloadAreNoted() {
        TopicFacts metersOnly = new TopicFacts("logs", 1_000L, Map.of()).withMeters(2e6, null, null, null, null);
        TopicFacts bytesOnly = new TopicFacts("quiet", 1_000L, Map.of());
        List<HostSummary> hosts = List.of(host("kafka-b01", 1, T, List.of(metersOnly, bytesOnly), null),
                Summaries.of(Reports.broker("kafka-b02", 2).at(T).build(), T, "team-a"),
                Summaries.of(Reports.broker("kafka-b03", 3).at(T).brokerDown().build(), T, "team-a")
                        .inCluster("c-prod", "c-prod"));
        WorkloadViews.Topics v = views.topics("c-prod", hosts, T.plusSeconds(30), 1000);
        assertThat(v.topics()).extracting(TopicRollup::name).containsExactly("logs");
        TopicRollup logs = v.topics().get(0);
        assertThat(logs.bytesInPerSec()).isEqualTo(2e6);
        assertThat(logs.partitions()).isNull();
        assertThat(logs.leaderPartitions()).isNull();
        assertThat(logs.mbPerSecPerPartition()).isNull();
        assertThat(logs.messagesInPerSec()).isNull();
        assertThat(logs.produceRequestsPerSec()).isNull();
        assertThat(logs.bytesOutPerSec()).isNull();
        assertThat(logs.compressionType()).isNull();
        assertThat(logs.codecs()).isEmpty();
        assertThat(logs.batchesSampled()).isNull();
        assertThat(logs.medianRecords()).isNull();
        assertThat(logs.medianBytes()).isNull();
        assertThat(logs.maxPartitionSkew()).isNull();
        assertThat(v.brokersWithWorkload()).isEqualTo(1);
        assertThat(v.notes()).singleElement().asString().startsWith("2 of 3 brokers reported no topic workload");
        WorkloadViews.Groups g = views.groups("c-prod", hosts, T.plusSeconds(30), 1000);
        assertThat(g.groups()).isEmpty();
        assertThat(g.brokersWithGroups()).isZero();
        assertThat(g.notes()).singleElement().asString().startsWith("3 of 3 brokers did not report the groups");
    }

    @Test
    void staleHostsAreLeftOutAndUnassignedHostsAreNotMerged() {
        List<HostSummary> hosts = List.of(twoBrokers().get(0),
                host("kafka-b02", 2, T.minusSeconds(600), List.of(topic("clicks", 6, 3, 10e6, 1, 1, 1, null, null,
                        "producer", 0, 0, 0)), List.of()));
        WorkloadViews.Topics v = views.topics("c-prod", hosts, T.plusSeconds(30), 1000);
        assertThat(v.brokers()).isEqualTo(1);
        assertThat(v.topics().get(0).bytesInPerSec()).isEqualTo(30e6);
        assertThat(v.notes()).singleElement().asString().contains("1 stale host(s) left out");

        List<HostSummary> lone = List.of(Summaries.of(Workloads.with(Reports.broker("lone-1", 1).cluster(null, null)
                .at(T).build(), List.of(topic("clicks", 1, 1, 1e6, 1, 1, 1, null, null, "producer", 0, 0, 0)),
                List.of()), T, "team-c"));
        assertThat(lone.get(0).clusterKey()).isEqualTo(Summaries.UNASSIGNED);
        WorkloadViews.Topics u = views.topics(Summaries.UNASSIGNED, lone, T, 1000);
        assertThat(u.topics()).isEmpty();
        assertThat(u.notes()).singleElement().asString().contains("different clusters");
        assertThat(views.groups(Summaries.UNASSIGNED, lone, T, 1000).groups()).isEmpty();
    }

    @Test
    void theLimitCutsTheListButNotTheTotal() {
        WorkloadViews.Topics v = views.topics("c-prod", twoBrokers(), T.plusSeconds(30), 2);
        assertThat(v.total()).isEqualTo(3);
        assertThat(v.topics()).extracting(TopicRollup::name).containsExactly("clicks", "orders");
        assertThat(views.groups("c-prod", twoBrokers(), T.plusSeconds(30), 1).groups()).hasSize(1);
    }
}
