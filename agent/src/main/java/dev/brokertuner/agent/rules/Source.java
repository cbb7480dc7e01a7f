package dev.brokertuner.agent.rules;

/** The kinds of facts a rule needs, like Cruise Control goals' completeness requirements. */
public enum Source {
    /** Host facts ({@code /proc}, {@code /sys}). */
    HOST,
    /** A reachable broker (JMX and/or AdminClient). */
    BROKER
}
