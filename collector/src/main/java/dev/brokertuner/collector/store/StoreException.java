package dev.brokertuner.collector.store;

/** The store could not do what was asked (disk full, database closed); callers answer 503 and the agent retries. */
public final class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
