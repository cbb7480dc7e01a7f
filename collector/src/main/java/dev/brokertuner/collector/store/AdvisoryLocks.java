package dev.brokertuner.collector.store;

/**
 * The PostgreSQL advisory lock keys the collectors sharing one store agree on (one 64-bit key space per database;
 * the high bytes spell {@code bt} so they do not collide with another application's small keys).
 */
final class AdvisoryLocks {
    /** Held (session) while migrations run, so they run once when several collectors start together. */
    static final long MIGRATIONS = 0x6274_0000_0001L;
    /**
     * Taken (transaction) before a batch upserts {@code hosts}, so the change feed's {@code updated_seq} values
     * become visible in the order they were drawn and a poller that has seen N has seen every value below N.
     */
    static final long HOSTS_FEED = 0x6274_0000_0002L;
    /** Held (session) by the one collector that does the fleet's once-only work (retention, alert evaluation). */
    static final long ONCE_WORK = 0x6274_0000_0003L;

    private AdvisoryLocks() {
    }
}
