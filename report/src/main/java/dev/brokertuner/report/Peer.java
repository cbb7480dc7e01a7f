package dev.brokertuner.report;

/**
 * Another broker of the cluster, from {@code describeCluster}, with the measured TCP connect round-trip time.
 *
 * @param nodeId    its node id
 * @param host      advertised host
 * @param port      advertised port
 * @param rttMillis TCP connect time to that listener (a round trip), null when not reachable
 */
public record Peer(int nodeId, String host, int port, Double rttMillis) {
}
