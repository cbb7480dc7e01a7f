package dev.brokertuner.agent.rules.host;

import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import java.util.HashSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses the interfaces that can carry the broker's traffic: not a member of a bond (the bond counts, at its own
 * speed), not a container or bridge helper interface, and with a link that is up or whose state is unknown.
 */
public final class BrokerNics {
    private static final List<String> VIRTUAL_PREFIXES =
            List.of("veth", "docker", "virbr", "cni", "flannel", "cali", "tunl", "kube-", "vxlan", "br-", "lxc");

    private BrokerNics() {
    }

    /** Interfaces that are not bond members or container plumbing, up or down. */
    public static List<Nic> candidates(HostFacts host) {
        Set<String> members = new HashSet<>();
        host.nics().forEach(n -> members.addAll(n.bondMembers()));
        return host.nics().stream()
                .filter(n -> !members.contains(n.name()))
                .filter(n -> VIRTUAL_PREFIXES.stream().noneMatch(p -> n.name().startsWith(p)))
                .toList();
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
}
