package dev.brokertuner.agent.rules;

import java.util.List;

/** The host rules, in report order. One line per rule. */
public final class HostRules {
    private HostRules() {
    }

    public static List<Rule> all() {
        return List.of(
        );
    }
}
