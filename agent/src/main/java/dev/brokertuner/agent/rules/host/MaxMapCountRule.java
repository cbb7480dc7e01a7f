package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.broker.LogSegments;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Judges {@code vm.max_map_count} ({@code <procfs>/sys/vm/max_map_count}). Every log segment keeps its offset and
 * time index memory-mapped, two map areas per segment, and a broker that runs out of map areas dies with
 * {@code OutOfMemoryError: Map failed}. Without broker facts the need is unknown, so a limit below 262144 (a common
 * operator choice with headroom over the kernel default of 65530, not a sourced minimum) is only worth knowing; with
 * them (map areas in use from {@code <procfs>/PID/maps}, partition count from JMX, {@code log.segment.bytes} and bytes
 * per data dir from AdminClient) it estimates the real need.
 */
public final class MaxMapCountRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.vm.max-map-count";
    static final String MIN = "min";
    static final String HEADROOM = "headroom";
    static final String USE_WARN = "useRatioWarning";
    static final String USE_CRIT = "useRatioCritical";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "vm.max_map_count must cover two map areas per log segment with headroom, sized from the broker's "
                + "partitions, segments and maps in use when the broker is read; without broker facts, a limit below "
                + "262144 (a common operator choice with headroom, not a sourced minimum) is info.";
    }

    @Override
    public Set<Source> requires() {
        return Set.of(Source.HOST);
    }

    @Override
    public Map<String, Double> thresholds() {
        return Map.of(MIN, 262144.0, HEADROOM, 0.5, USE_WARN, 0.7, USE_CRIT, 0.9);
    }

    @Override
    public Set<Severity> severities() {
        return Set.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL);
    }

    @Override
    public List<String> sources() {
        return List.of(Sources.KAFKA_OPS_OS, Sources.KERNEL_MM);
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        long min = (long) thresholds.get(MIN, 262144);
        double headroom = thresholds.get(HEADROOM, 0.5);
        double useWarn = thresholds.get(USE_WARN, 0.7);
        double useCrit = thresholds.get(USE_CRIT, 0.9);
        String subject = "vm.max_map_count";
        OptionalLong value = SysctlValues.single(snapshot.host(), "vm.max_map_count");
        if (value.isEmpty()) {
            return List.of(new Outcome.Unknown(subject, "vm.max_map_count not readable"));
        }
        long limit = value.getAsLong();
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("vm.max_map_count", String.valueOf(limit));
        evidence.put("threshold.min", String.valueOf(min));

        BrokerFacts broker = snapshot.broker();
        Long inUse = broker.ok() && broker.process() != null ? broker.process().mapCount() : null;
        LogSegments estimate = LogSegments.of(broker).orElse(null);

        if (inUse == null && estimate == null) {
            // The need is unknown: only say how the limit compares with a common choice.
            if (limit >= min) {
                return List.of(new Outcome.Pass(subject, "vm.max_map_count=" + limit));
            }
            String why = "Each log segment uses two map areas (its offset index and time index are memory-mapped), "
                    + "and a broker that hits vm.max_map_count fails with OutOfMemoryError (Map failed). The kernel "
                    + "default is 65530; Kafka's documentation shows 50,000 partitions needing 100,000 map areas "
                    + "with one segment each, and every older segment adds two more. " + limit + " covers about "
                    + (limit / 2) + " segments in total. " + (broker.ok()
                    ? "The broker's partition count and map areas in use were not read" : "The broker was not read")
                    + ", so the real need is unknown and the limit may well be enough. " + min + " is a common "
                    + "operator choice with headroom (not a sourced minimum); run the agent with broker access to "
                    + "size it from the broker's segments and map areas in use. Sources: " + Sources.KAFKA_OPS_OS
                    + "; " + Sources.KERNEL_MM + ".";
            return List.of(new Outcome.Recommend(new Finding(ID, Severity.INFO, subject, String.valueOf(limit),
                    String.valueOf(min), why, evidence, SysctlValues.apply(snapshot.host(), "vm.max_map_count", min))));
        }

        long needed = 0;
        StringBuilder how = new StringBuilder();
        if (estimate != null) {
            evidence.put("broker.partitionCount", String.valueOf(estimate.partitions()));
            evidence.put("log.segment.bytes", estimate.segmentBytesText());
            if (estimate.dataBytes() != null) {
                evidence.put("broker.logDirBytes", String.valueOf(estimate.dataBytes()));
            }
            evidence.put("estimatedSegments", String.valueOf(estimate.segments()));
            needed = (long) Math.ceil(estimate.segments() * 2 * (1 + headroom));
            how.append(estimate.explanation()).append(" Two map areas per segment plus ")
                    .append(Units.percent(headroom)).append(" headroom: ").append(needed).append(". ");
        }
        if (inUse != null) {
            evidence.put("broker.mapCount", String.valueOf(inUse));
            long fromUse = (long) Math.ceil(inUse * (1 + headroom));
            if (fromUse > needed) {
                needed = fromUse;
            }
            how.append("The broker has ").append(inUse).append(" map areas now (").append(Units.percent(
                    (double) inUse / limit)).append(" of the limit). ");
        }
        evidence.put("estimatedNeed", String.valueOf(needed));
        long recommended = Math.max(min, needed);
        double use = inUse == null ? 0 : (double) inUse / limit;
        long bare = estimate == null ? 0 : estimate.segments() * 2;
        Severity severity;
        if (use >= useCrit || bare > limit) {
            severity = Severity.CRITICAL;
        } else if (use >= useWarn || needed > limit) {
            severity = Severity.WARNING;
        } else if (limit < min) {
            severity = Severity.INFO;
        } else {
            return List.of(new Outcome.Pass(subject, "vm.max_map_count=" + limit + ", estimated need " + needed
                    + (inUse == null ? "" : ", in use " + inUse)));
        }
        String why = "Each log segment uses two map areas (offset index and time index are memory-mapped); a "
                + "broker that reaches vm.max_map_count fails with OutOfMemoryError (Map failed) and stops. " + how
                + (severity == Severity.INFO ? "The limit covers today's need, but it is below " + min + " (a common "
                + "operator choice with headroom, not a sourced minimum) and leaves little room for more partitions "
                + "or retention. " : "")
                + "Sources: " + Sources.KAFKA_OPS_OS + "; " + Sources.KERNEL_MM + ".";
        return List.of(new Outcome.Recommend(new Finding(ID, severity, subject, String.valueOf(limit),
                String.valueOf(recommended), why, evidence, SysctlValues.apply(snapshot.host(), "vm.max_map_count", recommended))));
    }
}
