package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.NetStack;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Network errors the broker's clients and followers feel: TCP retransmits ({@code <procfs>/net/snmp} RetransSegs
 * against OutSegs), listen queue overflows and drops ({@code <procfs>/net/netstat} TcpExt ListenOverflows and
 * ListenDrops, against {@code socket.listen.backlog.size} and {@code net.core.somaxconn}), packets dropped by the
 * broker's NICs ({@code <procfs>/net/dev}) and the conntrack table's fill. Counters are judged only as growth over a
 * window: the throughput sample ({@code host.net.window}) or, in the daemon, since the previous gathering; counters
 * since boot carry every past incident (and, for NIC drops, frames the stack discards by design) and are shown, not
 * judged. Every threshold is broker-tuner's own heuristic.
 */
public final class NetErrorsRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.net.errors";
    static final String MAX_RETRANS = "maxRetransmitRatio";
    static final String MIN_SEGMENTS = "minSegments";
    static final String MAX_DROP = "maxDropRatio";
    static final String MIN_PACKETS = "minPackets";
    static final String MAX_CONNTRACK = "maxConntrackFill";
    static final long RECOMMENDED_BACKLOG = 1024;
    static final String HEURISTIC = "broker-tuner's own heuristic: the thresholds maxRetransmitRatio (1 %, over at "
            + "least minSegments 10000 segments), maxDropRatio (0.1 %, over at least minPackets 10000 packets), "
            + "maxConntrackFill (80 %) and the recommended backlog of 1024 are this product's choices, not figures "
            + "from the kernel's or Kafka's documentation";

    /** Counter growth over one window. */
    private record Window(double seconds, String label, NetStack before, NetStack after, Snapshot earlier) {
    }

    static final RuleMeta META = new RuleMeta(ID,
            "TCP retransmits, listen queue overflows, NIC drops and a full conntrack table, judged over a window "
                    + "(the product's own thresholds).",
            Set.of(Source.HOST, Source.WINDOW),
            List.of(Sources.KERNEL_SNMP, Sources.LISTEN_BACKLOG, Sources.KERNEL_NET_STATISTICS,
                    Sources.KERNEL_CONNTRACK, HEURISTIC),
            Map.of(MAX_RETRANS, 0.01, MIN_SEGMENTS, 10000.0, MAX_DROP, 0.001, MIN_PACKETS, 10000.0,
                    MAX_CONNTRACK, 0.8),
            Set.of(Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        NetStack now = snapshot.host().net();
        Optional<Window> window = window(snapshot);
        List<Outcome> out = new ArrayList<>();
        out.add(retransmits(now, window, thresholds));
        out.add(listenQueue(snapshot, now, window));
        out.addAll(nicDrops(snapshot, window, thresholds));
        out.add(conntrack(snapshot, now, thresholds));
        return out;
    }

    /** Since the previous gathering (daemon), else over the throughput sample. */
    private static Optional<Window> window(Snapshot snapshot) {
        if (snapshot.hasHistory() && snapshot.at() != null && snapshot.earlier().get(0).at() != null) {
            Snapshot before = snapshot.earlier().get(0);
            double secs = Duration.between(before.at(), snapshot.at()).toMillis() / 1000.0;
            if (secs > 0) {
                return Optional.of(new Window(secs, "since the previous gathering", before.host().net(),
                        snapshot.host().net(), before));
            }
        }
        NetStack.Window w = snapshot.host().net().window();
        if (w != null && w.seconds() > 0) {
            return Optional.of(new Window(w.seconds(), "over the sample window", null, null, null));
        }
        return Optional.empty();
    }

    private static Long grown(Window w, NetStack now, java.util.function.Function<NetStack, Long> counter,
                              java.util.function.Function<NetStack.Window, Long> sampled) {
        if (w.before() != null) {
            Long a = counter.apply(w.before());
            Long b = counter.apply(w.after());
            return a == null || b == null || b < a ? null : b - a;
        }
        return now.window() == null ? null : sampled.apply(now.window());
    }

    private Outcome retransmits(NetStack now, Optional<Window> window, Thresholds t) {
        String subject = "tcp retransmits";
        if (now.tcpOutSegs() == null || now.tcpRetransSegs() == null) {
            return new Outcome.Unknown(subject, "Tcp OutSegs/RetransSegs not read from net/snmp");
        }
        double max = t.get(MAX_RETRANS, 0.01);
        long minSegs = (long) t.get(MIN_SEGMENTS, 10000);
        String sinceBoot = "since boot " + now.tcpRetransSegs() + " of " + now.tcpOutSegs() + " segments"
                + (now.tcpOutSegs() > 0 ? " (" + Units.percent((double) now.tcpRetransSegs() / now.tcpOutSegs()) + ")"
                : "");
        if (window.isEmpty()) {
            return new Outcome.Pass(subject, sinceBoot + "; not judged without a window (counters since boot "
                    + "carry every past incident)");
        }
        Window w = window.get();
        Long out = grown(w, now, NetStack::tcpOutSegs, NetStack.Window::tcpOutSegs);
        Long re = grown(w, now, NetStack::tcpRetransSegs, NetStack.Window::tcpRetransSegs);
        if (out == null || re == null) {
            return new Outcome.Unknown(subject, "counters went backwards or were not read twice " + w.label());
        }
        if (out < minSegs) {
            return new Outcome.Pass(subject, out + " segments sent " + w.label() + " (fewer than " + minSegs
                    + ": too few to judge)");
        }
        double ratio = (double) re / out;
        if (ratio <= max) {
            return new Outcome.Pass(subject, Units.percent(ratio) + " of " + out + " segments retransmitted "
                    + w.label());
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("window", w.label());
        evidence.put("windowSeconds", Units.trim(w.seconds()));
        evidence.put("outSegs", String.valueOf(out));
        evidence.put("retransSegs", String.valueOf(re));
        evidence.put("retransmitRatio", Units.percent(ratio));
        evidence.put("sinceBoot", sinceBoot);
        evidence.put("threshold." + MAX_RETRANS, Units.percent(max));
        String why = "The host retransmitted " + re + " of " + out + " TCP segments (" + Units.percent(ratio) + ") "
                + w.label() + " (" + Units.trim(w.seconds()) + " s). Each retransmit stalls that connection for at "
                + "least a round trip and shrinks its congestion window, which shows as produce latency, slower "
                + "follower fetches and ISR shrinks. The counters are host-wide (net/snmp): other traffic on the host "
                + "counts too. The " + Units.percent(max) + " threshold (" + MAX_RETRANS + ") is broker-tuner's own "
                + "heuristic, not from the kernel's or Kafka's documentation. Source: " + Sources.KERNEL_SNMP + ".";
        List<String> apply = List.of(
                Cmd.of("nstat", "-az", "TcpRetransSegs", "TcpExtTCPLostRetransmit").comment("is it still rising?")
                        .line(),
                Cmd.of("ss", "-tin", "state", "established").comment("per connection: retrans, rtt, cwnd").line(),
                Shell.comment("look for drops and errors on the path: NIC counters (ethtool -S), switch ports, "
                        + "a saturated link"));
        return new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, Units.percent(ratio),
                "<= " + Units.percent(max), why, evidence, apply));
    }

    private Outcome listenQueue(Snapshot snapshot, NetStack now, Optional<Window> window) {
        String subject = "tcp listen queue";
        if (now.listenOverflows() == null && now.listenDrops() == null) {
            return new Outcome.Unknown(subject, "TcpExt ListenOverflows/ListenDrops not read from net/netstat");
        }
        String sinceBoot = "since boot ListenOverflows " + now.listenOverflows() + ", ListenDrops "
                + now.listenDrops();
        if (window.isEmpty()) {
            return new Outcome.Pass(subject, sinceBoot + "; not judged without a window");
        }
        Window w = window.get();
        Long overflows = grown(w, now, NetStack::listenOverflows, NetStack.Window::listenOverflows);
        Long drops = grown(w, now, NetStack::listenDrops, NetStack.Window::listenDrops);
        if (overflows == null && drops == null) {
            return new Outcome.Unknown(subject, "counters went backwards or were not read twice " + w.label());
        }
        long o = overflows == null ? 0 : overflows;
        long d = drops == null ? 0 : drops;
        if (o == 0 && d == 0) {
            return new Outcome.Pass(subject, "no listen overflow or drop " + w.label());
        }
        OptionalLong somaxconn = SysctlValues.single(snapshot.host(), "net.core.somaxconn");
        OptionalLong backlog = snapshot.broker().config("socket.listen.backlog.size")
                .map(c -> SysctlValues.parseLong(c.value())).orElse(OptionalLong.empty());
        long kafkaBacklog = backlog.orElse(50);
        long effective = somaxconn.isPresent() ? Math.min(kafkaBacklog, somaxconn.getAsLong()) : kafkaBacklog;
        long recommended = Math.max(RECOMMENDED_BACKLOG, kafkaBacklog);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("window", w.label());
        evidence.put("windowSeconds", Units.trim(w.seconds()));
        evidence.put("listenOverflows", String.valueOf(o));
        evidence.put("listenDrops", String.valueOf(d));
        evidence.put("sinceBoot", sinceBoot);
        evidence.put("socket.listen.backlog.size", backlog.isPresent() ? String.valueOf(backlog.getAsLong())
                : "50 (Kafka's default; the broker's value was not read)");
        evidence.put("net.core.somaxconn", somaxconn.isPresent() ? String.valueOf(somaxconn.getAsLong())
                : "unknown");
        evidence.put("effectiveBacklog", String.valueOf(effective));
        boolean kernelCaps = somaxconn.isPresent() && somaxconn.getAsLong() < recommended;
        String why = "A listening socket's accept queue overflowed " + o + " time(s) and " + d + " SYN(s) were "
                + "dropped " + w.label() + " (" + Units.trim(w.seconds()) + " s): clients connecting then wait for a "
                + "SYN retransmit (1 s, then 2 s, ...) or fail. The accept queue holds min(backlog, "
                + "net.core.somaxconn) = " + effective + " connections here (Kafka asks for socket.listen.backlog.size"
                + ", " + kafkaBacklog + "); a reconnect storm after a broker restart or a leader move fills it. The "
                + "counters are host-wide: another listener on this host may be the one overflowing (ss -ltn shows "
                + "each queue). Raising the backlog to " + recommended + " is broker-tuner's own heuristic, not from "
                + "Kafka's documentation; socket.listen.backlog.size is read-only (rolling restart). Sources: "
                + Sources.KERNEL_SNMP + "; " + Sources.LISTEN_BACKLOG + ".";
        List<String> apply = new ArrayList<>();
        apply.add(Cmd.of("ss", "-ltn").comment("Recv-Q against Send-Q (the backlog) per listening socket").line());
        if (kernelCaps) {
            apply.addAll(SysctlValues.apply(snapshot.host(), "net.core.somaxconn", recommended));
        }
        apply.add(Shell.comment("then socket.listen.backlog.size=" + recommended
                + " in server.properties and a rolling restart (read-only config)"));
        return new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, o + " overflows, " + d + " drops",
                "0 (backlog " + recommended + ")", why, evidence, apply));
    }

    private List<Outcome> nicDrops(Snapshot snapshot, Optional<Window> window, Thresholds t) {
        List<Outcome> out = new ArrayList<>();
        double max = t.get(MAX_DROP, 0.001);
        long minPackets = (long) t.get(MIN_PACKETS, 10000);
        for (Nic nic : BrokerNics.up(snapshot.host())) {
            String subject = "nic " + nic.name() + " drops";
            if (nic.rxDropped() == null || nic.rxPackets() == null) {
                continue;
            }
            String sinceBoot = "since boot rx_dropped " + nic.rxDropped() + " of " + nic.rxPackets()
                    + " packets, tx_dropped " + nic.txDropped() + " of " + nic.txPackets();
            Nic before = window.map(Window::earlier).flatMap(e -> e.host().nics().stream()
                    .filter(n -> n.name().equals(nic.name())).findFirst()).orElse(null);
            if (before == null || before.rxDropped() == null || before.rxPackets() == null) {
                out.add(new Outcome.Pass(subject, sinceBoot + "; not judged without an earlier gathering (counters "
                        + "since boot include frames the stack discards by design, such as unknown protocols)"));
                continue;
            }
            long packets = diff(before.rxPackets(), nic.rxPackets()) + diff(before.txPackets(), nic.txPackets());
            long drops = diff(before.rxDropped(), nic.rxDropped()) + diff(before.txDropped(), nic.txDropped());
            if (packets < minPackets) {
                out.add(new Outcome.Pass(subject, packets + " packets " + window.get().label()
                        + " (too few to judge)"));
                continue;
            }
            double ratio = (double) drops / packets;
            if (ratio <= max) {
                out.add(new Outcome.Pass(subject, drops + " of " + packets + " packets dropped "
                        + window.get().label()));
                continue;
            }
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("nic", nic.name());
            evidence.put("window", window.get().label());
            evidence.put("windowSeconds", Units.trim(window.get().seconds()));
            evidence.put("packets", String.valueOf(packets));
            evidence.put("dropped", String.valueOf(drops));
            evidence.put("sinceBoot", sinceBoot);
            evidence.put("threshold." + MAX_DROP, Units.percent(max));
            String why = nic.name() + " dropped " + drops + " of " + packets + " packets (" + Units.percent(ratio)
                    + ") " + window.get().label() + ": a full receive ring or backlog (bursts the CPU does not drain "
                    + "in time) or a full transmit queue. Each dropped TCP segment is retransmitted, which shows as "
                    + "latency and follower lag. The " + Units.percent(max) + " threshold (" + MAX_DROP + ") is "
                    + "broker-tuner's own heuristic. Source: " + Sources.KERNEL_NET_STATISTICS + ".";
            List<String> apply = KernelNames.isOperand(nic.name()) ? List.of(
                    Cmd.of("ethtool", "-S", nic.name()).comment("which counter: rx_missed, rx_no_buffer, fifo ...")
                            .line(),
                    Cmd.of("ethtool", "-g", nic.name()).comment("ring sizes: raise RX toward the maximum with -G")
                            .line())
                    : List.of(Shell.comment("the interface name starts with '-', so no command names it: read its "
                    + "counters (ethtool -S) and ring sizes (ethtool -g) by hand"));
            out.add(new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, Units.percent(ratio),
                    "<= " + Units.percent(max), why, evidence, apply)));
        }
        return out;
    }

    private static long diff(Long a, Long b) {
        return a == null || b == null || b < a ? 0 : b - a;
    }

    private Outcome conntrack(Snapshot snapshot, NetStack now, Thresholds t) {
        String subject = "nf_conntrack";
        if (now.conntrackCount() == null || now.conntrackMax() == null || now.conntrackMax() <= 0) {
            return new Outcome.Pass(subject, "connection tracking not loaded (no nf_conntrack_count/_max)");
        }
        double max = t.get(MAX_CONNTRACK, 0.8);
        double fill = (double) now.conntrackCount() / now.conntrackMax();
        if (fill <= max) {
            return new Outcome.Pass(subject, now.conntrackCount() + " of " + now.conntrackMax() + " ("
                    + Units.percent(fill) + ")");
        }
        long recommended = Units.nextPowerOfTwo(now.conntrackMax() * 2);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("nf_conntrack_count", String.valueOf(now.conntrackCount()));
        evidence.put("nf_conntrack_max", String.valueOf(now.conntrackMax()));
        evidence.put("fill", Units.percent(fill));
        evidence.put("threshold." + MAX_CONNTRACK, Units.percent(max));
        String why = "The connection-tracking table holds " + now.conntrackCount() + " of " + now.conntrackMax()
                + " entries (" + Units.percent(fill) + "). When it is full the kernel drops new connections (\"nf_"
                + "conntrack: table full, dropping packet\" in the kernel log): clients and followers then fail to "
                + "connect. The " + Units.percent(max) + " threshold (" + MAX_CONNTRACK + ") is broker-tuner's own "
                + "heuristic. Raise the limit (each entry costs a few hundred bytes of kernel memory), or exempt the "
                + "broker's ports from tracking. Source: " + Sources.KERNEL_CONNTRACK + ".";
        List<String> apply = SysctlValues.apply(snapshot.host(), "net.netfilter.nf_conntrack_max", recommended);
        return new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, String.valueOf(now.conntrackMax()),
                String.valueOf(recommended), why, evidence, apply));
    }
}
