package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.rules.host.BrokerNics;
import dev.brokertuner.agent.rules.host.SysctlValues;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Peer;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Judges the broker's socket buffers ({@code socket.send.buffer.bytes}, {@code socket.receive.buffer.bytes},
 * {@code replica.socket.receive.buffer.bytes}) against the bandwidth-delay product of the fastest broker NIC at the
 * largest measured peer round trip, and against the kernel: an explicit buffer turns off autotuning and is silently
 * clamped to {@code net.core.rmem_max}/{@code wmem_max}; {@code -1} leaves the socket to autotuning, bounded by the
 * max of {@code net.ipv4.tcp_rmem}/{@code tcp_wmem}. A short buffer caps each connection at buffer / RTT. The fix
 * picks the change that touches least: {@code -1} when the autotuning max already holds the product, an explicit
 * value when the cap does, else {@code -1} with the autotuning max raised. These configs are read-only, so the apply
 * lines are {@code server.properties} lines and a rolling restart.
 */
public final class SocketBuffersRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.socket.buffers";
    static final String WARN_RATIO = "warningBelowRatio";
    static final String NEAR_CAP = "measuredNearCapRatio";

    /** One buffer config: which kernel cap clamps it and which autotuning max bounds it at -1. */
    record Buffer(String config, String cap, String autotune, String carries) {
    }

    private static final List<Buffer> BUFFERS = List.of(
            new Buffer("socket.send.buffer.bytes", "net.core.wmem_max", "net.ipv4.tcp_wmem",
                    "responses to consumers and followers (set on every accepted socket)"),
            new Buffer("socket.receive.buffer.bytes", "net.core.rmem_max", "net.ipv4.tcp_rmem",
                    "requests from producers (set on the listening socket, inherited by accepted ones)"),
            new Buffer("replica.socket.receive.buffer.bytes", "net.core.rmem_max", "net.ipv4.tcp_rmem",
                    "this broker's follower fetches from each leader (one connection per fetcher and leader)"));

    static final RuleMeta META = new RuleMeta(ID,
            "socket.send/receive.buffer.bytes and replica.socket.receive.buffer.bytes should hold NIC speed x measured "
                    + "peer RTT, within the kernel caps (or -1 with tcp_rmem/tcp_wmem sized); rolling restart.",
            Set.of(Source.HOST, Source.BROKER, Source.WINDOW),
            List.of(Sources.KAFKA_SOCKET_SERVER, Sources.KERNEL_IP_SYSCTL, Sources.TIERNEY_BDP,
                    Sources.KAFKA_BROKER_CONFIGS,
                    "broker-tuner's own heuristic: a warning needs both a buffer below warningBelowRatio (0.5) of the "
                            + "product and measured replication bytes per connection at measuredNearCapRatio (0.8) of "
                            + "buffer / RTT; otherwise info"),
            Map.of(WARN_RATIO, 0.5, NEAR_CAP, 0.8),
            Set.of(Severity.INFO, Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double warnRatio = thresholds.get(WARN_RATIO, 0.5);
        BrokerFacts broker = snapshot.broker();
        List<Outcome> out = new ArrayList<>();
        if (!broker.ok()) {
            BUFFERS.forEach(b -> out.add(new Outcome.Unknown(b.config(), "broker not read ("
                    + broker.status().wire() + ")")));
            return out;
        }
        Optional<Nic> nic = BrokerNics.fastestUp(snapshot.host());
        Optional<Peer> far = broker.peers().stream().filter(p -> p.rttMillis() != null && p.rttMillis() > 0)
                .max(Comparator.comparingDouble(Peer::rttMillis));
        for (Buffer b : BUFFERS) {
            Optional<ConfigValue> c = broker.config(b.config());
            OptionalLong value = c.map(v -> Units.parseLong(v.value())).orElse(OptionalLong.empty());
            if (value.isEmpty()) {
                out.add(new Outcome.Unknown(b.config(), b.config() + " not read from describeConfigs"));
            } else if (nic.isEmpty()) {
                out.add(new Outcome.Unknown(b.config(), "no broker NIC with a known speed, so the bandwidth-delay "
                        + "product cannot be computed"));
            } else if (far.isEmpty()) {
                out.add(new Outcome.Unknown(b.config(), "no peer round trip measured (single broker, or peers "
                        + "unreachable), so the bandwidth-delay product cannot be computed"));
            } else {
                out.add(judge(snapshot, b, c.get(), value.getAsLong(), nic.get(), far.get(), warnRatio,
                        thresholds.get(NEAR_CAP, 0.8)));
            }
        }
        return out;
    }

    private Outcome judge(Snapshot snapshot, Buffer b, ConfigValue config, long value, Nic nic, Peer peer,
                          double warnRatio, double nearCap) {
        double rtt = peer.rttMillis();
        long bdp = Units.ceil(nic.speedMbps() * 1e6 / 8 * rtt / 1000);
        long target = Units.nextPowerOfTwo(bdp);
        OptionalLong cap = Units.parseLong(snapshot.host().sysctl(b.cap()).orElse(null));
        String autotuneText = snapshot.host().sysctl(b.autotune()).orElse(null);
        OptionalLong autotuneMax = Units.field(autotuneText, 2);

        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(b.config(), String.valueOf(value));
        evidence.put(b.config() + ".source", String.valueOf(config.source()));
        evidence.put("nic", nic.name());
        evidence.put("nic.speedMbps", String.valueOf(nic.speedMbps()));
        evidence.put("peer", "node " + peer.nodeId() + " " + peer.host() + ":" + peer.port());
        evidence.put("peer.rttMillis", Units.exact(rtt));
        evidence.put("bandwidthDelayProduct", String.valueOf(bdp));
        evidence.put(b.cap(), cap.isPresent() ? String.valueOf(cap.getAsLong()) : "unknown");
        evidence.put(b.autotune(), autotuneText == null ? "unknown" : autotuneText);
        String bdpText = Units.linkSpeed(nic.speedMbps()) + " (" + nic.name() + ") x " + Units.exact(rtt)
                + " ms (largest measured peer round trip, to node " + peer.nodeId() + ") = " + Units.bytes(bdp);

        long effective;
        String now;
        if (value != -1 && value <= 0) {
            return new Outcome.Unknown(b.config(), b.config() + "=" + value + " is neither -1 nor a size");
        }
        if (value == -1) {
            if (autotuneMax.isEmpty()) {
                return new Outcome.Unknown(b.config(), b.config() + "=" + value + " leaves the socket to autotuning, "
                        + "but the max of " + b.autotune() + " was not read");
            }
            effective = autotuneMax.getAsLong();
            if (effective >= bdp) {
                return new Outcome.Pass(b.config(), b.config() + "=" + value + " (autotuning up to " + b.autotune()
                        + " max " + effective + " >= " + bdp + " B, " + bdpText + ")");
            }
            now = "autotuning up to " + b.autotune() + "'s max, " + Units.bytes(effective);
        } else {
            if (cap.isPresent() && value > cap.getAsLong()) {
                effective = cap.getAsLong();
                now = Units.bytes(value) + " asked, silently clamped to " + b.cap() + " = "
                        + Units.bytes(effective);
            } else {
                effective = value;
                now = Units.bytes(value) + ", fixed (autotuning off)";
            }
            if (effective >= bdp) {
                if (cap.isEmpty()) {
                    return new Outcome.Unknown(b.config(), b.config() + "=" + value + " holds " + bdpText
                            + ", but " + b.cap() + " was not read, so whether the kernel clamps it is unknown");
                }
                return new Outcome.Pass(b.config(), b.config() + "=" + value + " (effective " + effective + " >= "
                        + bdp + " B, " + bdpText + ")");
            }
        }
        evidence.put("effectiveBytes", String.valueOf(effective));
        double perConnection = effective / (rtt / 1000);
        OptionalDouble measured = measuredPerConnection(snapshot.broker(), b);
        measured.ifPresent(m -> evidence.put("measuredBytesPerSecPerConnection", Units.trim(m)));
        evidence.put("capBytesPerSecPerConnection", Units.trim(perConnection));
        boolean capShows = measured.isPresent() && measured.getAsDouble() >= nearCap * perConnection;
        Severity severity = effective < warnRatio * bdp && capShows ? Severity.WARNING : Severity.INFO;
        String measuredText = measured.isEmpty()
                ? " No per-connection throughput is measured for this buffer, so this is info, not a warning."
                : " Measured replication traffic is about " + Units.megabytesPerSec(measured.getAsDouble())
                + " per connection" + (capShows ? ", at the cap: the buffer limits replication now."
                : ", below the cap, so the buffer is not what limits it now (info).");
        double link = nic.speedMbps() * 1e6 / 8;

        // The change that touches least.
        String recommended;
        List<String> kafkaLines = new ArrayList<>();
        List<String> kernelLines = new ArrayList<>();
        String plan;
        if (value > 0 && autotuneMax.isPresent() && autotuneMax.getAsLong() >= bdp) {
            recommended = "-1";
            kafkaLines.add(b.config() + "=-1");
            plan = "Set it to -1: the kernel's autotuning max (" + b.autotune() + " max " + Units.bytes(
                    autotuneMax.getAsLong()) + ") already holds the product, and autotuning grows buffers only on "
                    + "connections that need them. Alternatively " + target + " with " + b.cap() + " >= " + target
                    + ".";
        } else if (value > 0 && cap.isPresent() && cap.getAsLong() >= target) {
            recommended = String.valueOf(target);
            kafkaLines.add(b.config() + "=" + target);
            plan = "Set it to " + target + " (the product rounded up to a power of two), which " + b.cap() + " ("
                    + Units.bytes(cap.getAsLong()) + ") allows; or -1 with " + b.autotune() + " max raised to "
                    + target + ".";
        } else {
            recommended = "-1 with " + b.autotune() + " max " + target;
            if (value > 0) {
                kafkaLines.add(b.config() + "=-1");
            }
            kernelLines.addAll(autotuneLines(snapshot.host(), b.autotune(), autotuneText, target));
            plan = (value > 0 ? "Set it to -1 and raise " : "Raise ") + b.autotune() + "'s max to " + target
                    + " so autotuning can grow the window to the product. The alternative, an explicit " + target
                    + ", needs " + b.cap() + " raised to at least that too (the kernel clamps silently).";
        }
        String why = "This buffer carries " + b.carries() + ". One TCP connection moves at most window / RTT, and the "
                + "window needed to fill the link is bandwidth x RTT: " + bdpText + ". Now: " + now + ", which caps "
                + "one connection at about " + Units.megabytesPerSec(perConnection) + " where the link carries "
                + Units.megabytesPerSec(link) + " (" + Units.percent(effective / (double) bdp)
                + " of the product). Kafka calls setsockopt with an explicit value unless it is -1, which turns "
                + "off the kernel's autotuning for that socket and is clamped to " + b.cap() + " without an error. "
                + measuredText + " " + plan + " Client round trips are not measured; clients further away than the peers need more. "
                + "The buffer configs are read-only: a rolling restart applies them. Sources: "
                + String.join("; ", sources()) + ".";
        List<String> apply = new ArrayList<>(kernelLines);
        if (!kafkaLines.isEmpty()) {
            if (config.readOnly()) {
                apply.addAll(BrokerConfigs.rollingRestart(kafkaLines));
            } else {
                apply.add(BrokerConfigs.alterBroker(snapshot.broker(), b.config(), kafkaLines.get(0)
                        .substring(b.config().length() + 1)));
            }
        }
        if (!kernelLines.isEmpty()) {
            apply.add("# alternative, an explicit buffer: raise the cap, then set the buffer (both needed):");
            apply.add(Shell.comment("  " + SysctlValues.entry(b.cap(), String.valueOf(target)) + " in "
                    + SysctlValues.DROP_IN + ", then " + Cmd.of("sysctl", "-w", b.cap() + "=" + target).line()));
            apply.add(Shell.comment("  " + b.config() + "=" + target + " in server.properties, rolling restart"));
        }
        return new Outcome.Recommend(new Finding(ID, severity, b.config(), String.valueOf(value), recommended, why,
                evidence, BrokerConfigs.withCommandConfigNote(apply)));
    }

    /**
     * Replication bytes per fetch connection over the window: follower fetches into this broker
     * ({@code replica.socket.receive.buffer.bytes}: ReplicationBytesIn over num.replica.fetchers x peers) and out of
     * it ({@code socket.send.buffer.bytes}: ReplicationBytesOut over the same count). Client connections are not
     * counted, so {@code socket.receive.buffer.bytes} has no measure.
     */
    static OptionalDouble measuredPerConnection(BrokerFacts broker, Buffer b) {
        long fetchers = broker.config("num.replica.fetchers").map(c -> Units.parseLong(c.value()))
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).orElse(1L);
        long connections = Math.max(1, fetchers) * broker.peers().size();
        Double rate = switch (b.config()) {
            case "replica.socket.receive.buffer.bytes" -> broker.metrics().replicationBytesInPerSec();
            case "socket.send.buffer.bytes" -> broker.metrics().replicationBytesOutPerSec();
            default -> null;
        };
        return rate == null || connections == 0 ? OptionalDouble.empty() : OptionalDouble.of(rate / connections);
    }

    /** The sysctl.d and sysctl -w lines that raise the max (third field) of tcp_rmem/tcp_wmem, keeping the others. */
    static List<String> autotuneLines(HostFacts host, String name, String current, long max) {
        long min = Units.field(current, 0).orElse(4096);
        long def = Units.field(current, 1).orElse(name.endsWith("rmem") ? 131072 : 16384);
        String v = min + " " + def + " " + max;
        return SysctlValues.apply(host, name, v);
    }
}
