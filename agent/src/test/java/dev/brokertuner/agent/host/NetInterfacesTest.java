package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Nic;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetInterfacesTest {
    @Test
    void speedUnknownForMinusOneEmptyOrGarbage() {
        assertThat(NetInterfaces.speed("25000")).isEqualTo(25000L);
        assertThat(NetInterfaces.speed("-1")).isNull();
        assertThat(NetInterfaces.speed(null)).isNull();
        assertThat(NetInterfaces.speed("65535")).isNull();
        assertThat(NetInterfaces.speed("fast")).isNull();
    }

    @Test
    void bondsListTheirMembersAndBondingMastersIsNotAnInterface() {
        HostFiles files = new HostFiles(HostFixtures.paths(HostFixtures.shared("jbod-nvme-ext4-bond")));
        List<Nic> nics = NetInterfaces.read(files, Set.of());
        assertThat(nics).extracting(Nic::name).containsExactly("bond0", "dmz", "eth0", "int");
        assertThat(nics.get(0).speedMbps()).isNull();
        assertThat(nics.get(0).bondMembers()).isEmpty();
        assertThat(nics.get(1).bondMembers()).containsExactly("eth0", "eth4");
        assertThat(nics.get(3).bondMembers()).containsExactly("eth5", "eth1");
        assertThat(nics.get(2)).isEqualTo(new Nic("eth0", 1000L, "full", 1500, "up", List.of(), null, null, null));
        assertThat(nics).extracting(Nic::kind).containsExactly("bond", "bond", null, "bond");
    }

    @Test
    void interfacesOnlyInNetDevHaveEverythingUnknownAndLoIsLeftOut() {
        HostFiles files = new HostFiles(HostFixtures.paths(HostFixtures.shared("nfs-data-dir")));
        List<Nic> nics = NetInterfaces.read(files, Set.of("lo", "docker0", "eth0"));
        assertThat(nics).extracting(Nic::name).containsExactly("docker0", "eth0");
        assertThat(nics.get(0)).isEqualTo(new Nic("docker0", null, null, null, null, List.of(), null, null, null));
    }

    @Test
    void vethSpeedIsTheDriversConstantSoUnknownWithTheReason() {
        HostFiles files = new HostFiles(HostFixtures.paths(HostFixtures.own("k8s-node-veth")));
        Nic veth = NetInterfaces.read(files, Set.of()).stream().filter(n -> n.name().equals("veth3f1c2a9b"))
                .findFirst().orElseThrow();
        assertThat(veth.kind()).isEqualTo("veth");
        assertThat(veth.speedMbps()).isNull();
        assertThat(veth.speedSource()).isNull();
        assertThat(veth.speedNote()).contains("10000");
    }

    @Test
    void aDeclaredSpeedFillsOnlyWhereTheKernelHasNone() {
        HostFiles files = new HostFiles(HostFixtures.paths(HostFixtures.own("mgmt-and-data-nic")));
        List<Nic> nics = NetInterfaces.read(files, Set.of("ens9"), java.util.Map.of("eno1", 2500L, "ens9", 12500L));
        assertThat(nics).extracting(Nic::name, Nic::speedMbps, Nic::speedSource).containsExactly(
                org.assertj.core.api.Assertions.tuple("eno1", 1000L, "sysfs"),
                org.assertj.core.api.Assertions.tuple("ens1f0np0", 25000L, "sysfs"),
                org.assertj.core.api.Assertions.tuple("ens9", 12500L, "declared"));
        assertThat(nics.get(0).speedNote()).contains("used instead of the declared 2500");
    }

    @Test
    void netDevCarriesPacketsAndDrops() {
        var c = NetDev.parse("""
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                  eth0: 1000 20 0 3 0 0 0 0 5000 40 0 1 0 0 0 0
                """).get("eth0");
        assertThat(c).isEqualTo(new NetDev.Counters(1000, 5000, 20, 3, 40, 1));
    }

    @Test
    void aNameTheKernelCouldNotHaveGivenIsRefusedWithAProblem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("sys/class/net/eth0"));
        java.nio.file.Files.writeString(dir.resolve("sys/class/net/eth0/speed"), "10000\n");
        HostFiles files = new HostFiles(new dev.brokertuner.agent.gather.HostPaths(dir, dir.resolve("sys")));
        List<dev.brokertuner.report.Problem> problems = new java.util.ArrayList<>();
        List<Nic> nics = NetInterfaces.read(files, Set.of("bad name;id", "eth0"), java.util.Map.of(), problems);
        assertThat(nics).extracting(Nic::name).containsExactly("eth0");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("refused"));
    }
}
