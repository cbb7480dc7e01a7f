package dev.brokertuner.agent.rules;

import dev.brokertuner.agent.gather.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule: pure, facts in, outcomes out. No I/O, no clock, no logging, so it is tested on hand-built snapshots
 * without a host or a broker. Adding a rule is one class, one test and one line in {@link HostRules} or
 * {@link BrokerRules}.
 */
public interface Rule {
    /**
     * The rule's metadata as one declared value ({@code static final RuleMeta META}); the methods below answer from
     * it. Null only for a rule that still overrides {@link #id()}, {@link #description()}, {@link #requires()} (and
     * {@link #thresholds()}, {@link RuleDocs.Documented}'s methods) one by one.
     */
    default RuleMeta meta() {
        return null;
    }

    /** Stable dotted id used in reports, config and the API, e.g. {@code host.vm.swappiness}. */
    default String id() {
        return declared().id();
    }

    /** One line for {@code docs/rules.md}. */
    default String description() {
        return declared().description();
    }

    /** What the rule needs; the engine answers unknown for a rule whose sources are unavailable. */
    default Set<Source> requires() {
        return declared().requires();
    }

    /** Threshold names and their defaults, overridable per rule in the agent config. */
    default Map<String, Double> thresholds() {
        RuleMeta meta = meta();
        return meta == null ? Map.of() : meta.thresholds();
    }

    /**
     * Judges the snapshot: one outcome per subject.
     *
     * @param snapshot   the facts
     * @param thresholds the operator's overrides of {@link #thresholds()}
     */
    List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds);

    private RuleMeta declared() {
        RuleMeta meta = meta();
        if (meta == null) {
            throw new IllegalStateException(getClass().getName() + " declares no RuleMeta and does not override "
                    + "its metadata methods");
        }
        return meta;
    }
}
