package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemInfoTest {
    @Test
    void memTotalInBytes() {
        assertThat(MemInfo.totalBytes("MemTotal:       32542668 kB\nMemFree:  1 kB\n")).isEqualTo(32542668L * 1024);
    }

    @Test
    void absentIsUnknown() {
        assertThat(MemInfo.totalBytes("MemFree: 1 kB")).isNull();
    }

    @Test
    void swapTotalInBytesZeroWhenNoSwap() {
        String text = "MemTotal:       32542668 kB\nSwapCached:            0 kB\nSwapTotal:       2097148 kB\n"
                + "SwapFree:        2097148 kB\n";
        assertThat(MemInfo.swapTotalBytes(text)).isEqualTo(2097148L * 1024);
        assertThat(MemInfo.swapTotalBytes("MemTotal: 1 kB\nSwapTotal:             0 kB\n")).isZero();
    }

    @Test
    void absentSwapTotalIsUnknown() {
        assertThat(MemInfo.swapTotalBytes("MemTotal: 1 kB\nSwapFree: 0 kB\n")).isNull();
    }
}
