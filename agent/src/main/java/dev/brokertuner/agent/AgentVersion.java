package dev.brokertuner.agent;

/** The agent's version, from the jar manifest (set by the build), {@code dev} when run from classes. */
public final class AgentVersion {
    private AgentVersion() {
    }

    public static String get() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
