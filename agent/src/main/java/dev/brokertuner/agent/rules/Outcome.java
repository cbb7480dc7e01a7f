package dev.brokertuner.agent.rules;

import dev.brokertuner.report.Finding;

/**
 * What a rule says about one subject. A rule returns one outcome per subject it judged (each data dir, each NIC,
 * the broker). Consumers use {@code instanceof} patterns (Java 17 has no pattern switch).
 */
public sealed interface Outcome permits Outcome.Recommend, Outcome.Pass, Outcome.Unknown {
    /** A recommendation with evidence and apply lines. */
    record Recommend(Finding finding) implements Outcome {
    }

    /**
     * The subject meets the rule.
     *
     * @param subject what was judged
     * @param detail  the value seen, e.g. {@code vm.swappiness=1}
     */
    record Pass(String subject, String detail) implements Outcome {
    }

    /**
     * An input is unknown, so the rule makes no claim (never a false alarm).
     *
     * @param subject what would have been judged
     * @param reason  which input is missing and why
     */
    record Unknown(String subject, String reason) implements Outcome {
    }
}
