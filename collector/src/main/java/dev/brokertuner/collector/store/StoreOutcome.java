package dev.brokertuner.collector.store;

/** What storing one report did. */
public enum StoreOutcome {
    /** Newly stored and durable. */
    STORED,
    /** A report with this id was already stored; nothing changed. */
    DUPLICATE
}
