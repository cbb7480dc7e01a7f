package dev.brokertuner.agent.host.net;

/**
 * One entry of Kafka's {@code listeners} or {@code advertised.listeners}: {@code NAME://host:port}.
 *
 * @param name the listener name (upper case, as Kafka compares them), e.g. {@code PLAINTEXT}, {@code INTERNAL}
 * @param host the host as written, brackets of an IPv6 literal removed; empty for a wildcard written as
 *             {@code NAME://:9092}
 * @param port the port, -1 when it is not a number
 */
public record Listener(String name, String host, int port) {
    /** True for {@code 0.0.0.0}, {@code ::} or an empty host: every local address. */
    public boolean wildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
