package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the link speed of the NICs that carry broker traffic ({@code <sysfs>/class/net/IF/speed}, or the operator's
 * declared speed where the kernel reports none): the interfaces the broker's listeners are placed on when known (a
 * slower management NIC without a listener is a fact, never a finding), else every up interface that is not a bond
 * member (a bond counts at its own speed), a veth or other virtual device, or container plumbing; of those, only the
 * fastest up link is judged, since whichever carries the broker is at best that fast (when an up candidate's speed
 * is unknown, the fastest is not known either: a slower known link is then Unknown, not a warning). Below 10 Gb/s caps what the broker can
 * move for producers, consumers and replication together; the 10 Gb/s threshold is this product's own heuristic (Kafka's
 * documentation names no NIC speed). Unknown speed (virtual NICs, link down) makes no claim.
 */
public final class NicSpeedRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.nic.speed";
    static final String MIN_MBPS = "minMbps";
    static final String HEURISTIC = "broker-tuner's own heuristic: the 10 Gb/s default threshold (minMbps) is this "
            + "product's choice, not from Kafka's documentation, which names no NIC speed";

    static final RuleMeta META = new RuleMeta(ID,
            "The broker's NIC should run at 10 Gb/s or more (the product's own heuristic); says what a slower "
                    + "link caps.",
            Set.of(Source.HOST),
            List.of(HEURISTIC, Sources.TIERNEY_BDP),
            Map.of(MIN_MBPS, 10000.0),
            Set.of(Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        long min = (long) thresholds.get(MIN_MBPS, 10000);
        HostFacts host = snapshot.host();
        List<Nic> candidates = BrokerNics.candidates(host);
        if (candidates.isEmpty()) {
            return List.of(new Outcome.Unknown("nics", host.nics().isEmpty()
                    ? "no network interface visible (a container without the host's network namespace?)"
                    : "only veth, virtual or bond-member interfaces visible (" + String.join(", ",
                    host.nics().stream().map(Nic::name).toList()) + "): a pod's view, whose link speed the node "
                    + "knows"));
        }
        List<Outcome> out = new ArrayList<>();
        for (Nic other : BrokerNics.withoutListeners(host)) {
            if (other.brokerListeners().isEmpty() && BrokerNics.plumbing(other)) {
                continue; // a node's hundred pod veths are not worth a line each
            }
            out.add(new Outcome.Pass("nic " + other.name(), (other.speedMbps() == null ? "speed unknown"
                    : Units.linkSpeed(other.speedMbps())) + (other.brokerListeners().isEmpty()
                    ? ", carries no broker listener: not judged"
                    : ", a " + other.kind() + " on the way to the node's own link, which is judged instead")));
        }
        List<Nic> up = BrokerNics.up(host);
        boolean mapped = BrokerNics.mapped(host);
        java.util.Optional<Nic> fastest = BrokerNics.fastestUp(host);
        List<String> unknownSpeed = up.stream().filter(n -> n.speedMbps() == null).map(Nic::name).toList();
        for (Nic nic : candidates) {
            String subject = "nic " + nic.name();
            if (BrokerNics.isDown(nic)) {
                if (up.isEmpty()) {
                    out.add(new Outcome.Unknown(subject, "link " + nic.operstate()
                            + (nic.speedMbps() == null ? ", speed unknown" : ", " + nic.speedMbps() + " Mb/s")));
                }
                continue;
            }
            if (nic.speedMbps() == null) {
                out.add(new Outcome.Unknown(subject, nic.speedNote() != null ? nic.speedNote()
                        : "link speed unknown (speed is -1, empty or missing: a virtual NIC or a driver that does "
                        + "not report it); declare it with nics." + nic.name() + ".speedMbps in agent.yaml or "
                        + "--nic-speed " + nic.name() + "=MBPS"));
                continue;
            }
            long mbps = nic.speedMbps();
            if (!mapped && fastest.isPresent() && !fastest.get().name().equals(nic.name())) {
                out.add(new Outcome.Pass(subject, Units.linkSpeed(mbps) + ": no listener is placed on an interface, "
                        + "so the host's fastest link (" + fastest.get().name() + ") is the one judged"));
                continue;
            }
            if (mbps >= min) {
                out.add(new Outcome.Pass(subject, Units.linkSpeed(mbps)));
                continue;
            }
            if (!mapped && !unknownSpeed.isEmpty()) {
                // the fastest up link is not known: the broker may be on the unknown-speed one
                out.add(new Outcome.Unknown(subject, Units.linkSpeed(mbps) + ", but no listener is placed on an "
                        + "interface and the speed of " + String.join(", ", unknownSpeed) + " is unknown, so the "
                        + "host's fastest up link is not known; declare "
                        + (unknownSpeed.size() == 1 ? "it" : "them") + " with nics.<if>.speedMbps in agent.yaml or "
                        + "--nic-speed <if>=MBPS (e.g. nics." + unknownSpeed.get(0) + ".speedMbps), or give "
                        + "--server-properties so the broker's interfaces are known"));
                continue;
            }
            double bytesPerSec = mbps * 1e6 / 8;
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("nic", nic.name());
            evidence.put("speedMbps", String.valueOf(mbps));
            evidence.put("speedSource", String.valueOf(nic.speedSource()));
            if (!nic.brokerListeners().isEmpty()) {
                evidence.put("brokerListeners", String.join(",", nic.brokerListeners()));
            }
            evidence.put("chosenAs", BrokerNics.choice(host));
            evidence.put("operstate", String.valueOf(nic.operstate()));
            evidence.put("duplex", String.valueOf(nic.duplex()));
            if (!nic.bondMembers().isEmpty()) {
                evidence.put("bondMembers", String.join(",", nic.bondMembers()));
            }
            evidence.put("threshold.minMbps", String.valueOf(min));
            String why = nic.name() + (nic.brokerListeners().isEmpty() ? "" : " (carrying the broker's listener "
                    + String.join(", ", nic.brokerListeners()) + ")") + " links at " + Units.linkSpeed(mbps)
                    + (nic.speedDeclared() ? " (declared by the operator; the kernel reports no speed)" : "")
                    + ": at most about "
                    + Units.megabytesPerSec(bytesPerSec) + " each way for everything this broker moves: produce "
                    + "traffic in, consumer fetches out, and replication in and out (with replication factor 3 each "
                    + "produced byte also leaves the leader twice to followers)"
                    + ("half".equals(nic.duplex()) ? "; the link is half duplex, which halves it again" : "")
                    + (mapped ? "" : ". No listener was placed on an interface (give --server-properties, or let "
                    + "the agent read the broker), so this is the host's fastest up link")
                    + ". The " + Units.linkSpeed(min) + " threshold is broker-tuner's own heuristic (threshold "
                    + MIN_MBPS + "), not a figure from Kafka's documentation; compare the cap with the traffic this "
                    + "broker must carry at peak.";
            List<String> apply = List.of(
                    KernelNames.isOperand(nic.name())
                            ? Cmd.of("ethtool", nic.name()).comment("supported link modes: is the port or cable "
                            + "limiting it?").line()
                            : Shell.comment("the interface name starts with '-', so no command names it: check its "
                            + "supported link modes with ethtool by hand"),
                    "# move broker traffic to a 10 Gb/s (or faster) interface, or bond several links,",
                    "# and make the broker's listeners and advertised.listeners use it");
            out.add(new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, Units.linkSpeed(mbps),
                    ">= " + Units.linkSpeed(min), why, evidence, apply)));
        }
        return out;
    }
}
