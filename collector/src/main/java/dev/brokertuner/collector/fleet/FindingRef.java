package dev.brokertuner.collector.fleet;

import dev.brokertuner.report.Severity;

/**
 * A finding of a host's latest report, reduced to what fleet-wide grouping needs.
 *
 * @param ruleId   the rule
 * @param severity its severity
 * @param subject  what it is about
 * @param summary  current to recommended, e.g. {@code relatime -> noatime}
 */
public record FindingRef(String ruleId, Severity severity, String subject, String summary) {
}
