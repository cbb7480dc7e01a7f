package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Evaluation;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.HostFacts;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The disk and kernel-knob rules over every captured scenario in {@code ../shared/fixtures/hosts}, sampled (the
 * trees' counters do not move, as on an idle host): none of them raises anything on these real host shapes, and none
 * fails.
 */
class DiskAndKernelRulesOnSharedHostsTest {
    private static final Set<String> RULES = Set.of("host.disk.utilization", "host.disk.scheduler",
            "host.vm.transparent-hugepages", "host.cpu.governor", "broker.disk.fill");
    private static final Map<String, List<String>> LOG_DIRS = Map.of(
            "raid10-xfs-noatime-tuned", List.of("/var/lib/kafka/data"),
            "ext4-relatime-lvm-hdd", List.of(),
            "raid5-vm-xfs-relatime", List.of("/var/lib/kafka"),
            "raid5-recovering-s390x", List.of("/kafka"),
            "btrfs-luks-nvme", List.of("/var/lib/kafka"),
            "jbod-nvme-ext4-bond", List.of("/host/media/volume1/kafka", "/host/media/volume2/kafka"),
            "nfs-data-dir", List.of("/mnt/nfs/test/kafka"),
            "container-overlay", List.of(),
            "md-parser-zoo", List.of());

    @Test
    void noFindingFromTheseRulesOnAnyCapturedHost() {
        LOG_DIRS.forEach((scenario, dirs) -> {
            Gathered<HostFacts> g = new LinuxHostGatherer(HostFixtures.paths(HostFixtures.shared(scenario)),
                    DiskSpace.none(), w -> 5_000_000_000L).gather(dirs, 5);
            Evaluation e = new RuleEngine(RuleCatalog.builtIn().rules())
                    .evaluate(new Snapshot(g.value(), BrokerFacts.notFound("broker side off in this test")));
            assertThat(e.findings()).as(scenario).noneMatch(f -> RULES.contains(f.ruleId()));
            assertThat(e.checks()).as(scenario).filteredOn(c -> RULES.contains(c.ruleId()))
                    .isNotEmpty().noneMatch(c -> c.status() == CheckStatus.FAILED);
        });
    }
}
