package dev.brokertuner.agent.rules;

import dev.brokertuner.report.Severity;
import java.util.Map;

/**
 * The operator's settings for one rule (agent config {@code rules.<id>}).
 *
 * @param enabled    false switches the rule off
 * @param severity   when set, replaces the severity of every finding the rule makes
 * @param thresholds overrides of the rule's thresholds
 */
public record RuleSetting(boolean enabled, Severity severity, Thresholds thresholds) {
    public RuleSetting {
        thresholds = thresholds == null ? Thresholds.defaults() : thresholds;
    }

    /** Enabled, rule's own severities and thresholds. */
    public static RuleSetting defaults() {
        return new RuleSetting(true, null, Thresholds.defaults());
    }

    /** Convenience for tests and config. */
    public static RuleSetting of(boolean enabled, Severity severity, Map<String, Double> thresholds) {
        return new RuleSetting(enabled, severity, new Thresholds(thresholds));
    }
}
