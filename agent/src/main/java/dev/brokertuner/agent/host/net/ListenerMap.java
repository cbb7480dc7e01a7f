package dev.brokertuner.agent.host.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Maps the broker's listeners to the interfaces that carry them, from the host's own tables (pure: everything is
 * passed in). A listener bound to an address sits on the interface holding that address (IPv4: {@code fib_trie}'s
 * local addresses placed by their directly connected route; IPv6: {@code if_inet6}). A wildcard bind ({@code 0.0.0.0},
 * {@code ::}, empty host) takes the advertised address when that is local, else the interfaces carrying the routes to
 * the peer brokers, else the default route's. An address that is not local but on a directly connected network (a
 * pod's address seen from the node) maps to that network's interface; when that is container plumbing (veth, bridge,
 * virtual), the interfaces the traffic leaves the host by (routes to the peers, else the default route) carry it too.
 * An address reached only through a gateway (an advertised NAT or load-balancer address) is not here: the routes to
 * the peers decide, as for a wildcard. A host name is resolved
 * only when a resolver is given (the procfs root is this machine's); otherwise that listener's interface is unknown.
 * Controller listeners are left out unless they are the only ones.
 */
public final class ListenerMap {
    /** What the mapping read. */
    public record Tables(RouteTable routes, Set<Long> localIpv4, Map<String, String> localIpv6,
                         Map<String, String> kinds) {
    }

    /** The listener names by interface, and why any listener could not be placed. */
    public record Mapped(Map<String, List<String>> byInterface, List<String> unknown) {
    }

    private final Tables tables;
    private final Function<String, List<String>> resolver;

    /**
     * @param resolver host name to address literals (empty when it does not resolve); null when names must not be
     *                 resolved (the procfs root is not this machine's)
     */
    public ListenerMap(Tables tables, Function<String, List<String>> resolver) {
        this.tables = tables;
        this.resolver = resolver;
    }

    /**
     * @param listeners       {@code listeners} entries (bind addresses)
     * @param advertised      {@code advertised.listeners} entries
     * @param controllerNames {@code controller.listener.names}
     * @param peerHosts       the other brokers' advertised hosts, when known
     */
    public Mapped map(List<Listener> listeners, List<Listener> advertised, List<String> controllerNames,
                      List<String> peerHosts) {
        Map<String, Listener> bind = new LinkedHashMap<>();
        listeners.forEach(l -> bind.putIfAbsent(l.name(), l));
        Map<String, Listener> adv = new LinkedHashMap<>();
        advertised.forEach(l -> adv.putIfAbsent(l.name(), l));
        Set<String> names = new LinkedHashSet<>(bind.keySet());
        names.addAll(adv.keySet());
        Set<String> data = new LinkedHashSet<>(names);
        data.removeAll(controllerNames);
        if (data.isEmpty()) {
            data = names;
        }
        Map<String, Set<String>> out = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (String name : data) {
            Listener b = bind.get(name);
            Listener a = adv.get(name);
            Set<String> ifaces = new LinkedHashSet<>();
            String why = null;
            Listener specific = b != null && !b.wildcard() ? b : a != null && !a.wildcard() ? a : null;
            if (specific != null) {
                Placed p = place(specific.host(), peerHosts);
                ifaces.addAll(p.ifaces());
                why = p.why();
                if (ifaces.isEmpty() && specific == a && b != null && b.wildcard() && p.resolved()) {
                    // advertised address not local (NAT, a load balancer): the wildcard bind decides
                    ifaces.addAll(egress(peerHosts));
                    why = ifaces.isEmpty() ? "no route to the peers and no default route" : null;
                }
            } else {
                ifaces.addAll(egress(peerHosts));
                if (ifaces.isEmpty()) {
                    why = "bound to every address, and no route to the peers and no default route is known";
                }
            }
            if (ifaces.isEmpty()) {
                unknown.add(name + ": " + (why == null ? "no interface holds its address" : why));
            }
            ifaces.forEach(i -> out.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(name));
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        out.forEach((k, v) -> result.put(k, List.copyOf(v)));
        return new Mapped(result, unknown);
    }

    private record Placed(Set<String> ifaces, String why, boolean resolved) {
    }

    private Placed place(String host, List<String> peerHosts) {
        List<String> literals;
        if (Ipv4.parse(host).isPresent() || Ipv6.hex(host).isPresent()) {
            literals = List.of(host);
        } else if (resolver == null) {
            return new Placed(Set.of(), "host name " + host + " not resolved: the procfs root is not this machine's, "
                    + "so this machine's resolver may not answer for it", false);
        } else {
            literals = resolver.apply(host);
            if (literals.isEmpty()) {
                return new Placed(Set.of(), "host name " + host + " does not resolve", false);
            }
        }
        Set<String> ifaces = new LinkedHashSet<>();
        for (String literal : literals) {
            Optional<Long> v4 = Ipv4.parse(literal);
            if (v4.isPresent()) {
                long addr = v4.get();
                if (Ipv4.loopback(addr)) {
                    continue;
                }
                if (tables.localIpv4().contains(addr)) {
                    tables.routes().linkInterface(addr).ifPresent(ifaces::add);
                } else {
                    Optional<Route> route = tables.routes().lookup(addr);
                    if (route.isPresent() && route.get().gateway() == 0) {
                        // on a directly connected network: a pod or VM behind this host's bridge or veth
                        ifaces.add(route.get().iface());
                        if (plumbing(route.get().iface())) {
                            ifaces.addAll(egress(peerHosts));
                        }
                    } else if (route.isPresent()) {
                        // reached through a gateway (NAT, a load balancer): not here; the routes to the peers decide
                        ifaces.addAll(egress(peerHosts));
                    }
                }
                continue;
            }
            Ipv6.hex(literal).map(tables.localIpv6()::get).ifPresent(ifaces::add);
        }
        return new Placed(ifaces, ifaces.isEmpty() ? "no interface holds " + host + " (loopback, or not local)"
                : null, true);
    }

    private boolean plumbing(String iface) {
        String kind = tables.kinds().get(iface);
        return "veth".equals(kind) || "bridge".equals(kind) || "virtual".equals(kind);
    }

    /** The interfaces the routes to the peers leave by, else the default route's. */
    private Set<String> egress(List<String> peerHosts) {
        Set<String> out = new LinkedHashSet<>();
        for (String peer : peerHosts) {
            List<String> literals = Ipv4.parse(peer).isPresent() ? List.of(peer)
                    : resolver == null ? List.of() : resolver.apply(peer);
            for (String literal : literals) {
                Ipv4.parse(literal).filter(a -> !Ipv4.loopback(a))
                        .flatMap(a -> tables.routes().lookup(a)).map(Route::iface).ifPresent(out::add);
            }
        }
        if (out.isEmpty()) {
            tables.routes().defaultInterface().ifPresent(out::add);
        }
        return out;
    }
}
