package dev.brokertuner.agent.rules.host;

import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the interfaces that carry the broker's traffic. When the broker's listeners were placed on interfaces
 * ({@code nics[].brokerListeners}), exactly those (leaving out a pod's bridge or veth when the node's own link
 * carries the same traffic): a management NIC without a listener is a fact, never a subject.
 * Otherwise every interface that could: not a member of a bond (the bond counts, at its own speed), not a veth or
 * virtual device (dummy, ifb, tunnels), not container or bridge helper plumbing by name, and with a link that is up
 * or whose state is unknown.
 */
public final class BrokerNics {
    private static final List<String> VIRTUAL_PREFIXES =
            List.of("veth", "docker", "virbr", "cni", "flannel", "cali", "tunl", "kube-", "vxlan", "br-", "lxc");

    private BrokerNics() {
    }

    /** True when at least one interface carries a broker listener: the choice is the listeners', not a guess. */
    public static boolean mapped(HostFacts host) {
        return host.nics().stream().anyMatch(n -> !n.brokerListeners().isEmpty());
    }

    /** The broker's interfaces (listener-mapped), else those that are not bond members or plumbing, up or down. */
    public static List<Nic> candidates(HostFacts host) {
        if (mapped(host)) {
            List<Nic> listening = host.nics().stream().filter(n -> !n.brokerListeners().isEmpty()).toList();
            // a pod's bridge or veth is a hop on the way to the node's own link: judge the link when both carry it
            List<Nic> links = listening.stream().filter(n -> !plumbing(n)).toList();
            return links.isEmpty() ? listening : links;
        }
        Set<String> members = new HashSet<>();
        host.nics().forEach(n -> members.addAll(n.bondMembers()));
        return host.nics().stream()
                .filter(n -> !members.contains(n.name()))
                .filter(n -> !"veth".equals(n.kind()) && !"virtual".equals(n.kind()))
                .filter(n -> VIRTUAL_PREFIXES.stream().noneMatch(p -> n.name().startsWith(p)))
                .toList();
    }

    /** True for a veth, a bridge or a virtual device: container or VM plumbing, not a link of the host's own. */
    public static boolean plumbing(Nic nic) {
        return "veth".equals(nic.kind()) || "bridge".equals(nic.kind()) || "virtual".equals(nic.kind());
    }

    /** Interfaces visible but not judged because the listeners are elsewhere (empty when nothing is mapped). */
    public static List<Nic> withoutListeners(HostFacts host) {
        if (!mapped(host)) {
            return List.of();
        }
        List<Nic> judged = candidates(host);
        return host.nics().stream().filter(n -> !judged.contains(n)).toList();
    }

    /** Candidates whose link is up (or whose state could not be read). */
    public static List<Nic> up(HostFacts host) {
        return candidates(host).stream().filter(n -> !isDown(n)).toList();
    }

    /** True when the kernel reports the link as not up. */
    public static boolean isDown(Nic nic) {
        if (nic.operstate() == null) {
            return false;
        }
        String s = nic.operstate().toLowerCase(Locale.ROOT);
        return !(s.equals("up") || s.equals("unknown"));
    }

    /** The fastest up candidate with a known link speed: the NIC whose bandwidth-delay product sizes buffers. */
    public static Optional<Nic> fastestUp(HostFacts host) {
        return up(host).stream().filter(n -> n.speedMbps() != null && n.speedMbps() > 0)
                .max(Comparator.comparingLong(Nic::speedMbps));
    }

    /** Evidence text for how the broker's NICs were chosen. */
    public static String choice(HostFacts host) {
        return mapped(host) ? "the interfaces carrying the broker's listeners"
                : "every up interface that is not a bond member or virtual (no listener placed)";
    }
}
