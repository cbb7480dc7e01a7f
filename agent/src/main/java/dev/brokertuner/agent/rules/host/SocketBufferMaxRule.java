package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Judges the kernel's socket-buffer caps {@code net.core.rmem_max} and {@code net.core.wmem_max} against the
 * bandwidth-delay product of the fastest broker NIC at the threshold RTT (1 ms, the product's own heuristic). When the
 * broker's buffers are all -1 (live config, or declared in server.properties), the kernel autotunes them up to the
 * max of {@code net.ipv4.tcp_rmem}/{@code tcp_wmem} and the caps do not apply: those maxima are judged instead, and a
 * host whose maxima hold the product gets no finding. Kafka sets SO_RCVBUF/SO_SNDBUF
 * explicitly (unless -1), and the kernel silently clamps those to these caps. When the broker's buffer configs are
 * known and one of them asks for more than the cap, the clamp is happening now (warning); otherwise the cap only
 * limits a future raise (info).
 */
public final class SocketBufferMaxRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.net.socket-buffer-max";
    static final String RTT_MS = "rttMillis";
    static final String RTT_HEURISTIC = "The round trip is assumed (threshold rttMillis, 1 ms by default: "
            + "broker-tuner's own heuristic for a LAN, not a figure from Kafka's documentation), since no peer round "
            + "trip was measured.";

    static final RuleMeta META = new RuleMeta(ID,
            "net.core.rmem_max/wmem_max should hold the bandwidth-delay product of the fastest NIC at 1 ms, "
                    + "or Kafka's socket buffers are silently clamped (with a measured peer round trip, "
                    + "broker.socket.buffers judges the caps instead).",
            Set.of(Source.HOST),
            List.of(Sources.KAFKA_OPS_OS, Sources.KERNEL_IP_SYSCTL, Sources.KAFKA_SOCKET_SERVER,
                    Sources.TIERNEY_BDP,
                    "broker-tuner's own heuristic: the assumed 1 ms round trip (rttMillis) when no peer round trip is "
                            + "measured"),
            Map.of(RTT_MS, 1.0),
            Set.of(Severity.INFO, Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double rttMs = thresholds.get(RTT_MS, 1.0);
        Optional<Nic> fastest = BrokerNics.fastestUp(snapshot.host());
        if (fastest.isEmpty()) {
            return List.of(new Outcome.Unknown("net.core.rmem_max/wmem_max",
                    "no NIC speed known, so the bandwidth-delay product cannot be computed"));
        }
        if (snapshot.broker().ok() && snapshot.broker().peers().stream()
                .anyMatch(p -> p.rttMillis() != null && p.rttMillis() > 0)) {
            // The broker rule sizes the same caps from the measured round trip: one recommendation, not two.
            String why = "judged by broker.socket.buffers with the measured peer round trip instead of an assumed "
                    + rttMs + " ms";
            return List.of(new Outcome.Pass("net.core.rmem_max", why), new Outcome.Pass("net.core.wmem_max", why));
        }
        Nic nic = fastest.get();
        long bdp = (long) Math.ceil(nic.speedMbps() * 1e6 / 8 * rttMs / 1000);
        long recommended = Units.nextPowerOfTwo(bdp);
        List<Outcome> out = new ArrayList<>();
        List<String> receive = List.of("socket.receive.buffer.bytes", "replica.socket.receive.buffer.bytes");
        List<String> send = List.of("socket.send.buffer.bytes");
        out.add(autotuned(snapshot.broker(), receive)
                ? judgeAutotune(snapshot, "net.ipv4.tcp_rmem", "net.core.rmem_max", receive, nic, rttMs, bdp,
                recommended)
                : judge(snapshot, "net.core.rmem_max", receive, nic, rttMs, bdp, recommended));
        out.add(autotuned(snapshot.broker(), send)
                ? judgeAutotune(snapshot, "net.ipv4.tcp_wmem", "net.core.wmem_max", send, nic, rttMs, bdp,
                recommended)
                : judge(snapshot, "net.core.wmem_max", send, nic, rttMs, bdp, recommended));
        return out;
    }

    /**
     * True when every one of these buffer configs is known (live, or declared in server.properties) and -1: the
     * kernel autotunes those sockets, bounded by tcp_rmem/tcp_wmem's max, and rmem_max/wmem_max do not apply.
     */
    static boolean autotuned(BrokerFacts broker, List<String> configs) {
        return configs.stream().allMatch(name -> broker.config(name)
                .map(c -> SysctlValues.parseLong(c.value())).filter(v -> v.isPresent() && v.getAsLong() == -1)
                .isPresent());
    }

    /** With -1 buffers: the autotuning max (third field of tcp_rmem/tcp_wmem) against the product. */
    private Outcome judgeAutotune(Snapshot snapshot, String sysctl, String cap, List<String> kafkaConfigs, Nic nic,
                                  double rttMs, long bdp, long recommended) {
        OptionalLong max = SysctlValues.field(snapshot.host(), sysctl, 2);
        if (max.isEmpty()) {
            return new Outcome.Unknown(sysctl, String.join(", ", kafkaConfigs) + " = -1 (autotuning), but the max of "
                    + sysctl + " was not read");
        }
        String configs = String.join(", ", kafkaConfigs.stream().map(c -> c + "=-1").toList());
        if (max.getAsLong() >= bdp) {
            return new Outcome.Pass(sysctl, configs + ": autotuning up to " + sysctl + " max " + max.getAsLong()
                    + " >= " + bdp + " B (BDP of " + nic.name() + " at " + Units.trim(rttMs) + " ms); " + cap
                    + " does not apply");
        }
        String current = snapshot.host().sysctl(sysctl).orElse("");
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(sysctl, current);
        kafkaConfigs.forEach(c -> evidence.put(c, "-1"));
        evidence.put("nic", nic.name());
        evidence.put("nic.speedMbps", String.valueOf(nic.speedMbps()));
        evidence.put("threshold.rttMillis", Units.trim(rttMs));
        evidence.put("bandwidthDelayProduct", String.valueOf(bdp));
        String why = "The broker leaves " + String.join(" and ", kafkaConfigs) + " at -1, so the kernel autotunes "
                + "these sockets up to the max of " + sysctl + " (" + Units.bytes(max.getAsLong()) + "); " + cap
                + " does not bound them. A " + Units.linkSpeed(nic.speedMbps()) + " link (" + nic.name() + ") at "
                + Units.trim(rttMs) + " ms round trip holds " + Units.bytes(bdp) + " in flight, and one TCP "
                + "connection moves at most window / RTT. " + RTT_HEURISTIC + " Raise the max so autotuning can "
                + "grow the window to the product. Sources: " + Sources.KERNEL_IP_SYSCTL + "; "
                + Sources.KAFKA_SOCKET_SERVER + "; " + Sources.TIERNEY_BDP + ".";
        long min = Units.field(current, 0).orElse(4096);
        long def = Units.field(current, 1).orElse(sysctl.endsWith("rmem") ? 131072 : 16384);
        List<String> apply = SysctlValues.apply(snapshot.host(), sysctl, min + " " + def + " " + recommended);
        return new Outcome.Recommend(new Finding(ID, Severity.INFO, sysctl, current, min + " " + def + " "
                + recommended, why, evidence, apply));
    }

    private Outcome judge(Snapshot snapshot, String sysctl, List<String> kafkaConfigs, Nic nic, double rttMs,
                          long bdp, long recommended) {
        OptionalLong value = SysctlValues.single(snapshot.host(), sysctl);
        if (value.isEmpty()) {
            return new Outcome.Unknown(sysctl, sysctl + " not readable");
        }
        long cap = value.getAsLong();
        if (cap >= bdp) {
            return new Outcome.Pass(sysctl, sysctl + "=" + cap + " >= " + bdp + " B (BDP of " + nic.name() + ")");
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(sysctl, String.valueOf(cap));
        evidence.put("nic", nic.name());
        evidence.put("nic.speedMbps", String.valueOf(nic.speedMbps()));
        evidence.put("threshold.rttMillis", Units.trim(rttMs));
        evidence.put("bandwidthDelayProduct", String.valueOf(bdp));
        List<String> clamped = new ArrayList<>();
        BrokerFacts broker = snapshot.broker();
        if (broker.ok() || !broker.configs().isEmpty()) {
            for (String name : kafkaConfigs) {
                ConfigValue c = broker.configs().get(name);
                if (c == null) {
                    continue;
                }
                evidence.put(name, String.valueOf(c.value()));
                OptionalLong v = SysctlValues.parseLong(c.value());
                if (v.isPresent() && v.getAsLong() > cap) {
                    clamped.add(name + "=" + v.getAsLong());
                }
            }
        }
        Severity severity = clamped.isEmpty() ? Severity.INFO : Severity.WARNING;
        String why = "A " + Units.linkSpeed(nic.speedMbps()) + " link (" + nic.name() + ") with " + Units.trim(rttMs)
                + " ms round trip holds " + Units.bytes(bdp) + " in flight (bandwidth x RTT = " + nic.speedMbps()
                + " Mb/s / 8 x " + Units.trim(rttMs) + " ms); one TCP connection moves at most window / RTT. "
                + RTT_HEURISTIC + " Kafka "
                + "calls setsockopt(SO_RCVBUF/SO_SNDBUF) with its socket.*.buffer.bytes unless they are -1, which "
                + "turns off the kernel's autotuning for that socket, and the kernel silently clamps the value to "
                + sysctl + " (" + Units.bytes(cap) + ") without an error. "
                + (clamped.isEmpty()
                ? (broker.ok() || !broker.configs().isEmpty()
                ? "This broker's buffers fit under the cap, so nothing is clamped now; "
                : "The broker's buffers were not read; Kafka's defaults (100 KiB) fit under the cap, ")
                + "but raising them for high-bandwidth or cross-zone links has no effect until " + sysctl
                + " is raised too. "
                : "This broker asks for " + String.join(", ", clamped) + ", above the cap: it is being clamped to "
                + Units.bytes(cap) + " now. ")
                + "Alternatively set the Kafka buffers to -1 and size net.ipv4.tcp_rmem/tcp_wmem's max instead "
                + "(autotuning is bounded by those, not by " + sysctl + "). Sources: " + Sources.KAFKA_OPS_OS + "; "
                + Sources.KERNEL_IP_SYSCTL + "; " + Sources.KAFKA_SOCKET_SERVER + "; " + Sources.TIERNEY_BDP + ".";
        List<String> apply = new ArrayList<>(SysctlValues.apply(snapshot.host(), sysctl, recommended));
        apply.add(Shell.comment("then set " + String.join(" / ", kafkaConfigs) + " (read-only: rolling restart) to "
                + "at most " + recommended + ", or -1 for autotuning"));
        return new Outcome.Recommend(new Finding(ID, severity, sysctl, String.valueOf(cap),
                String.valueOf(recommended), why, evidence, apply));
    }
}
