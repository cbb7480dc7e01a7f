package dev.brokertuner.agent.rules;

import java.util.Map;

/**
 * Operator overrides of a rule's numeric thresholds (from the agent config's {@code rules.<id>.thresholds}). A rule
 * declares its threshold names and defaults in {@link Rule#thresholds()} and reads them through {@link #get}.
 */
public record Thresholds(Map<String, Double> overrides) {
    public Thresholds {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** No overrides: every rule uses its defaults. */
    public static Thresholds defaults() {
        return new Thresholds(Map.of());
    }

    /** The override for {@code name}, else {@code fallback} (the rule's default). */
    public double get(String name, double fallback) {
        Double v = overrides.get(name);
        return v == null ? fallback : v;
    }
}
