package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.BrokerEndpoints;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placing listeners from a procfs tree: configured listeners, and the broker's own sockets when none is known. */
class BrokerInterfacesTest {
    private static final String ROUTES = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eno1\t00000000\t010AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
            eno1\t000AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
            ens1f0\t0000140A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;
    private static final String FIB = """
            Local:
              +-- 0.0.0.0/0 3 0 5
                 |-- 10.20.0.11
                    /32 host LOCAL
                 |-- 192.168.10.21
                    /32 host LOCAL
            """;

    private static HostFacts facts() {
        return new HostFacts("h", 8, 1L << 34, List.of(), List.of(), List.of(), List.of(), List.of(
                new Nic("eno1", 1000L, "full", 1500, "up", List.of(), null, null, null),
                new Nic("ens1f0", 25000L, "full", 9000, "up", List.of(), null, null, null)), Map.of(), 0, 0L);
    }

    private static Path procfs(Path dir) throws IOException {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/route"), ROUTES);
        Files.writeString(proc.resolve("net/fib_trie"), FIB);
        Files.createDirectories(dir.resolve("sys"));
        return proc;
    }

    @Test
    void configuredListenersArePlaced(@TempDir Path dir) throws IOException {
        Path proc = procfs(dir);
        var files = new HostFiles(new HostPaths(proc, dir.resolve("sys")));
        Gathered<HostFacts> g = new BrokerInterfaces(files, null).place(facts(),
                new BrokerEndpoints("INTERNAL://10.20.0.11:9092,CONTROLLER://10.20.0.11:9093", null, "CONTROLLER",
                        List.of(), null));
        assertThat(g.value().nics()).extracting(Nic::name, Nic::brokerListeners).containsExactly(
                org.assertj.core.api.Assertions.tuple("eno1", List.of()),
                org.assertj.core.api.Assertions.tuple("ens1f0", List.of("INTERNAL")));
        assertThat(g.problems()).isEmpty();
    }

    @Test
    void withoutListenersTheBrokersOwnListeningSocketsStandIn(@TempDir Path dir) throws IOException {
        Path proc = procfs(dir);
        Path fd = Files.createDirectories(proc.resolve("4242/fd"));
        Files.createSymbolicLink(fd.resolve("3"), Path.of("/var/log/kafka/server.log"));
        Files.createSymbolicLink(fd.resolve("187"), Path.of("socket:[41234]"));
        Files.createDirectories(proc.resolve("4242/net"));
        Files.writeString(proc.resolve("4242/net/tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0B00140A:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 41234 1 0
                   1: 1500A8C0:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1201 1 0
                """);
        var files = new HostFiles(new HostPaths(proc, dir.resolve("sys")));
        Gathered<HostFacts> g = new BrokerInterfaces(files, null).place(facts(),
                new BrokerEndpoints(null, null, null, List.of(), 4242L));
        assertThat(g.value().nics()).filteredOn(n -> !n.brokerListeners().isEmpty()).singleElement()
                .satisfies(n -> {
                    assertThat(n.name()).isEqualTo("ens1f0");
                    assertThat(n.brokerListeners()).containsExactly("port 9092");
                });
    }

    @Test
    void noRouteTableIsAProblemAndTheFactsStay(@TempDir Path dir) throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        var files = new HostFiles(new HostPaths(proc, dir));
        Gathered<HostFacts> g = new BrokerInterfaces(files, null).place(facts(),
                new BrokerEndpoints("PLAINTEXT://:9092", null, null, List.of(), null));
        assertThat(g.value()).isEqualTo(facts());
        assertThat(g.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("net/route"));
    }

    @Test
    void ipv4MappedSocketsOfJavasDualStackAreIpv4() {
        assertThat(BrokerInterfaces.ipv6Literal("00000000000000000000ffff7f000001")).isEqualTo("127.0.0.1");
        assertThat(BrokerInterfaces.ipv6Literal("00000000000000000000ffff0a14000b")).isEqualTo("10.20.0.11");
        assertThat(BrokerInterfaces.ipv6Literal("0".repeat(32))).isEmpty();
        assertThat(BrokerInterfaces.ipv6Literal("20010db8000000000000000000000011"))
                .isEqualTo("2001:0db8:0000:0000:0000:0000:0000:0011");
    }
}
