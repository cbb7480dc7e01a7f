package dev.brokertuner.agent.rules;

/** The kinds of facts a rule needs, like Cruise Control goals' completeness requirements. */
public enum Source {
    /** Host facts ({@code /proc}, {@code /sys}). */
    HOST,
    /** A reachable broker (JMX and/or AdminClient). */
    BROKER,
    /**
     * A sample window: rates, utilizations, idle ratios and deltas measured over the gathering's window. The daemon's
     * first, unsampled report (served before its first window ends) answers these rules unknown, not sampled yet.
     */
    WINDOW
}
