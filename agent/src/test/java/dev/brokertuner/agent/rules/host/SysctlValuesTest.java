package dev.brokertuner.agent.rules.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlValuesTest {
    @Test
    void settingsAreReadBackOnlyFromTheLinesApplyWrites() {
        var host = Snapshots.host(h -> { }).host();
        List<String> lines = new java.util.ArrayList<>(SysctlValues.apply(host, "net.ipv4.tcp_wmem", "4096 16384 8388608"));
        lines.addAll(SysctlValues.apply(host, "vm.swappiness", 1));
        lines.addAll(List.of("sysctl -w vm.dirty_ratio=$(id)", "sysctl -w 'vm.x=1' && id", "# sysctl -w vm.y=2",
                "sysctl -w vm.z=3   # comment"));
        assertThat(SysctlValues.settings(lines)).containsExactly(Map.entry("net.ipv4.tcp_wmem", "4096 16384 8388608"),
                Map.entry("vm.swappiness", "1"));
    }

    @Test
    void theCombinedBlockEditsTheDropInPerKeyThenLoadsItAndReadsBack() {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("vm.swappiness", "1"));
        SysctlValues.merge(settings, Map.of("vm.swappiness", "10"));
        List<String> lines = SysctlValues.dropInFile(settings);
        assertThat(lines).containsSubsequence(SysctlValues.dropInLine("vm.swappiness", "10"),
                "sysctl -p /etc/sysctl.d/99-broker-tuner.conf   # loads this file only; systemd-sysctl loads it at "
                        + "every boot",
                "sysctl -n vm.swappiness   # read back, expect: 10");
        // never a rewrite of the whole file (that would drop keys an earlier plan set) and never --system
        assertThat(lines).noneMatch(l -> l.matches(".*[^>]> /etc/sysctl\\.d.*") || l.contains("--system"));
    }

    @Test
    void theContainerNoteSaysWhichSysctlsArePerNetworkNamespace() {
        String note = SysctlValues.containerNote(List.of("vm.max_map_count", "net.core.rmem_max", "net.ipv4.tcp_rmem"));
        assertThat(note).startsWith("# this agent sees a container")
                .contains("node-wide there: vm.max_map_count, net.core.rmem_max")
                .contains("per network namespace: net.ipv4.tcp_rmem");
    }
}
