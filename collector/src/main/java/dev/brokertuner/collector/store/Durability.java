package dev.brokertuner.collector.store;

/**
 * How far a batch goes before ingest answers 202. Both survive {@code kill -9} of the collector (tested by
 * {@code KillRestartTest}); only {@link #FSYNC} also survives a power loss or kernel crash.
 */
public enum Durability {
    /** {@code CHECKPOINT SYNC}: written to the database file and fsynced. The default. */
    FSYNC("CHECKPOINT SYNC"),
    /** {@code CHECKPOINT}: written to the database file (the kernel's page cache), not fsynced. Faster. */
    FLUSH("CHECKPOINT");

    private final String sql;

    Durability(String sql) {
        this.sql = sql;
    }

    /** The statement that ends each batch. */
    public String sql() {
        return sql;
    }
}
