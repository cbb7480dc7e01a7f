package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFilesVmSwapTest {

    @Test
    void vmSwapIsReadInBytes() {
        String status = """
                Name:\tjava
                Umask:\t0022
                State:\tS (sleeping)
                Uid:\t998\t998\t998\t998
                VmPeak:\t 9437184 kB
                VmRSS:\t 1048576 kB
                VmSwap:\t   20480 kB
                Threads:\t97
                """;
        assertThat(ProcFiles.vmSwapBytes(status)).hasValue(20480L * 1024);
    }

    @Test
    void noVmSwapLineOrAMalformedOneIsUnknown() {
        assertThat(ProcFiles.vmSwapBytes("Name:\tkthreadd\nUid:\t0\t0\t0\t0\n")).isEmpty();
        assertThat(ProcFiles.vmSwapBytes("VmSwap:\t lots kB\n")).isEmpty();
        assertThat(ProcFiles.vmSwapBytes("VmSwap:\t       0 kB\n")).hasValue(0L);
    }
}
