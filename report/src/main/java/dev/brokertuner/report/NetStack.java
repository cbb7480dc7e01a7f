package dev.brokertuner.report;

/**
 * Host-wide TCP and connection-tracking counters: {@code <procfs>/net/snmp} (Tcp), {@code <procfs>/net/netstat}
 * (TcpExt) and {@code <procfs>/sys/net/netfilter/nf_conntrack_count}/{@code _max}. Counters are since boot; a
 * counter that could not be read is null.
 *
 * @param tcpOutSegs      Tcp OutSegs
 * @param tcpRetransSegs  Tcp RetransSegs
 * @param listenOverflows TcpExt ListenOverflows (accept queue full)
 * @param listenDrops     TcpExt ListenDrops (SYNs dropped on a listening socket, overflows included)
 * @param conntrackCount  tracked connections now, null when conntrack is not loaded
 * @param conntrackMax    the conntrack table's limit, null when conntrack is not loaded
 * @param window          how the counters moved over the throughput sample window, null when not sampled
 */
public record NetStack(Long tcpOutSegs, Long tcpRetransSegs, Long listenOverflows, Long listenDrops,
                       Long conntrackCount, Long conntrackMax, Window window) {

    /** The same counters' growth over one window. */
    public record Window(double seconds, Long tcpOutSegs, Long tcpRetransSegs, Long listenOverflows,
                         Long listenDrops) {
    }

    /** Nothing read. */
    public static NetStack unknown() {
        return new NetStack(null, null, null, null, null, null, null);
    }

    /** These counters with a sample window. */
    public NetStack withWindow(Window w) {
        return new NetStack(tcpOutSegs, tcpRetransSegs, listenOverflows, listenDrops, conntrackCount, conntrackMax, w);
    }
}
