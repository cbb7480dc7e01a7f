package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.push.RetryPolicy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final Instant now = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void backsOffExponentiallyWithJitterUpToACap() {
        RetryPolicy low = new RetryPolicy(() -> 0.0);
        RetryPolicy high = new RetryPolicy(() -> 0.999);
        assertThat(low.delayMillis(1, null, now)).isEqualTo(500);
        assertThat(high.delayMillis(1, null, now)).isBetween(990L, 1000L);
        assertThat(low.delayMillis(4, null, now)).isEqualTo(4_000);
        assertThat(high.delayMillis(30, null, now)).isBetween(59_000L, 60_000L);
    }

    @Test
    void honoursRetryAfterSecondsAndDates() {
        RetryPolicy p = new RetryPolicy(() -> 0.0);
        assertThat(p.delayMillis(1, "30", now)).isEqualTo(30_000);
        assertThat(p.delayMillis(1, "Tue, 24 Nov 2026 10:00:20 GMT", now)).isEqualTo(20_000);
        assertThat(p.delayMillis(1, "garbage", now)).isEqualTo(500);
        assertThat(p.delayMillis(1, "99999", now)).isEqualTo(600_000);
    }

    @Test
    void retriesOnlyThrottlingAndServerErrors() {
        assertThat(RetryPolicy.retryable(429)).isTrue();
        assertThat(RetryPolicy.retryable(503)).isTrue();
        assertThat(RetryPolicy.retryable(400)).isFalse();
        assertThat(RetryPolicy.retryable(401)).isFalse();
    }
}
