package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NicKindTest {
    private static String kind(String name, boolean bonding, boolean bridge, String devtype, boolean device,
                               String ifindex, String iflink, String type) {
        return NicKind.of(new NicKind.Attributes(name, bonding, bridge, devtype, device, ifindex, iflink, type));
    }

    @Test
    void kindsFromWhatSysfsShows() {
        assertThat(kind("bond0", true, false, null, false, "5", "5", "1")).isEqualTo("bond");
        assertThat(kind("br0", false, true, null, false, "6", "6", "1")).isEqualTo("bridge");
        assertThat(kind("bond0.100", false, false, "vlan", false, "7", "5", "1")).isEqualTo("vlan");
        assertThat(kind("flannel.1", false, false, "vxlan", false, "4", "4", "1")).isEqualTo("virtual");
        assertThat(kind("ens5", false, false, null, true, "2", "2", "1")).isEqualTo("physical");
        assertThat(kind("eth0", false, false, null, false, "3", "12", "1")).isEqualTo("veth");
        assertThat(kind("vethab12", false, false, null, false, null, null, null)).isEqualTo("veth");
        assertThat(kind("tun0", false, false, null, false, "9", "9", "65534")).isEqualTo("virtual");
        assertThat(kind("dummy0", false, false, null, false, null, null, null)).isEqualTo("virtual");
        assertThat(kind("lo2", false, false, null, false, "8", "8", "1")).isEqualTo("virtual");
    }

    @Test
    void aFlattenedCaptureWithoutDeviceOrLinkIndexIsUnknownNotGuessed() {
        assertThat(kind("eth0", false, false, null, false, "2", null, null)).isNull();
        assertThat(NicKind.devtype("DEVTYPE=vlan\nINTERFACE=bond0.100\n")).isEqualTo("vlan");
        assertThat(NicKind.devtype("INTERFACE=eth0\nIFINDEX=2\n")).isNull();
    }
}
