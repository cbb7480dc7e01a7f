package dev.brokertuner.agent.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTableTest {
    /** As an x86 host prints it: native little-endian hex. */
    private static final String LITTLE = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eno1\t00000000\t010AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
            eno1\t000AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
            ens1f0\t0000140A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            ens1f0\t0000140A\t0100140A\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0
            down0\t0000000B\t00000000\t0000\t0\t0\t0\t000000FF\t0\t0\t0
            """;

    /** The same table as a big-endian host (s390x) prints it. */
    private static final String BIG = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eno1\t00000000\tC0A80A01\t0003\t0\t0\t100\t00000000\t0\t0\t0
            eno1\tC0A80A00\t00000000\t0001\t0\t0\t100\tFFFFFF00\t0\t0\t0
            ens1f0\t0A140000\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0
            """;

    private static long ip(String s) {
        return Ipv4.parse(s).orElseThrow();
    }

    @Test
    void littleEndianTableLooksUpLongestPrefixAndDefault() {
        RouteTable t = RouteTable.parse(LITTLE);
        assertThat(t.littleEndian()).isTrue();
        assertThat(t.routes()).hasSize(4); // down0 is not up (no U flag)
        assertThat(t.lookup(ip("10.20.0.12")).orElseThrow().iface()).isEqualTo("ens1f0");
        assertThat(t.lookup(ip("10.20.7.3")).orElseThrow().gateway()).isEqualTo(ip("10.20.0.1"));
        assertThat(t.lookup(ip("8.8.8.8")).orElseThrow().iface()).isEqualTo("eno1");
        assertThat(t.defaultInterface()).contains("eno1");
        assertThat(t.linkInterface(ip("192.168.10.21"))).contains("eno1");
        assertThat(t.linkInterface(ip("10.20.0.11"))).contains("ens1f0");
        assertThat(t.linkInterface(ip("172.16.0.1"))).isEmpty();
    }

    @Test
    void bigEndianTableIsDetectedFromItsMasks() {
        RouteTable t = RouteTable.parse(BIG);
        assertThat(t.littleEndian()).isFalse();
        assertThat(t.linkInterface(ip("10.20.0.11"))).contains("ens1f0");
        assertThat(t.lookup(ip("192.168.10.9")).orElseThrow().iface()).isEqualTo("eno1");
    }

    @Test
    void garbageAndHeaderOnlyGiveNoRoutes() {
        assertThat(RouteTable.parse("Iface\tDestination\n").routes()).isEmpty();
        assertThat(RouteTable.parse("eth0 zz 00 0001 0 0 0 ff\n").routes()).isEmpty();
        assertThat(RouteTable.parse("").defaultInterface()).isEmpty();
    }
}
