package dev.brokertuner.agent.rules;

import dev.brokertuner.report.Severity;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a rule tells the engine and {@code docs/rules.md} about itself, declared once per rule as
 * {@code static final RuleMeta META} and returned from {@link Rule#meta()}; {@link Rule} and
 * {@link RuleDocs.Documented} answer their metadata methods from it.
 *
 * @param id          stable dotted id used in reports, config and the API, e.g. {@code host.vm.swappiness}
 * @param description one line for {@code docs/rules.md}
 * @param requires    what the rule needs; the engine answers unknown for a rule whose sources are unavailable
 * @param sources     what its rationale cites (Kafka docs sections, kernel docs, vendor guides), with URLs
 * @param thresholds  threshold names and their defaults, overridable per rule in the agent config (insertion order)
 * @param severities  every severity its findings can carry
 */
public record RuleMeta(String id, String description, Set<Source> requires, List<String> sources,
                       Map<String, Double> thresholds, Set<Severity> severities) {
    public RuleMeta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        requires = requires == null || requires.isEmpty() ? Set.of() : Collections.unmodifiableSet(
                EnumSet.copyOf(requires));
        sources = sources == null ? List.of() : List.copyOf(sources);
        thresholds = thresholds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
        severities = severities == null || severities.isEmpty() ? Set.of() : Collections.unmodifiableSet(
                EnumSet.copyOf(severities));
    }

    /** A rule with no thresholds. */
    public static RuleMeta of(String id, String description, Set<Source> requires, List<String> sources,
                              Set<Severity> severities) {
        return new RuleMeta(id, description, requires, sources, Map.of(), severities);
    }

    /**
     * The value of threshold {@code name}: the operator's override, else the default declared here.
     *
     * @throws IllegalArgumentException when the rule declares no such threshold (a typo in the rule)
     */
    public double threshold(Thresholds overrides, String name) {
        Double fallback = thresholds.get(name);
        if (fallback == null) {
            throw new IllegalArgumentException(id + " declares no threshold " + name);
        }
        return overrides.get(name, fallback);
    }
}
