package dev.brokertuner.agent.rules;

import java.util.List;

/** The broker rules, in report order. One line per rule. */
public final class BrokerRules {
    private BrokerRules() {
    }

    public static List<Rule> all() {
        return List.of(
        );
    }
}
