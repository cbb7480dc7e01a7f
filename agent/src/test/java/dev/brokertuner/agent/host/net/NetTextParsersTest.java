package dev.brokertuner.agent.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetTextParsersTest {
    @Test
    void fibTrieLocalAddressesWithoutLoopbackOrBroadcast() {
        String text = """
                Main:
                  +-- 0.0.0.0/0 3 0 5
                     |-- 0.0.0.0
                        /0 universe UNICAST
                     +-- 10.20.0.0/24 2 0 2
                        |-- 10.20.0.0
                           /24 link UNICAST
                        |-- 10.20.0.11
                           /32 host LOCAL
                        |-- 10.20.0.255
                           /32 link BROADCAST
                     +-- 127.0.0.0/8 2 0 2
                        |-- 127.0.0.1
                           /32 host LOCAL
                Local:
                  +-- 0.0.0.0/0 3 0 5
                     |-- 10.20.0.11
                        /32 host LOCAL
                     |-- 192.168.10.21
                        /32 host LOCAL
                """;
        assertThat(FibTrie.localAddresses(text)).containsExactly(Ipv4.parse("10.20.0.11").orElseThrow(),
                Ipv4.parse("192.168.10.21").orElseThrow());
    }

    @Test
    void ifInet6MapsAddressesToInterfacesWithoutLoopback() {
        String text = """
                fe800000000000000ec42efffe1a2b3c 02 40 20 80     eno1
                20010db8000000000000000000000011 04 40 00 80 ens1f0np0
                00000000000000000000000000000001 01 80 10 80       lo
                """;
        assertThat(IfInet6.interfaces(text)).containsOnlyKeys("fe800000000000000ec42efffe1a2b3c",
                "20010db8000000000000000000000011").containsEntry("20010db8000000000000000000000011", "ens1f0np0");
        assertThat(Ipv6.hex("2001:db8::11")).contains("20010db8000000000000000000000011");
        assertThat(Ipv6.hex("kafka-1.example")).isEmpty();
    }

    @Test
    void listenersWithIpv6WildcardsAndControllerNames() {
        List<Listener> l = Listeners.parse("INTERNAL://10.20.0.11:9092, external://[2001:db8::11]:9094,"
                + "CONTROLLER://:9093,PLAIN://0.0.0.0:9095,BROKEN,SASL://kafka-1.example:x");
        assertThat(l).containsExactly(new Listener("INTERNAL", "10.20.0.11", 9092),
                new Listener("EXTERNAL", "2001:db8::11", 9094), new Listener("CONTROLLER", "", 9093),
                new Listener("PLAIN", "0.0.0.0", 9095), new Listener("SASL", "kafka-1.example", -1));
        assertThat(l.get(2).wildcard()).isTrue();
        assertThat(l.get(3).wildcard()).isTrue();
        assertThat(l.get(0).wildcard()).isFalse();
        assertThat(Listeners.parse(null)).isEmpty();
        assertThat(Listeners.names(" controller ,CTRL2")).containsExactly("CONTROLLER", "CTRL2");
    }

    @Test
    void tcpListeningSocketsOfTheBrokerByInode() {
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0B00140A:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 41234 1 0
                   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1201 1 0
                   2: 0B00140A:2384 0C00140A:D1F2 01 00000000:00000000 00:00000000 00000000  1000        0 41299 1 0
                """;
        assertThat(TcpListening.parse(tcp, false, true, Set.of(41234L, 41299L)))
                .containsExactly(new TcpListening.Socket("10.20.0.11", false, 9092, 41234));
        String tcp6 = """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000000000000000000000000000:2384 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 51234 1 0
                """;
        assertThat(TcpListening.parse(tcp6, true, true, null)).singleElement()
                .satisfies(s -> assertThat(s.address()).isEqualTo("0".repeat(32)));
        assertThat(TcpListening.socketInode("socket:[41234]")).isEqualTo(41234);
        assertThat(TcpListening.socketInode("/var/log/kafka/server.log")).isEqualTo(-1);
    }

    @Test
    void snmpAndNetstatCountersByProtocol() {
        String snmp = """
                Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
                Tcp: 1 200 120000 -1 184233 912844 1204 3411 412 2870102934 2541003321 185221 0 14002 0
                Udp: InDatagrams NoPorts
                Udp: 402113 1482
                """;
        ProcNetCounters c = ProcNetCounters.parse(snmp);
        assertThat(c.get("Tcp", "OutSegs")).contains(2541003321L);
        assertThat(c.get("Tcp", "RetransSegs")).contains(185221L);
        assertThat(c.get("Tcp", "MaxConn")).contains(-1L);
        assertThat(c.get("Udp", "NoPorts")).contains(1482L);
        assertThat(c.get("TcpExt", "ListenOverflows")).isEmpty();
        ProcNetCounters ext = ProcNetCounters.parse("""
                TcpExt: SyncookiesSent ListenOverflows ListenDrops
                TcpExt: 0 17 19
                IpExt: InNoRoutes
                IpExt: 0
                """);
        assertThat(ext.get("TcpExt", "ListenOverflows")).contains(17L);
        assertThat(ext.get("TcpExt", "ListenDrops")).contains(19L);
    }
}
