package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.CpuUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two reads of stat a window apart; the clock is passed in, so nothing here is timed. */
class CpuWindowTest {
    @TempDir
    Path root;

    private void stat(String host, long processTicks) throws Exception {
        Files.createDirectories(root.resolve("proc/42"));
        Files.writeString(root.resolve("proc/stat"), host);
        Files.writeString(root.resolve("proc/42/stat"), "42 (java) S 1 42 42 0 -1 0 0 0 0 0 " + processTicks
                + " 0 0 0 20 0 90 0 1");
    }

    @Test
    void busyStealAndTheBrokersShareOverTheWindow() throws Exception {
        CpuWindow w = new CpuWindow(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        stat("cpu0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0\ncpu2 0 0 0 0 0 0 0 0\n", 1000);
        CpuWindow.Start start = w.start(42, Set.of(0, 1), 0);
        // 5 s at 100 ticks/s: 500 ticks per CPU. cpu0: 400 user + 50 steal + 50 idle; cpu1: 300 user + 200 idle;
        // cpu2 (not the broker's): all idle.
        stat("cpu0 400 0 0 50 0 0 0 50\ncpu1 300 0 0 200 0 0 0 0\ncpu2 0 0 0 500 0 0 0 0\n", 1000 + 600);
        CpuUsage u = start.end(5_000_000_000L);
        assertThat(u.windowSeconds()).isEqualTo(5.0);
        assertThat(u.cpusCounted()).isEqualTo(2);
        assertThat(u.busyRatio()).isCloseTo(750.0 / 1000, within(1e-9));
        assertThat(u.stealRatio()).isCloseTo(50.0 / 1000, within(1e-9));
        // 600 ticks over 500 ticks per CPU: 1.2 CPUs
        assertThat(u.processCpus()).isCloseTo(1.2, within(1e-9));
    }

    @Test
    void unreadableStatIsUnknown() throws Exception {
        CpuWindow w = new CpuWindow(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        CpuWindow.Start start = w.start(42, Set.of(), 0);
        assertThat(start.end(5_000_000_000L)).isNull();
    }

    @Test
    void countersThatWentBackwardsGiveNoRate() throws Exception {
        CpuWindow w = new CpuWindow(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        stat("cpu0 500 0 0 500 0 0 0 0\n", 100);
        CpuWindow.Start start = w.start(42, Set.of(), 0);
        stat("cpu0 100 0 0 100 0 0 0 0\n", 50);
        assertThat(start.end(5_000_000_000L)).isNull();
    }

    @Test
    void throttlingIsTheShareOfQuotaPeriodsThatRanOut() throws Exception {
        CpuWindow w = new CpuWindow(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        Path cpuStat = root.resolve("sys/fs/cgroup/kafka.slice/cpu.stat");
        Files.createDirectories(cpuStat.getParent());
        Files.writeString(cpuStat, "usage_usec 1000\nnr_periods 1000\nnr_throttled 100\nthrottled_usec 5\n");
        stat("cpu0 0 0 0 0 0 0 0 0\n", 0);
        CpuWindow.Start start = w.start(42, Set.of(), cpuStat, 0);
        // 5 s of 100 ms periods: 50 more periods, 20 of them throttled
        Files.writeString(cpuStat, "usage_usec 9000\nnr_periods 1050\nnr_throttled 120\nthrottled_usec 9\n");
        stat("cpu0 400 0 0 100 0 0 0 0\n", 400);
        assertThat(start.end(5_000_000_000L).throttledRatio()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void theFollowingWindowStartsAtTheCountersTheLastEndRead() throws Exception {
        CpuWindow w = new CpuWindow(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        stat("cpu0 0 0 0 0 0 0 0 0\n", 0);
        CpuWindow.Start start = w.start(42, Set.of(), 0);
        assertThat(start.following()).isNull();
        stat("cpu0 100 0 0 400 0 0 0 0\n", 100);
        start.end(5_000_000_000L);
        CpuWindow.Start next = start.following();
        assertThat(next.sameTarget(start)).isTrue();
        assertThat(next.elapsedSeconds(35_000_000_000L)).isEqualTo(30.0);
        // 30 s later: the window counts only what happened after the first end, not from the first start
        stat("cpu0 1600 0 0 1400 0 0 0 0\n", 1600);
        CpuUsage u = next.end(35_000_000_000L);
        assertThat(u.windowSeconds()).isEqualTo(30.0);
        assertThat(u.busyRatio()).isCloseTo(1500.0 / 2500, within(1e-9));
        assertThat(u.processCpus()).isCloseTo(1.0 * 1500 / 2500, within(1e-9));
    }

    @Test
    void anotherProcessOrCgroupIsNotTheSameTarget() throws Exception {
        CpuWindow w = new CpuWindow(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        stat("cpu0 0 0 0 0 0 0 0 0\n", 0);
        CpuWindow.Start a = w.start(42, Set.of(0), 0);
        assertThat(a.sameTarget(w.start(43, Set.of(0), 0))).isFalse();
        assertThat(a.sameTarget(w.start(42, Set.of(0, 1), 0))).isFalse();
        assertThat(a.sameTarget(w.start(42, Set.of(0), root.resolve("cpu.stat"), 0))).isFalse();
        assertThat(a.sameTarget(null)).isFalse();
        assertThat(a.sameTarget(w.start(42, Set.of(0), 0))).isTrue();
    }
}
