package dev.brokertuner.agent.gather;

import dev.brokertuner.report.Problem;
import java.util.List;

/**
 * What a gatherer produced: the facts it could read and the problems it met. Gatherers never throw; an unreadable
 * source leaves its fact unknown and adds a {@link Problem}.
 */
public record Gathered<T>(T value, List<Problem> problems) {
    public Gathered {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
