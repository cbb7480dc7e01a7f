package dev.brokertuner.agent.daemon.http;

import java.util.List;

/**
 * What, besides the age of the last gathering, makes the agent {@code degraded} on {@code /health}: each reason is
 * a sentence an operator can act on (e.g. the outbox cannot be written).
 */
@FunctionalInterface
public interface HealthSignals {
    /** No other signal. */
    HealthSignals NONE = List::of;

    /** Why the agent is degraded now; empty when it is not. */
    List<String> degradedReasons();
}
