package dev.brokertuner.collector.cli;

/** Process exit codes (sysexits where one fits). */
public final class ExitCodes {
    /** Stopped by a signal, or the config checked out. */
    public static final int OK = 0;
    /** Could not start (port in use, store unreadable). */
    public static final int SOFTWARE = 1;
    /** Bad command line (EX_USAGE). */
    public static final int USAGE = 64;
    /** Bad configuration (EX_CONFIG); the systemd unit does not restart on it. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
