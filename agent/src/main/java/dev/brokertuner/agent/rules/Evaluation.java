package dev.brokertuner.agent.rules;

import dev.brokertuner.report.Check;
import dev.brokertuner.report.Finding;
import java.util.List;

/** The engine's result: findings (most severe first) and checks (ok, unknown, failed). */
public record Evaluation(List<Finding> findings, List<Check> checks) {
    public Evaluation {
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
    }
}
