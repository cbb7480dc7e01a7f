package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.http.MemoryBudget;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic: uploads take at most half, decoding the rest, nothing is given back twice. */
class MemoryBudgetTest {
    @Test
    void uploadsTakeAtMostHalfAndDecodingTheWhole() {
        MemoryBudget b = new MemoryBudget(1000);
        MemoryBudget.Reservation upload = b.open();
        assertThat(upload.growUpload(500)).isTrue();
        assertThat(upload.growUpload(1)).as("half is taken by bodies still arriving").isFalse();
        MemoryBudget.Reservation decode = b.open();
        assertThat(decode.grow(500)).isTrue();
        assertThat(decode.grow(1)).isFalse();
        assertThat(b.used()).isEqualTo(1000);
        decode.shrinkTo(100);
        assertThat(b.used()).isEqualTo(600);
        decode.close();
        decode.close();
        assertThat(b.used()).isEqualTo(500);
        assertThat(decode.grow(1)).as("a closed reservation takes nothing").isFalse();
        upload.close();
        assertThat(b.used()).isZero();
    }
}
