package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-token limit on test notifications: five in any minute, counted per token. */
class TestRateLimitTest {
    private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void theSixthTestInAMinuteWaitsUntilTheFirstIsAMinuteOld() {
        var limit = new TestRateLimit();
        for (int i = 0; i < 5; i++) {
            assertThat(limit.take("oncall", T.plusSeconds(i * 10L))).isEmpty();
        }
        assertThat(limit.take("oncall", T.plusSeconds(45))).contains(Duration.ofSeconds(15));
        assertThat(limit.take("other", T.plusSeconds(45))).as("another token has its own budget").isEmpty();
        assertThat(limit.take("oncall", T.plusSeconds(60))).as("the first left the window").isEmpty();
        assertThat(limit.take("oncall", T.plusSeconds(61))).contains(Duration.ofSeconds(9));
    }

    @Test
    void aRefusedTestDoesNotUseTheBudget() {
        var limit = new TestRateLimit();
        for (int i = 0; i < 5; i++) {
            limit.take("oncall", T);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limit.take("oncall", T.plusSeconds(30))).isPresent();
        }
        assertThat(limit.take("oncall", T.plusSeconds(60))).isEmpty();
    }
}
