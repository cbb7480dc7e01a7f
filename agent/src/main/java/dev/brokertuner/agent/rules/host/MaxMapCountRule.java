package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
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
    static final String HEURISTIC = "broker-tuner's own heuristics, not from Kafka's documentation: the headroom "
            + "(50%), the warning (useRatioWarning, 70%) and critical (useRatioCritical, 90%) shares of the limit in "
            + "use; min 262144 is a common operator choice, not a sourced minimum";

    static final RuleMeta META = new RuleMeta(ID, "vm.max_map_count must cover two map areas per log segment with "
            + "headroom, sized from the broker's partitions, segments and maps in use when the broker is read "
            + "(critical only when the counted map areas near the limit); without broker facts, a limit below "
            + "262144 (a common operator choice with headroom, not a sourced minimum) is info.", Set.of(Source.HOST),
            List.of(Sources.KAFKA_OPS_OS, Sources.KERNEL_MM, MaxMapCountRule.HEURISTIC),
            Map.of(MIN, 262144.0, HEADROOM, 0.5, USE_WARN, 0.7, USE_CRIT, 0.9),
            Set.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL));

    /** Without broker facts; arguments: limit, segments it covers, what was not read, common choice, sources. */
    static final String WHY_UNKNOWN_NEED = """
            Each log segment uses two map areas (its offset index and time index are memory-mapped), and a broker \
            that hits vm.max_map_count fails with OutOfMemoryError (Map failed). The kernel default is 65530; \
            Kafka's documentation shows 50,000 partitions needing 100,000 map areas with one segment each, and \
            every older segment adds two more. %d covers about %d segments in total. %s, so the real need is \
            unknown and the limit may well be enough. %d is a common operator choice with headroom (not a sourced \
            minimum); run the agent with broker access to size it from the broker's segments and map areas in \
            use. Sources: %s.""";

    /** The broker-sized rationale: the counted maps, the estimate, the verdict, the sources. */
    static final String WHY = """
            Each log segment has two memory-mapped index files (offset and time index); a broker that reaches \
            vm.max_map_count fails with OutOfMemoryError (Map failed) and stops. %s %s%s Sources: %s.""";
    static final String COUNTED = "Counted: the broker process has %d map areas now (%s of the limit of %d, from its "
            + "memory map in procfs).";
    static final String FLOOR = "Not counted (the broker's map areas were not read): its %d partitions map at least "
            + "%d, the two indexes of each active segment (%s of the limit).";
    static final String ESTIMATE = "%s If every segment's indexes were mapped (Kafka maps an older segment's indexes "
            + "lazily, when they are first used, so this is the most it would map), that is %d; with %s headroom "
            + "(broker-tuner's heuristic), %d. ";
    static final String FROM_USE = "From the counted map areas with %s headroom (broker-tuner's heuristic): %d. ";
    static final String CRITICAL_NOW = "%s are at %s of the limit (critical from %s, "
            + "broker-tuner's heuristic): a few more partitions, segments or reads of old segments can stop the "
            + "broker. Raise it now (it reserves no memory).";
    static final String WARN_USE = "%s are at %s of the limit (a warning from %s, broker-tuner's heuristic): raise "
            + "it before partitions or retention grow (it reserves no memory).";
    static final String WARN_ESTIMATE = "%s fit (%s of the limit), but the estimate with headroom "
            + "(%d) is above it: reading older segments (consumers catching up, reassignments) or more partitions "
            + "and retention can reach it. Raise it before they do (it reserves no memory).";
    static final String INFO_FITS = "The limit covers today's estimated need with headroom %s. %d is a common "
            + "operator choice with headroom (not a sourced minimum); raising to it matters only for growth in "
            + "partitions or retention beyond that, and reserves no memory.";

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        long min = (long) META.threshold(thresholds, MIN);
        double headroom = META.threshold(thresholds, HEADROOM);
        double useWarn = META.threshold(thresholds, USE_WARN);
        double useCrit = META.threshold(thresholds, USE_CRIT);
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
            String why = WHY_UNKNOWN_NEED.formatted(limit, limit / 2, broker.ok()
                    ? "The broker's partition count and map areas in use were not read" : "The broker was not read",
                    min, Sources.KAFKA_OPS_OS + "; " + Sources.KERNEL_MM);
            return List.of(new Outcome.Recommend(new Finding(ID, Severity.INFO, subject, String.valueOf(limit),
                    String.valueOf(min), why, evidence, SysctlValues.apply(snapshot.host(), "vm.max_map_count", min))));
        }

        long needed = 0;
        String estimated = "";
        long counted;
        String countedText;
        if (inUse != null) {
            evidence.put("broker.mapCount", String.valueOf(inUse));
            counted = inUse;
            countedText = COUNTED.formatted(inUse, Units.percent((double) inUse / limit), limit);
        } else {
            counted = estimate.partitions() * 2;
            countedText = FLOOR.formatted(estimate.partitions(), counted, Units.percent((double) counted / limit));
        }
        evidence.put("countedMaps", counted + (inUse != null ? " (in use)" : " (2 x partitions, active segments)"));
        if (estimate != null) {
            evidence.put("broker.partitionCount", String.valueOf(estimate.partitions()));
            evidence.put("log.segment.bytes", estimate.segmentBytesText());
            if (estimate.dataBytes() != null) {
                evidence.put("broker.logDirBytes", String.valueOf(estimate.dataBytes()));
            }
            evidence.put("estimatedSegments", String.valueOf(estimate.segments()));
            needed = (long) Math.ceil(estimate.segments() * 2 * (1 + headroom));
            estimated = ESTIMATE.formatted(estimate.explanation(), estimate.segments() * 2, Units.percent(headroom),
                    needed);
        }
        if (inUse != null) {
            long fromUse = (long) Math.ceil(inUse * (1 + headroom));
            if (fromUse > needed) {
                needed = fromUse;
                estimated += FROM_USE.formatted(Units.percent(headroom), fromUse);
            }
        }
        evidence.put("estimatedNeed", String.valueOf(needed));
        evidence.put("threshold.useRatioWarning", Units.trim(useWarn));
        evidence.put("threshold.useRatioCritical", Units.trim(useCrit));
        long recommended = Math.max(min, needed);
        double use = (double) counted / limit;
        String what = inUse != null ? "The counted map areas" : "The active segments' map areas alone";
        Severity severity;
        String verdict;
        if (use >= useCrit) {
            severity = Severity.CRITICAL;
            verdict = CRITICAL_NOW.formatted(what, Units.percent(use), Units.percent(useCrit));
        } else if (use >= useWarn) {
            severity = Severity.WARNING;
            verdict = WARN_USE.formatted(what, Units.percent(use), Units.percent(useWarn));
        } else if (needed > limit) {
            severity = Severity.WARNING;
            verdict = WARN_ESTIMATE.formatted(what, Units.percent(use), needed);
        } else if (limit < min) {
            severity = Severity.INFO;
            long times = limit / Math.max(1, needed);
            verdict = INFO_FITS.formatted(times >= 2 ? "about " + times + " times over" : "(less than twice over)",
                    min);
        } else {
            return List.of(new Outcome.Pass(subject, "vm.max_map_count=" + limit + ", estimated need " + needed
                    + (inUse == null ? "" : ", in use " + inUse)));
        }
        String why = WHY.formatted(countedText, estimated, verdict, Sources.KAFKA_OPS_OS + "; " + Sources.KERNEL_MM);
        return List.of(new Outcome.Recommend(new Finding(ID, severity, subject, String.valueOf(limit),
                String.valueOf(recommended), why, evidence, SysctlValues.apply(snapshot.host(), "vm.max_map_count", recommended))));
    }
}
