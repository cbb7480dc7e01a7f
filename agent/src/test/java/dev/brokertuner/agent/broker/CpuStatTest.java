package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CpuStatTest {
    @Test
    void perCpuCountersWithStealAsBusyAndIowaitAsIdle() {
        Map<Integer, CpuStat.Ticks> cpus = CpuStat.perCpu("""
                cpu  200 0 100 1000 50 0 10 40 0 0
                cpu0 100 0 50 500 25 0 5 20 0 0
                cpu1 100 0 50 500 25 0 5 20 30 0
                intr 187315472 0 9
                ctxt 329841571
                """);
        assertThat(cpus).containsOnlyKeys(0, 1);
        // busy = user + nice + system + irq + softirq + steal; total adds idle and iowait; guest is inside user
        assertThat(cpus.get(0)).isEqualTo(new CpuStat.Ticks(175, 20, 700));
        assertThat(cpus.get(1)).isEqualTo(new CpuStat.Ticks(175, 20, 700));
    }

    @Test
    void oldKernelsWithFewerColumns() {
        assertThat(CpuStat.perCpu("cpu0 10 0 10 80\n").get(0)).isEqualTo(new CpuStat.Ticks(20, 0, 100));
    }

    @Test
    void processTicksAreUtimePlusStimeCountedAfterTheCommandName() {
        String stat = "2381 (java) S 1 2381 2381 0 -1 4194560 1393245 0 3 0 318402 41277 0 0 20 0 97 0 8911";
        assertThat(CpuStat.processTicks(stat)).isEqualTo(OptionalLong.of(318402 + 41277));
        // a command name with spaces and parentheses does not shift the fields
        String odd = "77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 500 25 0 0 20 0 1 0 1";
        assertThat(CpuStat.processTicks(odd)).isEqualTo(OptionalLong.of(525));
        assertThat(CpuStat.processTicks("77 (java) S 1")).isEmpty();
        assertThat(CpuStat.processTicks("nonsense")).isEmpty();
    }
}
