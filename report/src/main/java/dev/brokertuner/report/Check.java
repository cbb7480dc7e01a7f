package dev.brokertuner.report;

import java.util.Objects;

/**
 * A rule's verdict on one subject when it has no recommendation to make: it passed, its input was unknown (so it
 * said nothing rather than raise a false alarm), or it failed with an internal error. Reports carry these so an
 * operator can see what was checked, not only what was wrong.
 *
 * @param ruleId  the rule
 * @param subject what was judged
 * @param status  ok, unknown or failed
 * @param detail  the value seen (ok), or why it could not be judged (unknown, failed)
 */
public record Check(String ruleId, String subject, CheckStatus status, String detail) {
    public Check {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }
}
