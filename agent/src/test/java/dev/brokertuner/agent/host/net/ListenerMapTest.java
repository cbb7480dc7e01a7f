package dev.brokertuner.agent.host.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenerMapTest {
    private static final String ROUTES = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eno1\t00000000\t010AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
            eno1\t000AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
            ens1f0\t0000140A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            ens1f0\t0000140A\t0100140A\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0
            cni0\t0003F40A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;

    private static ListenerMap map(java.util.function.Function<String, List<String>> resolver) {
        return new ListenerMap(new ListenerMap.Tables(RouteTable.parse(ROUTES),
                Set.of(Ipv4.parse("10.20.0.11").orElseThrow(), Ipv4.parse("192.168.10.21").orElseThrow()),
                Map.of("20010db8000000000000000000000011", "ens1f0"), Map.of("cni0", "bridge", "eno1", "physical",
                "ens1f0", "physical")), resolver);
    }

    @Test
    void aBoundAddressSitsOnItsInterfaceAndControllerListenersAreLeftOut() {
        var m = map(null).map(Listeners.parse("INTERNAL://10.20.0.11:9092,EXTERNAL://[2001:db8::11]:9094,"
                + "CONTROLLER://192.168.10.21:9093"), List.of(), List.of("CONTROLLER"), List.of());
        assertThat(m.byInterface()).containsExactly(Map.entry("ens1f0", List.of("INTERNAL", "EXTERNAL")));
        assertThat(m.unknown()).isEmpty();
    }

    @Test
    void aWildcardFollowsTheRoutesToThePeersElseTheDefaultRoute() {
        var toPeers = map(null).map(Listeners.parse("PLAINTEXT://0.0.0.0:9092"), List.of(), List.of(),
                List.of("10.20.3.12", "10.20.0.13"));
        assertThat(toPeers.byInterface()).containsExactly(Map.entry("ens1f0", List.of("PLAINTEXT")));
        var noPeers = map(null).map(Listeners.parse("PLAINTEXT://:9092"), List.of(), List.of(), List.of());
        assertThat(noPeers.byInterface()).containsExactly(Map.entry("eno1", List.of("PLAINTEXT")));
    }

    @Test
    void aWildcardBindTakesALocalAdvertisedAddress() {
        var m = map(null).map(Listeners.parse("PLAINTEXT://0.0.0.0:9092"),
                Listeners.parse("PLAINTEXT://10.20.0.11:9092"), List.of(), List.of());
        assertThat(m.byInterface()).containsExactly(Map.entry("ens1f0", List.of("PLAINTEXT")));
    }

    @Test
    void anAdvertisedAddressThatIsNotLocalLeavesTheWildcardToTheRoutes() {
        // a NAT or load-balancer address: not on this host, so the wildcard bind follows the routes
        var m = map(null).map(Listeners.parse("PLAINTEXT://0.0.0.0:9092"),
                Listeners.parse("PLAINTEXT://203.0.113.9:9092"), List.of(), List.of("10.20.0.13"));
        assertThat(m.byInterface()).containsKey("ens1f0");
    }

    @Test
    void aPodAddressRoutesToTheBridgeAndLeavesByTheNodesRoute() {
        var m = map(null).map(Listeners.parse("PLAINTEXT://10.244.3.7:9092"), List.of(), List.of(), List.of());
        assertThat(m.byInterface()).containsOnlyKeys("cni0", "eno1");
    }

    @Test
    void hostNamesResolveOnlyWithAResolver() {
        var unresolved = map(null).map(Listeners.parse("INTERNAL://kafka-1.internal:9092"), List.of(), List.of(),
                List.of());
        assertThat(unresolved.byInterface()).isEmpty();
        assertThat(unresolved.unknown()).singleElement().asString().contains("kafka-1.internal")
                .contains("not this machine's");
        var resolved = map(name -> name.equals("kafka-1.internal") ? List.of("10.20.0.11") : List.of())
                .map(Listeners.parse("INTERNAL://kafka-1.internal:9092"), List.of(), List.of(), List.of());
        assertThat(resolved.byInterface()).containsExactly(Map.entry("ens1f0", List.of("INTERNAL")));
    }

    @Test
    void loopbackOnlyListenersArePlacedNowhere() {
        var m = map(null).map(Listeners.parse("PLAINTEXT://127.0.0.1:9092"), List.of(), List.of(), List.of());
        assertThat(m.byInterface()).isEmpty();
        assertThat(m.unknown()).singleElement().asString().contains("PLAINTEXT");
    }
}
