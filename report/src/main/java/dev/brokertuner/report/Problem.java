package dev.brokertuner.report;

import java.util.Objects;

/**
 * Something the agent could not read or do while gathering: the fact it concerns is unknown in the report.
 *
 * @param source  where, e.g. {@code procfs:mdstat}, {@code sysfs:class/net/eth0/speed}, {@code broker:jmx}
 * @param message why, in words an operator can act on
 */
public record Problem(String source, String message) {
    public Problem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }
}
