package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.Problem;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads that are cut, missing or refused say so, with the file and the reason. */
class HostFilesTest {
    @TempDir
    Path root;

    HostPaths paths() throws Exception {
        return new HostPaths(Files.createDirectories(root.resolve("proc")),
                Files.createDirectories(root.resolve("sys")));
    }

    @Test
    void aFileLongerThanTheCapIsCutAndTheGatheringSaysSo() throws Exception {
        HostPaths p = paths();
        Files.createDirectories(p.proc("sys/kernel"));
        Files.writeString(p.proc("sys/kernel/hostname"), "kafka-big-01\n");
        // a mountinfo of 5 MiB: tens of thousands of container mounts do this on real nodes
        String line = "36 35 98:0 / /mnt/m%06d rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n";
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() <= HostFiles.MAX_BYTES + (1 << 20); i++) {
            big.append(line.formatted(i));
        }
        Files.createDirectories(p.proc("1"));
        Files.writeString(p.proc("1/mountinfo"), big);
        var gathered = new LinuxHostGatherer(p, DiskSpace.none(), window -> 0L).gather(List.of(), 0);
        assertThat(gathered.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .startsWith(p.proc("1/mountinfo") + " is longer than 4 MiB: only that much was read"));
        // the record is per gathering: a second one over a short file says nothing about it
        Files.writeString(p.proc("1/mountinfo"), line.formatted(1));
        var again = new LinuxHostGatherer(p, DiskSpace.none(), window -> 0L).gather(List.of(), 0);
        assertThat(again.problems()).extracting(Problem::message).noneMatch(m -> m.contains("is longer than"));
    }

    @Test
    void aHostnameTheCollectorWouldRefuseIsKeptAsReadAndSaysSo() throws Exception {
        HostPaths p = paths();
        Files.createDirectories(p.proc("sys/kernel"));
        Files.writeString(p.proc("sys/kernel/hostname"), "kafka 01\n");
        var gathered = new LinuxHostGatherer(p, DiskSpace.none(), window -> 0L).gather(List.of(), 0);
        assertThat(gathered.value().hostname()).isEqualTo("kafka 01");
        assertThat(gathered.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("outside the set the collector accepts", "refuse", "400"));

        Files.writeString(p.proc("sys/kernel/hostname"), "kafka-01.dc1_a\n");
        var fine = new LinuxHostGatherer(p, DiskSpace.none(), window -> 0L).gather(List.of(), 0);
        assertThat(fine.value().hostname()).isEqualTo("kafka-01.dc1_a");
        assertThat(fine.problems()).extracting(Problem::message).noneMatch(m -> m.contains("collector"));
    }

    @Test
    void aCutIsRecordedOnTheReadToo() throws Exception {
        HostPaths p = paths();
        Files.writeString(p.proc("meminfo"), "x".repeat(100));
        HostFiles files = new HostFiles(p, 64);
        Read r = files.proc("meminfo");
        assertThat(r).isInstanceOfSatisfying(Read.Text.class, t -> {
            assertThat(t.truncated()).isTrue();
            assertThat(t.text()).hasSize(64);
        });
        assertThat(files.takeTruncations()).singleElement().extracting(Problem::message).asString()
                .contains("meminfo is longer than 64 bytes");
        assertThat(files.takeTruncations()).isEmpty();
        Files.writeString(p.proc("meminfo"), "x".repeat(64));
        assertThat(((Read.Text) files.proc("meminfo")).truncated()).isFalse();
    }

    @Test
    void missingAndUnreadableFilesSayWhy() throws Exception {
        HostPaths p = paths();
        HostFiles files = new HostFiles(p);
        assertThat(files.proc("mdstat").why()).isEqualTo(p.proc("mdstat") + " does not exist (no such file)");
        Files.createDirectories(p.proc("cpuinfo"));
        assertThat(files.proc("cpuinfo").why()).startsWith(p.proc("cpuinfo") + " could not be read: is a directory");
        assertThat(HostFiles.reason(new AccessDeniedException("/proc/1/mountinfo")))
                .startsWith("permission denied (the agent runs as ");
    }
}
