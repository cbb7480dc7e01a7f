package dev.brokertuner.agent.gather;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.Peer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the broker's traffic comes and goes, for placing it on the host's interfaces: its {@code listeners},
 * {@code advertised.listeners} and {@code controller.listener.names} (from the live config when the broker was read,
 * else from {@code server.properties}), the peer brokers' hosts, and the broker's pid (whose listening sockets stand in
 * when no listener is configured or known).
 *
 * @param listeners               {@code listeners}, null when unknown
 * @param advertisedListeners     {@code advertised.listeners}, null when unknown
 * @param controllerListenerNames {@code controller.listener.names}, null when unknown
 * @param peerHosts               the other brokers' advertised hosts
 * @param pid                     the broker process on this host, null when none was found
 * @param jmxPort                 the broker's JMX port, a listening socket that is not Kafka's; null when unknown
 */
public record BrokerEndpoints(String listeners, String advertisedListeners, String controllerListenerNames,
                              List<String> peerHosts, Long pid, Integer jmxPort) {
    private static final Pattern JMX_PORT = Pattern.compile("(?:^|rmi://)[^/]*:(\\d+)(?:/|$)");

    public BrokerEndpoints {
        peerHosts = peerHosts == null ? List.of() : List.copyOf(peerHosts);
    }

    /** Without a JMX port. */
    public BrokerEndpoints(String listeners, String advertisedListeners, String controllerListenerNames,
                           List<String> peerHosts, Long pid) {
        this(listeners, advertisedListeners, controllerListenerNames, peerHosts, pid, null);
    }

    /** What the broker facts say: configs (live, or declared from the file), peers and the process. */
    public static BrokerEndpoints of(BrokerFacts broker) {
        return new BrokerEndpoints(value(broker, "listeners"), value(broker, "advertised.listeners"),
                value(broker, "controller.listener.names"), broker.peers().stream().map(Peer::host).toList(),
                broker.process() == null ? null : broker.process().pid(), jmxPort(broker.jmx()));
    }

    /** The port of a JMX label ({@code host:port}, or the registry port of a {@code service:jmx:rmi} URL). */
    static Integer jmxPort(String label) {
        if (label == null || label.startsWith("attach:")) {
            return null;
        }
        Matcher m = JMX_PORT.matcher(label);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static String value(BrokerFacts broker, String name) {
        return broker.config(name).map(ConfigValue::value).filter(v -> !v.isBlank()).orElse(null);
    }

    /** True when there is anything to place. */
    public boolean known() {
        return listeners != null || advertisedListeners != null || pid != null;
    }
}
