package dev.brokertuner.agent.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every rule the agent knows: host rules, then broker rules. Ids are unique (checked by a test). */
public final class RuleCatalog {
    private final List<Rule> rules;

    public RuleCatalog(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The built-in catalog. */
    public static RuleCatalog builtIn() {
        List<Rule> all = new ArrayList<>(HostRules.all());
        all.addAll(BrokerRules.all());
        return new RuleCatalog(all);
    }

    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> find(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
