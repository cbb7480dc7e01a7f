package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThroughputSamplerTest {
    @TempDir
    Path root;

    private static final String NETDEV_HEAD = "Inter-| Receive | Transmit\n face |bytes packets|bytes packets\n";

    private void write(String rel, String text) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String diskLine(String name, long read, long written, long busyMs) {
        return "   8 0 " + name + " 1 0 " + read + " 1 1 0 " + written + " 1 0 " + busyMs + " 1\n";
    }

    @Test
    void ratesAndUtilizationFromCounterDeltasOverTheMeasuredWindow() {
        write("proc/diskstats", diskLine("sda", 0, 0, 1000));
        write("proc/net/dev", NETDEV_HEAD + "  eth0: 1000 1 0 0 0 0 0 0 5000 1 0 0 0 0 0 0\n");
        HostFiles files = new HostFiles(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        Sleeper changeCounters = window -> {
            assertThat(window.toSeconds()).isEqualTo(5);
            write("proc/diskstats", diskLine("sda", 20480, 40960, 3000));
            write("proc/net/dev", NETDEV_HEAD + "  eth0: 2001000 1 0 0 0 0 0 0 10005000 1 0 0 0 0 0 0\n");
            return 4_000_000_000L;
        };
        List<Problem> problems = new ArrayList<>();
        Throughput t = new ThroughputSampler(files, changeCounters).sample(5, problems);
        assertThat(problems).isEmpty();
        Throughput.DiskRate sda = t.disks().get("sda");
        assertThat(sda.readBytesPerSec()).isEqualTo(20480 * 512 / 4.0);
        assertThat(sda.writeBytesPerSec()).isEqualTo(40960 * 512 / 4.0);
        assertThat(sda.utilization()).isCloseTo(0.5, within(1e-9));
        assertThat(t.nics().get("eth0")).isEqualTo(new Throughput.NicRate(500_000.0, 2_500_000.0));
    }

    @Test
    void countersThatWentBackwardsGiveNoRate() {
        write("proc/diskstats", diskLine("sda", 100, 100, 100));
        HostFiles files = new HostFiles(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        List<Problem> problems = new ArrayList<>();
        Throughput t = new ThroughputSampler(files, w -> {
            write("proc/diskstats", diskLine("sda", 1, 1, 1));
            return 1_000_000_000L;
        }).sample(1, problems);
        assertThat(t.disks()).isEmpty();
        assertThat(problems).extracting(Problem::source).containsExactly("procfs:net/dev");
    }

    @Test
    void zeroSecondsSkipsAndMissingFilesAreProblems() {
        HostFiles files = new HostFiles(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        List<Problem> problems = new ArrayList<>();
        assertThat(new ThroughputSampler(files, w -> 0).sample(0, problems)).isEqualTo(Throughput.none());
        assertThat(problems).isEmpty();
        new ThroughputSampler(files, w -> 0).sample(3, problems);
        assertThat(problems).extracting(Problem::message).allMatch(m -> m.contains("does not exist"));
        assertThat(problems).hasSize(2);
    }
}
