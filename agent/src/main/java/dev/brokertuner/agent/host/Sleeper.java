package dev.brokertuner.agent.host;

import java.time.Duration;

/** Waits out a sample window and says how long it really took; tests pass one that changes files instead. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps about this long; returns the elapsed nanoseconds. */
    long sleep(Duration window) throws InterruptedException;

    /** The real clock. */
    static Sleeper system() {
        return window -> {
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            return System.nanoTime() - start;
        };
    }
}
