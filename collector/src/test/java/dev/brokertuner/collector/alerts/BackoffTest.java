package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheMax() {
        Backoff b = Backoff.DEFAULT;
        assertThat(b.after(1, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.after(2, null)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.after(20, null)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aRetryAfterOfZeroOrShorterThanTheBackoffNeverShortensTheWait() {
        Backoff b = Backoff.DEFAULT;
        assertThat(b.after(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.after(3, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.after(1, Duration.ofSeconds(90))).as("a longer one is honoured").isEqualTo(Duration.ofSeconds(90));
        assertThat(b.after(1, Duration.ofDays(2))).isEqualTo(Backoff.MAX_RETRY_AFTER);
    }

    @Test
    void aBackoffWithoutAWaitIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
