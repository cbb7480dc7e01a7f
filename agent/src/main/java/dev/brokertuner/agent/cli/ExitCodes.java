package dev.brokertuner.agent.cli;

/** Process exit codes (sysexits where one fits). */
public final class ExitCodes {
    /** Ran and nothing met {@code --fail-on}. */
    public static final int OK = 0;
    /** Internal error. */
    public static final int SOFTWARE = 1;
    /** A finding at or above {@code --fail-on}. */
    public static final int FINDINGS = 2;
    /** Bad command line (EX_USAGE). */
    public static final int USAGE = 64;
    /** Bad configuration (EX_CONFIG); the systemd unit does not restart on it. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
