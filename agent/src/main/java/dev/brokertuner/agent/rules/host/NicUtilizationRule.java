package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
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
 * Judges sampled NIC utilization (max of rx and tx bytes from {@code <procfs>/net/dev} over the sample window,
 * against link speed) of the broker NICs ({@link BrokerNics}: the interfaces carrying the broker's listeners when
 * those are placed). Above 70%, bursts saturate the link and latency and replication lag rise.
 */
public final class NicUtilizationRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.nic.utilization";
    static final String MAX = "max";

    static final RuleMeta META = new RuleMeta(ID,
            "Broker NICs should be less than 70% utilized over the sample window.",
            Set.of(Source.HOST, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_HW),
            Map.of(MAX, 0.7),
            Set.of(Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double max = thresholds.get(MAX, 0.7);
        HostFacts host = snapshot.host();
        if (host.sampleSeconds() <= 0) {
            return List.of(new Outcome.Unknown("nics", "throughput not sampled (--sample-seconds 0)"));
        }
        List<Outcome> out = new ArrayList<>();
        for (Nic nic : BrokerNics.up(host)) {
            String subject = "nic " + nic.name();
            if (nic.utilization() == null) {
                out.add(new Outcome.Unknown(subject, nic.speedMbps() == null
                        ? "link speed unknown, so utilization cannot be computed"
                        + (nic.speedNote() == null ? "" : " (" + nic.speedNote() + ")") : "utilization not sampled"));
                continue;
            }
            double u = nic.utilization();
            if (u <= max) {
                out.add(new Outcome.Pass(subject, Units.percent(u) + " of " + linkSpeed(nic)));
                continue;
            }
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("nic", nic.name());
            evidence.put("utilization", Units.trim(u * 100) + "%");
            evidence.put("rxBytesPerSec", String.valueOf(nic.rxBytesPerSec()));
            evidence.put("txBytesPerSec", String.valueOf(nic.txBytesPerSec()));
            evidence.put("speedMbps", String.valueOf(nic.speedMbps()));
            evidence.put("speedSource", String.valueOf(nic.speedSource()));
            if (!nic.brokerListeners().isEmpty()) {
                evidence.put("brokerListeners", String.join(",", nic.brokerListeners()));
            }
            evidence.put("sampleSeconds", String.valueOf(host.sampleSeconds()));
            evidence.put("threshold.max", Units.percent(max));
            String why = nic.name() + " carried " + Units.percent(u) + " of its " + linkSpeed(nic) + " link over a "
                    + host.sampleSeconds() + " s sample (rx " + mb(nic.rxBytesPerSec()) + ", tx "
                    + mb(nic.txBytesPerSec()) + "). Kafka traffic is bursty and replication adds to client "
                    + "traffic, so a link this busy on average saturates in bursts: produce latency, consumer lag "
                    + "and follower lag (ISR shrinks) rise. A single short sample can catch a burst: confirm it is "
                    + "sustained. Source: " + Sources.KAFKA_OPS_HW + ".";
            List<String> apply = List.of(
                    Cmd.of("sar", "-n", "DEV", "5").comment("is it sustained?").line(),
                    "# if sustained: a faster link or bond, client quotas, or move partition leadership away");
            out.add(new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, Units.percent(u),
                    "<= " + Units.percent(max), why, evidence, apply)));
        }
        if (out.isEmpty()) {
            out.add(new Outcome.Unknown("nics", "no broker NIC is up"));
        }
        return out;
    }

    private static String linkSpeed(Nic nic) {
        return nic.speedMbps() == null ? "unknown" : Units.linkSpeed(nic.speedMbps());
    }

    private static String mb(Double v) {
        return v == null ? "unknown" : Units.megabytesPerSec(v);
    }
}
