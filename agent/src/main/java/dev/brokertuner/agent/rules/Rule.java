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
    /** Stable dotted id used in reports, config and the API, e.g. {@code host.vm.swappiness}. */
    String id();

    /** One line for {@code docs/rules.md}. */
    String description();

    /** What the rule needs; the engine answers unknown for a rule whose sources are unavailable. */
    Set<Source> requires();

    /** Threshold names and their defaults, overridable per rule in the agent config. */
    default Map<String, Double> thresholds() {
        return Map.of();
    }

    /**
     * Judges the snapshot: one outcome per subject.
     *
     * @param snapshot   the facts
     * @param thresholds the operator's overrides of {@link #thresholds()}
     */
    List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds);
}
