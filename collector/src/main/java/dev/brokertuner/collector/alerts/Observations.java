package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.fleet.FindingRef;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.report.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report says for the lifecycle: each finding at or above the severity floor, keyed by host, rule and
 * subject (a topic's or a group's by cluster, rule and subject, see {@link #clusterWide}), and
 * {@link Lifecycle#UNREACHABLE} (a warning, so one unreachable report during a rolling restart raises
 * nothing with the default thresholds) when the agent could not reach its broker. Pure.
 */
public final class Observations {
    private Observations() {
    }

    /**
     * The floor: the lowest {@code minSeverity} of the routes, {@code warning} when there is no route (info
     * findings then stay findings, not alerts).
     */
    public static Severity floor(List<Route> routes) {
        return routes.stream().map(Route::minSeverity).min(Enum::compareTo).orElse(Severity.WARNING);
    }

    public static Map<AlertKey, Observation> of(HostSummary s, Severity floor) {
        Map<AlertKey, Observation> out = new LinkedHashMap<>();
        for (FindingRef f : s.findings()) {
            if (!f.severity().atLeast(floor)) {
                continue;
            }
            String[] values = split(f.summary());
            AlertKey key = clusterWide(s, f.subject()) ? AlertKey.cluster(s.clusterKey(), f.ruleId(), f.subject())
                    : new AlertKey(s.hostname(), f.ruleId(), f.subject());
            // the same rule and subject twice in one report: the more severe one stands
            out.merge(key, new Observation(key, s.clusterKey(), f.severity(), values[0], values[1]),
                    (a, b) -> b.severity().compareTo(a.severity()) > 0 ? b : a);
        }
        if ("unreachable".equals(s.brokerStatus()) && Severity.WARNING.atLeast(floor)) {
            AlertKey key = new AlertKey(s.hostname(), Lifecycle.UNREACHABLE, "broker on " + s.hostname());
            out.put(key, new Observation(key, s.clusterKey(), Severity.WARNING, "unreachable", "ok"));
        }
        return out;
    }

    /**
     * True for a finding about a topic or a consumer group ({@code topic X}, {@code group X}) of a host filed in a
     * cluster: its alert is the cluster's, keyed by (cluster, rule, subject) with no host, since which broker reports
     * it (a group's coordinator, a partition's leader) moves without the condition changing.
     */
    static boolean clusterWide(HostSummary s, String subject) {
        return !Summaries.UNASSIGNED.equals(s.clusterKey()) && subject != null
                && (subject.startsWith("topic ") || subject.startsWith("group "));
    }

    /**
     * The keys a report says nothing about, whose absence from it is no sign they are gone: those of rules whose
     * check was unknown or failed in it, and, when the broker could not be read (status not {@code ok}), those of
     * the rules that judge the broker ({@code broker.*}) or its workload ({@code workload.*}). A rolling restart
     * thus neither clears nor re-raises them.
     */
    public static java.util.function.Predicate<AlertKey> frozen(HostSummary s) {
        java.util.Set<String> unknown = java.util.Set.copyOf(s.unknownRules());
        boolean brokerOk = "ok".equals(s.brokerStatus());
        return k -> unknown.contains(k.ruleId())
                || !brokerOk && (k.ruleId().startsWith("broker.") || k.ruleId().startsWith("workload."));
    }

    /** {@code current -> recommended} as the summary keeps it. */
    static String[] split(String summary) {
        if (summary == null) {
            return new String[] {null, null};
        }
        int i = summary.indexOf(" -> ");
        return i < 0 ? new String[] {summary, null}
                : new String[] {summary.substring(0, i), summary.substring(i + 4)};
    }
}
