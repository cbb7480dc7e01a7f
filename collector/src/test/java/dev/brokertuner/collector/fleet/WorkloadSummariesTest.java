package dev.brokertuner.collector.fleet;

import static dev.brokertuner.collector.Workloads.group;
import static dev.brokertuner.collector.Workloads.topic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.Workloads;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.TopicFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadSummariesTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aHostWithThousandsOfTopicsAndGroupsKeepsTheBusiestWithinTheBounds() throws Exception {
        List<TopicFacts> topics = new ArrayList<>();
        List<GroupFacts> groups = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String name = "topic-" + "x".repeat(200) + "-" + i;
            topics.add(topic(name, 12, 4, i * 1e3, i, i, i, 1.5, 2, "producer", 50, 3, 900, "none", 30, "lz4", 20,
                    "made-up-" + "c".repeat(100), 5));
            groups.add(group("group-" + "g".repeat(300) + i, "classic", "Stable", 1, 5, 0,
                    List.of("a", "b", "c", "d", "e", "f", "g"), 12, (double) (i % 50), (long) i, "steady", 0.0));
        }
        topics.add(new TopicFacts("no-workload-read", 5L, java.util.Map.of()));
        HostSummary s = Summaries.of(Workloads.with(Reports.broker("kafka-b01", 1).at(T).build(), topics, groups), T,
                "team-a");
        HostWorkload w = s.workload();
        assertThat(w.topics()).hasSize(WorkloadSummaries.MAX_TOPICS);
        assertThat(w.topicsLeftOut()).isEqualTo(1000 - WorkloadSummaries.MAX_TOPICS);
        assertThat(w.topics().get(0).bytesInPerSec()).isEqualTo(999e3);
        assertThat(w.topics()).allMatch(t -> t.name().length() <= WorkloadSummaries.MAX_NAME);
        assertThat(w.topics().get(0).codecs()).containsEntry("none", 30).containsEntry("lz4", 20).hasSize(3)
                .allSatisfy((k, v) -> assertThat(k.length()).isLessThanOrEqualTo(32));
        assertThat(w.groups()).hasSize(WorkloadSummaries.MAX_GROUPS);
        assertThat(w.groupsLeftOut()).isEqualTo(1000 - WorkloadSummaries.MAX_GROUPS);
        assertThat(w.groups()).allMatch(g -> g.rebalancesPerHour() == 49.0);
        assertThat(w.groups().get(0).lag()).isEqualTo(999L);
        assertThat(w.groups().get(0).topics()).hasSize(WorkloadSummaries.MAX_GROUP_TOPICS);
        assertThat(w.groups().get(0).topicCount()).isEqualTo(7);
        assertThat(w.groups()).allMatch(g -> g.groupId().length() <= WorkloadSummaries.MAX_NAME);
        // every host's summary lives in memory and in the store's latest row: the workload part stays a few KiB
        ReportJson json = new ReportJson();
        assertThat(json.write(w).length).isLessThan(12 * 1024);
        HostSummary back = json.mapper().readValue(json.write(s), HostSummary.class);
        assertThat(back).isEqualTo(s);
    }

    @Test
    void aReportWithoutWorkloadHasNone() throws Exception {
        HostSummary s = Summaries.of(Reports.broker("kafka-b01", 1).at(T).build(), T, "team-a");
        assertThat(s.workload()).isNull();
        assertThat(Summaries.of(Reports.broker("kafka-b01", 1).brokerDown().at(T).build(), T, "team-a").workload())
                .isNull();
        // a summary stored before workload existed reads back without it
        ReportJson json = new ReportJson();
        String old = new String(json.write(s)).replace(",\"workload\":null", "");
        assertThat(old).doesNotContain("workload");
        assertThat(json.mapper().readValue(old, HostSummary.class)).isEqualTo(s);
    }

    @Test
    void groupsReadButNoneCoordinatedIsNotTheSameAsGroupsNotRead() {
        HostSummary none = Summaries.of(Workloads.with(Reports.broker("kafka-b01", 1).at(T).build(), List.of(),
                List.of()), T, "team-a");
        assertThat(none.workload()).isNotNull();
        assertThat(none.workload().groupsRead()).isTrue();
        assertThat(none.workload().groups()).isEmpty();
    }
}
