package dev.brokertuner.agent.cli;

import dev.brokertuner.report.Nic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The NIC count of the text report's host line: interfaces that are up (or whose state is unknown) and are not
 * virtual devices (dummy, ifb, tunnels), so a host with one data link reads "1 nic", not "7 nics"; veths are counted
 * apart ("+ 12 veth") and the interfaces carrying the broker's listeners are named.
 */
final class NicSummary {
    private NicSummary() {
    }

    static String of(List<Nic> nics) {
        List<Nic> counted = new ArrayList<>();
        int veths = 0;
        for (Nic n : nics) {
            if (down(n) || "virtual".equals(n.kind())) {
                continue;
            }
            if ("veth".equals(n.kind())) {
                veths++;
            } else {
                counted.add(n);
            }
        }
        StringBuilder s = new StringBuilder().append(counted.size()).append(counted.size() == 1 ? " nic" : " nics");
        if (veths > 0) {
            s.append(" + ").append(veths).append(" veth");
        }
        List<String> broker = nics.stream().filter(n -> !n.brokerListeners().isEmpty()).map(Nic::name).toList();
        if (!broker.isEmpty()) {
            s.append(" (broker on ").append(String.join(", ", broker)).append(')');
        }
        return s.toString();
    }

    private static boolean down(Nic n) {
        if (n.operstate() == null) {
            return false;
        }
        String s = n.operstate().toLowerCase(Locale.ROOT);
        return !(s.equals("up") || s.equals("unknown"));
    }
}
