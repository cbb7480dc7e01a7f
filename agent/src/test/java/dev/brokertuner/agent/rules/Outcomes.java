package dev.brokertuner.agent.rules;

import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.report.Finding;
import java.util.List;

/** Picks outcomes out of a rule's result in tests, failing with the whole list when the expected one is absent. */
public final class Outcomes {
    private Outcomes() {
    }

    public static List<Finding> findings(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o instanceof Outcome.Recommend).map(o -> ((Outcome.Recommend) o)
                .finding()).toList();
    }

    public static Finding onlyFinding(List<Outcome> outcomes) {
        List<Finding> f = findings(outcomes);
        if (f.size() != 1) {
            throw new AssertionError("expected exactly one finding, got " + outcomes);
        }
        return f.get(0);
    }

    public static List<Outcome.Pass> passes(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o instanceof Outcome.Pass).map(o -> (Outcome.Pass) o).toList();
    }

    public static List<Outcome.Unknown> unknowns(List<Outcome> outcomes) {
        return outcomes.stream().filter(o -> o instanceof Outcome.Unknown).map(o -> (Outcome.Unknown) o).toList();
    }
}
