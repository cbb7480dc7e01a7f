package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the end of one window may start the next: same connection, same broker JVM, recent enough. */
class CarriedStartTest {
    private final Object connection = new Object();
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aRecentReadOverTheSameConnectionFromTheSameBrokerStartsTheNextWindow() {
        CarriedStart<String> c = new CarriedStart<>(Duration.ofSeconds(120));
        c.keep("end", connection, 42L, 10 * SECOND);
        assertThat(c.take(connection, 42L, 40 * SECOND)).contains("end");
        assertThat(c.take(connection, 42L, 130 * SECOND)).as("exactly the bound").contains("end");
    }

    @Test
    void aReadTooOldOrFromTheFutureDoesNot() {
        CarriedStart<String> c = new CarriedStart<>(Duration.ofSeconds(120));
        c.keep("end", connection, 42L, 10 * SECOND);
        assertThat(c.take(connection, 42L, 131 * SECOND)).isEmpty();
        assertThat(c.take(connection, 42L, 9 * SECOND)).isEmpty();
    }

    @Test
    void anotherConnectionOrARestartedBrokerDoesNot() {
        CarriedStart<String> c = new CarriedStart<>(Duration.ofSeconds(120));
        c.keep("end", connection, 42L, 10 * SECOND);
        assertThat(c.take(new Object(), 42L, 20 * SECOND)).as("a reconnect").isEmpty();
        assertThat(c.take(connection, 43L, 20 * SECOND)).as("the broker JVM started again").isEmpty();
        assertThat(c.take(connection, null, 20 * SECOND)).as("start time unreadable now").isEmpty();
    }

    @Test
    void nothingIsKeptWithoutTheBrokersStartTimeAndClearForgets() {
        CarriedStart<String> c = new CarriedStart<>(Duration.ofSeconds(120));
        c.keep("end", connection, null, 10 * SECOND);
        assertThat(c.take(connection, 42L, 20 * SECOND)).isEmpty();
        c.keep("end", connection, 42L, 10 * SECOND);
        c.clear();
        assertThat(c.take(connection, 42L, 20 * SECOND)).isEmpty();
    }
}
