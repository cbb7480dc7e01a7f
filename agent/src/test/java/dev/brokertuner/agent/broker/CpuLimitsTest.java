package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's effective CPUs from cgroup v2, cgroup v1, affinity and the online CPUs. */
class CpuLimitsTest {
    @TempDir
    Path root;

    static Path ownTree(String name) {
        String repo = System.getProperty("bt.repo.dir");
        return repo == null ? Path.of("src/test/resources/golden-hosts", name)
                : Path.of(repo, "agent/src/test/resources/golden-hosts", name);
    }

    private HostPaths paths() {
        return new HostPaths(root.resolve("proc"), root.resolve("sys"));
    }

    private void write(String relative, String text) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String status(String allowed) {
        return "Name:\tjava\nUid:\t994\t994\t994\t994\nCpus_allowed_list:\t" + allowed + "\n";
    }

    @Test
    void cgroupV2QuotaOnAnEightCpuHostIsFourCpus() {
        Path tree = ownTree("cgroup-quota");
        HostPaths paths = new HostPaths(tree.resolve("proc"), tree.resolve("sys"));
        String status = CpuLimitsTestSupport.read(tree.resolve("proc/2381/status"));
        Gathered<CpuLimits.Effective> e = new CpuLimits(paths).read(2381, status);
        assertThat(e.value().cpus()).isEqualTo(4.0);
        assertThat(e.value().source()).isEqualTo("cgroup v2 cpu.max 400000 100000 (/system.slice/kafka.service)");
        assertThat(e.value().allowed()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(e.value().cpuStat()).isEqualTo(tree.resolve("sys/fs/cgroup/system.slice/kafka.service/cpu.stat"));
        assertThat(e.problems()).isEmpty();
    }

    @Test
    void aParentsQuotaLimitsTheChild() throws Exception {
        write("proc/10/cgroup", "0::/kubepods.slice/pod1/ctr\n");
        write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu\n");
        write("sys/fs/cgroup/kubepods.slice/pod1/cpu.max", "200000 100000\n");
        write("sys/fs/cgroup/kubepods.slice/pod1/ctr/cpu.max", "max 100000\n");
        write("sys/devices/system/cpu/online", "0-15\n");
        CpuLimits.Effective e = new CpuLimits(paths()).read(10, status("0-15")).value();
        assertThat(e.cpus()).isEqualTo(2.0);
        assertThat(e.source()).contains("cpu.max 200000 100000 (/kubepods.slice/pod1)");
    }

    @Test
    void cpusetSmallerThanTheQuotaWins() throws Exception {
        write("proc/10/cgroup", "0::/kafka.slice\n");
        write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu\n");
        write("sys/fs/cgroup/kafka.slice/cpu.max", "800000 100000\n");
        write("sys/fs/cgroup/kafka.slice/cpuset.cpus.effective", "2-4\n");
        write("sys/devices/system/cpu/online", "0-15\n");
        CpuLimits.Effective e = new CpuLimits(paths()).read(10, status("0-15")).value();
        assertThat(e.cpus()).isEqualTo(3.0);
        assertThat(e.source()).isEqualTo("cgroup v2 cpuset.cpus.effective 2-4");
        assertThat(e.allowed()).containsExactly(2, 3, 4);
    }

    @Test
    void cgroupV1QuotaAndCpuset() throws Exception {
        write("proc/10/cgroup", "12:cpuset:/kubepods/pod1/abc\n4:cpu,cpuacct:/kubepods/pod1/abc\n0::/\n");
        write("sys/fs/cgroup/cpu,cpuacct/kubepods/pod1/abc/cpu.cfs_quota_us", "150000\n");
        write("sys/fs/cgroup/cpu,cpuacct/kubepods/pod1/abc/cpu.cfs_period_us", "100000\n");
        write("sys/fs/cgroup/cpuset/kubepods/pod1/abc/cpuset.effective_cpus", "0-5\n");
        write("sys/devices/system/cpu/online", "0-7\n");
        CpuLimits.Effective e = new CpuLimits(paths()).read(10, status("0-7")).value();
        assertThat(e.cpus()).isEqualTo(1.5);
        assertThat(e.source()).isEqualTo("cgroup v1 cpu.cfs_quota_us 150000 / cpu.cfs_period_us 100000 "
                + "(/kubepods/pod1/abc)");
        assertThat(e.allowed()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void affinityAloneAndNoQuota() throws Exception {
        write("proc/10/cgroup", "0::/system.slice/kafka.service\n");
        write("sys/fs/cgroup/cgroup.controllers", "cpu\n");
        write("sys/fs/cgroup/system.slice/kafka.service/cpu.max", "max 100000\n");
        write("sys/devices/system/cpu/online", "0-7\n");
        CpuLimits.Effective e = new CpuLimits(paths()).read(10, status("0,2")).value();
        assertThat(e.cpus()).isEqualTo(2.0);
        assertThat(e.source()).isEqualTo("Cpus_allowed_list 0,2");
    }

    @Test
    void aCgroupSeenFromAnotherCgroupNamespaceIsFoundUnderTheRootWhenUnique() throws Exception {
        // an agent in a pod with a private cgroup namespace reads the node's procfs: the broker's cgroup is named
        // relative to the agent's own
        write("proc/10/cgroup", "0::/../../kubepods-burstable-pod2.slice/cri-containerd-b.scope\n");
        write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu\n");
        write("sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod2.slice/cpu.max",
                "300000 100000\n");
        write("sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod2.slice/"
                + "cri-containerd-b.scope/cpu.max", "max 100000\n");
        write("sys/devices/system/cpu/online", "0-15\n");
        Gathered<CpuLimits.Effective> g = new CpuLimits(paths()).read(10, status("0-15"));
        assertThat(g.value().cpus()).isEqualTo(3.0);
        assertThat(g.value().source()).isEqualTo("cgroup v2 cpu.max 300000 100000 "
                + "(/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod2.slice)");
        assertThat(g.problems()).isEmpty();
    }

    @Test
    void aCgroupOutsideTheAgentsNamespaceIsAProblemNotAGuess() throws Exception {
        write("proc/10/cgroup", "0::/../../kubepods.slice/pod1\n");
        write("sys/fs/cgroup/cgroup.controllers", "cpu\n");
        write("sys/devices/system/cpu/online", "0-7\n");
        Gathered<CpuLimits.Effective> g = new CpuLimits(paths()).read(10, status("0-7"));
        assertThat(g.value().cpus()).isEqualTo(8.0);
        assertThat(g.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("outside the agent's cgroup namespace"));
    }

    @Test
    void nothingReadableLeavesItUnknownWithAProblem() {
        Gathered<CpuLimits.Effective> g = new CpuLimits(paths()).read(10, null);
        assertThat(g.value().cpus()).isNull();
        assertThat(g.problems()).singleElement().satisfies(p -> assertThat(p.source()).isEqualTo("procfs:10/cgroup"));
    }
}
