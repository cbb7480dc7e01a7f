package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    @Test
    void countsProcessorStanzas() {
        String x86 = "processor\t: 0\nmodel name\t: Xeon\n\nprocessor\t: 1\nmodel name\t: Xeon\n\nprocessor\t: 2\n";
        assertThat(CpuInfo.logicalCpus(x86)).isEqualTo(3);
    }

    @Test
    void s390xUsesTheProcessorsLineBecauseItHasNoStanzas() {
        String s390 = """
                vendor_id       : IBM/S390
                # processors    : 8
                bogomips per cpu: 3241.00
                processor 0: version = FF,  identification = 233EF8,  machine = 3906
                processor 1: version = FF,  identification = 233EF8,  machine = 3906

                cpu number      : 0
                """;
        assertThat(CpuInfo.logicalCpus(s390)).isEqualTo(8);
    }

    @Test
    void s390xWithoutTheCountLineCountsProcessorNLines() {
        assertThat(CpuInfo.logicalCpus("processor 0: version = FF\nprocessor 1: version = FF")).isEqualTo(2);
    }

    @Test
    void noTrailingNewlineAndEmptyText() {
        assertThat(CpuInfo.logicalCpus("processor : 0\nprocessor : 1")).isEqualTo(2);
        assertThat(CpuInfo.logicalCpus("")).isNull();
    }

    @Test
    void capturedS390xFixture() {
        String text = HostFixtures.read(HostFixtures.shared("raid5-recovering-s390x").resolve("proc/cpuinfo"));
        assertThat(CpuInfo.logicalCpus(text)).isEqualTo(8);
    }
}
