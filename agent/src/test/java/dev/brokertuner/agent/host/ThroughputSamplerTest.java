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

    /** A full diskstats line: reads, sectors read, read ms, writes, sectors written, write ms, io_ticks, weighted. */
    private static String diskLine(String name, long reads, long sectorsRead, long readMs, long writes,
                                   long sectorsWritten, long writeMs, long ioTicks, long weighted) {
        return "  259 0 " + name + " " + reads + " 0 " + sectorsRead + " " + readMs + " " + writes + " 0 "
                + sectorsWritten + " " + writeMs + " 0 " + ioTicks + " " + weighted + " 0 0 0 0\n";
    }

    @Test
    void iopsAwaitAndQueueSizeAsIostatComputesThem() {
        write("proc/diskstats", diskLine("nvme0n1", 1000, 8000, 100, 2000, 16000, 400, 0, 500));
        HostFiles files = new HostFiles(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        List<Problem> problems = new ArrayList<>();
        // 2 s window: 4000 reads taking 2000 ms, 10000 writes taking 1000 ms, busy the whole time, 3000 weighted ms.
        Throughput t = new ThroughputSampler(files, w -> {
            write("proc/diskstats", diskLine("nvme0n1", 5000, 40000, 2100, 12000, 96000, 1400, 2000, 3500));
            return 2_000_000_000L;
        }).sample(2, problems);
        Throughput.DiskRate r = t.disks().get("nvme0n1");
        assertThat(r.utilization()).isEqualTo(1.0);
        assertThat(r.readIops()).isEqualTo(2000.0);
        assertThat(r.writeIops()).isEqualTo(5000.0);
        assertThat(r.readAwaitMs()).isEqualTo(0.5);
        assertThat(r.writeAwaitMs()).isEqualTo(0.1);
        assertThat(r.avgQueueSize()).isEqualTo(1.5);
        assertThat(r.readBytesPerSec()).isEqualTo(32000 * 512 / 2.0);
    }

    @Test
    void noCompletedIoGivesNoAwait() {
        write("proc/diskstats", diskLine("sda", 5, 40, 10, 5, 40, 10, 100, 20));
        HostFiles files = new HostFiles(new HostPaths(root.resolve("proc"), root.resolve("sys")));
        Throughput t = new ThroughputSampler(files, w -> 1_000_000_000L).sample(1, new ArrayList<>());
        Throughput.DiskRate r = t.disks().get("sda");
        assertThat(r.readAwaitMs()).isNull();
        assertThat(r.writeAwaitMs()).isNull();
        assertThat(r.readIops()).isZero();
        assertThat(r.avgQueueSize()).isZero();
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
