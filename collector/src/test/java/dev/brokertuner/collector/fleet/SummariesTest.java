package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummariesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:05Z");

    @Test
    void keepsWhatTheFleetViewsCompare() {
        HostSummary s = Summaries.of(Reports.broker("kafka-b07", 7).relatime().nicMbps(10_000).swappiness("60")
                .build(), NOW, "team-a");
        assertThat(s.clusterKey()).isEqualTo("c-prod");
        assertThat(s.clusterAlias()).isEqualTo("prod");
        assertThat(s.sender()).isEqualTo("team-a");
        assertThat(s.nodeId()).isEqualTo(7);
        assertThat(s.warning()).isEqualTo(2);
        assertThat(s.info()).isEqualTo(1);
        assertThat(s.attributes()).containsEntry("dataDirFs", "xfs").containsEntry("dataDirAtime", "relatime")
                .containsEntry("raidLevel", "raid10").containsEntry("raidHealth", "healthy")
                .containsEntry("nicSpeed", "10 Gb/s").containsEntry("nicMtu", "9000")
                .containsEntry("swappiness", "60").containsEntry("maxMapCount", "262144")
                .containsEntry("rmemMax", "16777216").containsEntry("numIoThreads", "16")
                .containsEntry("socketSendBufferBytes", "1048576").containsEntry("kafkaVersion", "4.3.1");
        assertThat(s.bytesInPerSec()).isEqualTo(20e6);
        assertThat(s.leaderCount()).isEqualTo(400L);
        assertThat(s.diskCapacityBytes()).containsEntry("/data/kafka", 4_000_000_000_000L);
        assertThat(s.nicSpeedMbps()).isEqualTo(10_000L);
        assertThat(s.findings()).extracting(FindingRef::ruleId).contains("host.fs.noatime");
    }

    @Test
    void filesByAliasWhenTheBrokerIsDownAndLeavesBrokerSettingsOut() {
        HostSummary s = Summaries.of(Reports.broker("kafka-c01", 1).brokerDown().build(), NOW, "team-a");
        assertThat(s.clusterKey()).isEqualTo("prod");
        assertThat(s.clusterId()).isNull();
        assertThat(s.brokerStatus()).isEqualTo("unreachable");
        assertThat(s.bytesInPerSec()).isNull();
        assertThat(s.attributes()).doesNotContainKeys("numIoThreads", "kafkaVersion").containsKey("dataDirAtime");
    }

    @Test
    void aBrokerDownWithALastKnownClusterIdIsFiledInThatCluster() {
        // a collector that never saw this host before (new, or after retention) still files it in its cluster
        HostSummary s = Summaries.of(Reports.broker("kafka-c01", 1).brokerDownLastKnown("Ab3_cluster-9").build(), NOW,
                "team-a");
        assertThat(s.clusterKey()).isEqualTo("Ab3_cluster-9");
        assertThat(s.brokerStatus()).isEqualTo("unreachable");
    }

    @Test
    void aReportWithNothingKnownIsUnassignedAndHasNoAttributes() {
        Report r = new Report(1, "r-min", NOW, "dev", null, null,
                new HostFacts("h", null, null, null, null, null, null, null, null, 0, null), null, null, null, null);
        HostSummary s = Summaries.of(r, NOW, "t");
        assertThat(s.clusterKey()).isEqualTo(Summaries.UNASSIGNED);
        assertThat(s.brokerStatus()).isEqualTo("not-gathered");
        assertThat(s.attributes()).isEmpty();
        assertThat(s.nicSpeedMbps()).isNull();
    }

    @Test
    void findingsOverTheCapAreCutInAStableOrderWhateverTheReportOrder() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < Summaries.MAX_FINDINGS + 20; i++) {
            findings.add(new Finding("workload.topic.partitions", Severity.WARNING, String.format("topic t%03d", i),
                    "1", "2", "why", Map.of(), List.of()));
        }
        Report base = Reports.broker("kafka-b07", 7).build();
        List<Finding> shuffled = new ArrayList<>(findings);
        Collections.reverse(shuffled);
        Collections.swap(shuffled, 3, 77);
        HostSummary a = Summaries.of(withFindings(base, findings), NOW, "t");
        HostSummary b = Summaries.of(withFindings(base, shuffled), NOW, "t");
        assertThat(a.findings()).hasSize(Summaries.MAX_FINDINGS).isEqualTo(b.findings());
        assertThat(a.findings().get(0).subject()).isEqualTo("topic t000");
        assertThat(a.warning()).isEqualTo(Summaries.MAX_FINDINGS + 20);
    }

    private static Report withFindings(Report r, List<Finding> findings) {
        return new Report(r.schemaVersion(), r.reportId(), r.generatedAt(), r.agentVersion(), r.clusterAlias(),
                r.tags(), r.host(), r.broker(), findings, r.checks(), r.problems());
    }

    @Test
    void keepsTheRulesThatCouldNotJudgeAndReadsOldSummariesWithNone() throws Exception {
        Report r = Reports.broker("kafka-b07", 7).build();
        Report withUnknown = new Report(r.schemaVersion(), r.reportId(), r.generatedAt(), r.agentVersion(),
                r.clusterAlias(), r.tags(), r.host(), r.broker(), r.findings(), List.of(
                new Check("workload.group.lag", "group a", CheckStatus.UNKNOWN, "groups not read"),
                new Check("workload.group.lag", "group b", CheckStatus.UNKNOWN, "groups not read"),
                new Check("broker.threads.io", "broker", CheckStatus.FAILED, "threw"),
                new Check("host.vm.swappiness", "vm.swappiness", CheckStatus.OK, "1")), r.problems());
        HostSummary s = Summaries.of(withUnknown, NOW, "t");
        assertThat(s.unknownRules()).containsExactly("broker.threads.io", "workload.group.lag");
        var mapper = new dev.brokertuner.report.ReportJson().mapper();
        HostSummary back = mapper.readValue(mapper.writeValueAsBytes(s), HostSummary.class);
        assertThat(back).isEqualTo(s);
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(mapper.writeValueAsBytes(s));
        tree.remove("unknownRules");
        assertThat(mapper.treeToValue(tree, HostSummary.class).unknownRules()).as("stored before it was kept")
                .isEmpty();
    }
}
