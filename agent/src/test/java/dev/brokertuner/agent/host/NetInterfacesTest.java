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
    }

    @Test
    void interfacesOnlyInNetDevHaveEverythingUnknownAndLoIsLeftOut() {
        HostFiles files = new HostFiles(HostFixtures.paths(HostFixtures.shared("nfs-data-dir")));
        List<Nic> nics = NetInterfaces.read(files, Set.of("lo", "docker0", "eth0"));
        assertThat(nics).extracting(Nic::name).containsExactly("docker0", "eth0");
        assertThat(nics.get(0)).isEqualTo(new Nic("docker0", null, null, null, null, List.of(), null, null, null));
    }
}
