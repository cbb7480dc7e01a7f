package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.LocalProcfs;
import dev.brokertuner.agent.gather.BrokerEndpoints;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.host.net.FibTrie;
import dev.brokertuner.agent.host.net.IfInet6;
import dev.brokertuner.agent.host.net.Ipv4;
import dev.brokertuner.agent.host.net.Listener;
import dev.brokertuner.agent.host.net.ListenerMap;
import dev.brokertuner.agent.host.net.Listeners;
import dev.brokertuner.agent.host.net.RouteTable;
import dev.brokertuner.agent.host.net.TcpListening;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Problem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads what placing the broker's listeners needs ({@code <procfs>/net/route}, {@code net/fib_trie},
 * {@code net/if_inet6}; without configured listeners, the broker's listening sockets from {@code <procfs>/PID/net/tcp}
 * and {@code tcp6} matched to its {@code <procfs>/PID/fd} inodes) and sets {@code nics[].brokerListeners} with
 * {@link ListenerMap}. Host names are resolved only when the procfs root is this machine's. Never throws.
 */
final class BrokerInterfaces {
    private final HostFiles files;
    private final Function<String, List<String>> resolver;

    /**
     * @param resolver null when names must not be resolved (the procfs root is not this machine's)
     */
    BrokerInterfaces(HostFiles files, Function<String, List<String>> resolver) {
        this.files = files;
        this.resolver = resolver;
    }

    /** The system resolver when the procfs root is this machine's own, else null. */
    static Function<String, List<String>> resolverFor(Path procfs) {
        if (!LocalProcfs.isThisMachine(procfs)) {
            return null;
        }
        return host -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(host)).map(InetAddress::getHostAddress).toList();
            } catch (UnknownHostException | SecurityException e) {
                return List.of();
            }
        };
    }

    Gathered<HostFacts> place(HostFacts facts, BrokerEndpoints endpoints) {
        List<Problem> problems = new ArrayList<>();
        String routeText = files.proc("net/route").textOrNull();
        if (routeText == null) {
            problems.add(new Problem("procfs:net/route", "the broker's interfaces unknown: "
                    + files.proc("net/route").why()));
            return new Gathered<>(facts, problems);
        }
        RouteTable routes = RouteTable.parse(routeText);
        String fib = files.proc("net/fib_trie").textOrNull();
        Set<Long> local4 = fib == null ? Set.of() : FibTrie.localAddresses(fib);
        String inet6 = files.proc("net/if_inet6").textOrNull();
        Map<String, String> local6 = inet6 == null ? Map.of() : IfInet6.interfaces(inet6);
        Map<String, String> kinds = new HashMap<>();
        facts.nics().forEach(n -> {
            if (n.kind() != null) {
                kinds.put(n.name(), n.kind());
            }
        });
        List<Listener> bind = Listeners.parse(endpoints.listeners());
        List<Listener> advertised = Listeners.parse(endpoints.advertisedListeners());
        if (bind.isEmpty() && advertised.isEmpty() && endpoints.pid() != null) {
            bind = listeningSockets(endpoints.pid(), endpoints.jmxPort(), routes.littleEndian(), problems);
        }
        if (bind.isEmpty() && advertised.isEmpty()) {
            return new Gathered<>(facts, problems);
        }
        ListenerMap.Mapped mapped = new ListenerMap(new ListenerMap.Tables(routes, local4, local6, kinds), resolver)
                .map(bind, advertised, Listeners.names(endpoints.controllerListenerNames()), endpoints.peerHosts());
        mapped.unknown().forEach(u -> problems.add(new Problem("host:listeners", "listener " + u)));
        List<Nic> nics = facts.nics().stream()
                .map(n -> n.withBrokerListeners(mapped.byInterface().getOrDefault(n.name(), List.of()))).toList();
        return new Gathered<>(facts.withNics(nics), problems);
    }

    /** The broker's own listening sockets, named by port ({@code port 9092}) since no listener names are known. */
    private List<Listener> listeningSockets(long pid, Integer jmxPort, boolean littleEndian, List<Problem> problems) {
        Set<Long> inodes = new HashSet<>();
        Path fd = files.paths().proc(pid + "/fd");
        for (String entry : files.list(fd)) {
            try {
                long inode = TcpListening.socketInode(Files.readSymbolicLink(fd.resolve(entry)).toString());
                if (inode >= 0) {
                    inodes.add(inode);
                }
            } catch (IOException | RuntimeException e) {
                // a closed fd or no permission: skipped
            }
        }
        if (inodes.isEmpty()) {
            problems.add(new Problem("procfs:" + pid + "/fd", "no listener configured and the broker's sockets "
                    + "could not be listed (run the agent as root or as the broker's user)"));
            return List.of();
        }
        Set<Listener> out = new LinkedHashSet<>();
        for (String file : List.of("net/tcp", "net/tcp6")) {
            String text = files.proc(pid + "/" + file).textOrNull();
            if (text == null) {
                continue;
            }
            for (TcpListening.Socket s : TcpListening.parse(text, file.endsWith("6"), littleEndian, inodes)) {
                if (jmxPort != null && s.port() == jmxPort) {
                    continue; // JMX, not Kafka (the RMI server's random port cannot be told apart)
                }
                String host = s.ipv6() ? ipv6Literal(s.address()) : s.address();
                out.add(new Listener("port " + s.port(), Ipv4.parse(host).filter(Ipv4::wildcard).isPresent()
                        ? "" : host, s.port()));
            }
        }
        return List.copyOf(out);
    }

    /** An IPv6 address's literal; an IPv4-mapped one ({@code ::ffff:a.b.c.d}, Java's dual-stack sockets) as IPv4. */
    static String ipv6Literal(String hex) {
        if (hex.chars().allMatch(c -> c == '0')) {
            return "";
        }
        if (hex.startsWith("00000000000000000000ffff")) {
            return Ipv4.format(Long.parseLong(hex.substring(24), 16));
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 32; i += 4) {
            if (i > 0) {
                b.append(':');
            }
            b.append(hex, i, i + 4);
        }
        return b.toString();
    }
}
