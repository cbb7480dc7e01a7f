package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.broker.BrokerDiscovery;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.HostFacts;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The {@code pod-on-node} tree: a Kubernetes node seen by a DaemonSet agent (the node's {@code /proc} and
 * {@code /sys}), with a broker (pid 31337) in a pod. Its {@code server.properties} exists only in the pod's
 * filesystem ({@code <procfs>/31337/root/opt/kafka/config/server.properties}), and its {@code log.dirs}
 * ({@code /var/lib/kafka/data}) only in its mount namespace: the pod mounts a local PV, {@code /local-pv/kafka-0} of
 * the node's {@code /data} filesystem (XFS, noatime, nvme1n1), at {@code /var/lib/kafka}.
 */
class PodOnNodeTest {
    private static final HostPaths PATHS = HostFixtures.paths(HostFixtures.own("pod-on-node"));

    @Test
    void theBrokersFilesAreReadThroughItsRoot() {
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(PATHS, new BrokerOptions())) {
            assertThat(g.pid()).hasValue(31337);
            assertThat(g.logDirs()).containsExactly("/var/lib/kafka/data");
        }
    }

    @Test
    void logDirsAreMappedThroughTheBrokersMountNamespaceToTheNodesMount() {
        Gathered<HostFacts> g = new LinuxHostGatherer(PATHS, DiskSpace.none(), Sleeper.system())
                .gather(List.of("/var/lib/kafka/data"), OptionalLong.of(31337), 0);
        DataDir d = g.value().dataDirs().get(0);
        assertThat(d.path()).isEqualTo("/var/lib/kafka/data");
        assertThat(d.hostPath()).isEqualTo("/data/local-pv/kafka-0/data");
        assertThat(d.mountPoint()).isEqualTo("/data");
        assertThat(d.fsType()).isEqualTo("xfs");
        assertThat(d.noatime()).isTrue();
        assertThat(d.devices()).containsExactly("nvme1n1");
        assertThat(g.problems()).noneMatch(p -> p.source().contains("31337"));
    }

    @Test
    void withoutTheBrokersNamespaceThePathWouldBeJudgedOnTheNodesRoot() {
        // what the agent did before: /var/lib/kafka/data as a node path lies on the node's / (relatime): wrong disk
        DataDir d = new LinuxHostGatherer(PATHS, DiskSpace.none(), Sleeper.system())
                .gather(List.of("/var/lib/kafka/data"), 0).value().dataDirs().get(0);
        assertThat(d.mountPoint()).isEqualTo("/");
        assertThat(d.hostPath()).isNull();
    }

    @Test
    void theBrokersCpuQuotaIsItsPodsLimit() {
        var cmd = new BrokerDiscovery(PATHS).scan().get(0);
        var p = new BrokerDiscovery(PATHS).process(cmd).value();
        assertThat(p.effectiveCpus()).isEqualTo(2.0);
        assertThat(p.effectiveCpusSource()).startsWith("cgroup v2 cpu.max 200000 100000 (/kubepods.slice/");
    }

    @Test
    void aPathNoNodeMountShowsIsJudgedByTheBrokersMountWithAProblem() {
        BrokerMounts ns = new BrokerMounts(31337,
                MountInfo.parse("1 0 0:99 / / rw,relatime - overlay overlay rw\n"),
                MountInfo.parse("22 1 259:2 / / rw,relatime - xfs /dev/nvme0n1p2 rw\n"));
        assertThat(ns.hostPath("/var/lib/kafka")).isEmpty();
        List<dev.brokertuner.report.Problem> problems = new java.util.ArrayList<>();
        DataDirMapper mapper = new DataDirMapper(List.of(), new DeviceResolver(List.of(), List.of()),
                DiskSpace.none());
        DataDir d = mapper.mapThrough(ns, List.of("/var/lib/kafka"), DiskSpace.none(), problems).get(0);
        assertThat(d.fsType()).isEqualTo("overlay");
        assertThat(d.mountPoint()).as("not a node path").isNull();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("no node mount"));
    }
}
