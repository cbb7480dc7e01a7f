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
}
