package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Nic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The network findings over every captured scenario of {@code ../shared/fixtures/hosts}, broker side off: at most one
 * NIC speed finding per host (its fastest up link, the best the broker could have), never on a bond member, a link
 * that is down or an interface whose speed is unknown, and no network-error or socket-buffer warning from counters
 * or caps alone.
 */
class SharedHostsNetTest {
    /**
     * The NIC speed finding each scenario should give (the host's fastest up link is slower than 10 Gb/s), or none;
     * jbod-nvme-ext4-bond (bond0 -1) and raid5-vm-xfs-relatime (eth1 -1) have an up link of unknown speed and no
     * listener placed, so their fastest link is not known: no finding.
     */
    private static final Map<String, String> SLOW_LINK = Map.of(
            "btrfs-luks-nvme", "nic ens10f0",
            "ext4-relatime-lvm-hdd", "nic eth0",
            "nfs-data-dir", "nic eth0");
    private static final List<String> SCENARIOS = List.of("btrfs-luks-nvme", "container-overlay",
            "ext4-relatime-lvm-hdd", "jbod-nvme-ext4-bond", "md-parser-zoo", "nfs-data-dir", "raid10-xfs-noatime-tuned",
            "raid5-recovering-s390x", "raid5-vm-xfs-relatime");

    @Test
    void noNicFalseAlarmOnAnyCapturedHost() {
        for (String scenario : SCENARIOS) {
            SharedHostsGoldenTest.Result r = SharedHostsGoldenTest.inspect(HostFixtures.shared(scenario));
            List<Finding> nicSpeed = r.findings().stream().filter(f -> f.ruleId().equals("host.nic.speed")).toList();
            if (SLOW_LINK.containsKey(scenario)) {
                assertThat(nicSpeed).as(scenario).extracting(Finding::subject).containsExactly(SLOW_LINK.get(scenario));
            } else {
                assertThat(nicSpeed).as(scenario).isEmpty();
            }
            List<String> members = r.host().nics().stream().flatMap(n -> n.bondMembers().stream()).toList();
            for (Finding f : nicSpeed) {
                String name = f.subject().substring("nic ".length());
                Nic nic = r.host().nics().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
                assertThat(members).as(scenario).doesNotContain(name);
                assertThat(nic.speedMbps()).as(scenario).isNotNull();
                assertThat(nic.operstate()).as(scenario).isIn(null, "up", "unknown");
            }
            assertThat(r.findings()).as(scenario).filteredOn(f -> f.ruleId().equals("host.net.errors")
                    || f.ruleId().equals("host.nic.utilization")).isEmpty();
            assertThat(r.findings()).as(scenario).filteredOn(f -> f.ruleId().equals("host.net.socket-buffer-max"))
                    .allSatisfy(f -> assertThat(f.severity().name()).isEqualTo("INFO"));
        }
    }
}
