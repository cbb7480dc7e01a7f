package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU window follows the JMX window: carried when that one is, the sample window otherwise. */
class CpuStartsTest {
    private static final long S = 1_000_000_000L;
    @TempDir
    Path root;
    private CpuWindow w;

    @BeforeEach
    void stat() throws Exception {
        Files.createDirectories(root.resolve("proc/42"));
        Files.writeString(root.resolve("proc/stat"), "cpu0 0 0 0 0 0 0 0 0\n");
        Files.writeString(root.resolve("proc/42/stat"), "42 (java) S 1 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 90 0 1");
        w = new CpuWindow(new HostPaths(root.resolve("proc"), root.resolve("sys")));
    }

    @Test
    void aCarriedJmxWindowTakesTheCarriedStartOfTheSameAge() {
        CpuWindow.Start carried = w.start(42, Set.of(), 0);
        CpuWindow.Start fresh = w.start(42, Set.of(), 25 * S);
        // now = 30 s: the JMX window spans 29.6 s (its end read came a little before this one)
        assertThat(CpuStarts.pick(fresh, carried, 29.6, 5, 30 * S)).isSameAs(carried);
    }

    @Test
    void aJmxWindowReadWithinTheGatheringTakesTheFreshStart() {
        CpuWindow.Start carried = w.start(42, Set.of(), 0);
        CpuWindow.Start fresh = w.start(42, Set.of(), 25 * S);
        assertThat(CpuStarts.pick(fresh, carried, 5.0, 5, 30 * S)).isSameAs(fresh);
        assertThat(CpuStarts.pick(fresh, carried, null, 5, 30 * S)).isSameAs(fresh);
    }

    @Test
    void aCarriedStartOfAnotherAgeOrProcessIsNotTaken() {
        CpuWindow.Start fresh = w.start(42, Set.of(), 95 * S);
        // the JMX window spans 30 s but the carried CPU start is 100 s old (a gathering without a CPU end between)
        assertThat(CpuStarts.pick(fresh, w.start(42, Set.of(), 0), 30.0, 5, 100 * S)).isSameAs(fresh);
        // a restarted broker: another pid
        assertThat(CpuStarts.pick(fresh, w.start(43, Set.of(), 70 * S), 30.0, 5, 100 * S)).isSameAs(fresh);
        assertThat(CpuStarts.pick(fresh, null, 30.0, 5, 100 * S)).isSameAs(fresh);
    }
}
