package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/**
 * The gatherer on this machine's own {@code /proc} and {@code /sys}: plausible ranges only (any Linux host passes),
 * and the CPU and memory counts cross-checked against OSHI, which reads the live host its own way.
 */
class LiveHostTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));

    @Test
    void liveFactsArePlausibleAndAgreeWithOshi() {
        Gathered<HostFacts> g = new LinuxHostGatherer(LIVE).gather(List.of(), 1);
        HostFacts h = g.value();
        SystemInfo oshi = new SystemInfo();
        assertThat(h.hostname()).isNotBlank();
        assertThat(h.cpus()).isEqualTo(oshi.getHardware().getProcessor().getLogicalProcessorCount());
        assertThat(h.memoryBytes()).isEqualTo(oshi.getHardware().getMemory().getTotal());
        assertThat(h.mounts()).isNotEmpty().anyMatch(m -> m.mountPoint().equals("/"));
        assertThat(h.dataDirs()).isNotEmpty().allMatch(d -> d.mountPoint() != null);
        // The live probe gives capacity for mounts that exist here.
        assertThat(h.dataDirs()).anyMatch(d -> d.totalBytes() != null && d.totalBytes() > 0
                && d.usableBytes() != null && d.usableBytes() <= d.totalBytes());
        assertThat(h.sysctl()).containsKeys("vm.swappiness", "vm.max_map_count");
        assertThat(Long.parseLong(h.sysctl().get("vm.max_map_count"))).isPositive();
        assertThat(h.sampleSeconds()).isEqualTo(1);
        for (Disk d : h.disks()) {
            if (d.utilization() != null) {
                assertThat(d.utilization()).isBetween(0.0, 1.0);
                assertThat(d.readBytesPerSec()).isGreaterThanOrEqualTo(0.0);
            }
        }
        for (Nic n : h.nics()) {
            if (n.speedMbps() != null) {
                assertThat(n.speedMbps()).isPositive();
            }
            if (n.utilization() != null) {
                assertThat(n.utilization()).isBetween(0.0, 1.0);
            }
        }
        double oshiMemGiB = oshi.getHardware().getMemory().getTotal() / 1073741824.0;
        assertThat(h.memoryBytes() / 1073741824.0).isCloseTo(oshiMemGiB, within(0.01));
    }
}
