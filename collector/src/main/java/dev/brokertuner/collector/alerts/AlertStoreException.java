package dev.brokertuner.collector.alerts;

/** The alert store could not be read or written. */
public final class AlertStoreException extends Exception {
    public AlertStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
