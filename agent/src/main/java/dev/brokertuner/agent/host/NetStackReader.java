package dev.brokertuner.agent.host;

import dev.brokertuner.agent.host.net.ProcNetCounters;
import dev.brokertuner.report.NetStack;
import dev.brokertuner.report.Problem;
import java.util.List;

/**
 * Reads the host-wide TCP counters ({@code <procfs>/net/snmp} Tcp OutSegs/RetransSegs, {@code <procfs>/net/netstat}
 * TcpExt ListenOverflows/ListenDrops) and the conntrack table's fill ({@code
 * <procfs>/sys/net/netfilter/nf_conntrack_count} and {@code _max}, absent when conntrack is not loaded, which is no
 * problem). Never throws.
 */
final class NetStackReader {
    private final HostFiles files;

    NetStackReader(HostFiles files) {
        this.files = files;
    }

    /** One read; problems only for the first read of a gathering ({@code problems} null for the second). */
    NetStack read(List<Problem> problems) {
        Read snmp = files.proc("net/snmp");
        Read netstat = files.proc("net/netstat");
        if (problems != null && snmp.textOrNull() == null) {
            problems.add(new Problem("procfs:net/snmp", "TCP retransmits unknown: " + snmp.why()));
        }
        if (problems != null && netstat.textOrNull() == null) {
            problems.add(new Problem("procfs:net/netstat", "listen queue overflows unknown: " + netstat.why()));
        }
        ProcNetCounters tcp = snmp.textOrNull() == null ? null : ProcNetCounters.parse(snmp.textOrNull());
        ProcNetCounters ext = netstat.textOrNull() == null ? null : ProcNetCounters.parse(netstat.textOrNull());
        return new NetStack(
                tcp == null ? null : tcp.get("Tcp", "OutSegs").orElse(null),
                tcp == null ? null : tcp.get("Tcp", "RetransSegs").orElse(null),
                ext == null ? null : ext.get("TcpExt", "ListenOverflows").orElse(null),
                ext == null ? null : ext.get("TcpExt", "ListenDrops").orElse(null),
                number("sys/net/netfilter/nf_conntrack_count"), number("sys/net/netfilter/nf_conntrack_max"), null);
    }

    private Long number(String relative) {
        String text = files.proc(relative).textOrNull();
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The growth between two reads over a window; a counter that went backwards (reset) or is unknown is null. */
    static NetStack.Window window(NetStack before, NetStack after, double seconds) {
        return new NetStack.Window(seconds, delta(before.tcpOutSegs(), after.tcpOutSegs()),
                delta(before.tcpRetransSegs(), after.tcpRetransSegs()),
                delta(before.listenOverflows(), after.listenOverflows()),
                delta(before.listenDrops(), after.listenDrops()));
    }

    static Long delta(Long before, Long after) {
        return before == null || after == null || after < before ? null : after - before;
    }
}
