package dev.brokertuner.agent.rules.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThreadStepsTest {
    @Test
    void doublingAtMostPerStep() {
        assertThat(ThreadSteps.between(8, 32).steps()).containsExactly(16, 32);
        assertThat(ThreadSteps.between(4, 12).steps()).containsExactly(8, 12);
        assertThat(ThreadSteps.between(2, 12).path()).isEqualTo("2 -> 4 -> 8 -> 12");
        assertThat(ThreadSteps.between(3, 5).steps()).containsExactly(5);
    }

    @Test
    void shrinkingAtMostHalvesWithIntegerDivision() {
        assertThat(ThreadSteps.between(32, 8).steps()).containsExactly(16, 8);
        assertThat(ThreadSteps.between(3, 1).steps()).containsExactly(1);
    }

    @Test
    void noChangeNoSteps() {
        assertThat(ThreadSteps.between(5, 5).steps()).isEmpty();
    }

    @Test
    void everyStepPassesKafkasValidation() {
        for (int from = 1; from <= 64; from++) {
            for (int to = 1; to <= 64; to++) {
                int prev = from;
                for (int v : ThreadSteps.between(from, to).steps()) {
                    assertThat(v).as(from + "->" + to).isGreaterThanOrEqualTo(1)
                            .isGreaterThanOrEqualTo(prev / 2).isLessThanOrEqualTo(prev * 2);
                    prev = v;
                }
                assertThat(prev).isEqualTo(to);
            }
        }
    }

    @Test
    void rejectsCountsBelowOne() {
        assertThatThrownBy(() -> ThreadSteps.between(0, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
