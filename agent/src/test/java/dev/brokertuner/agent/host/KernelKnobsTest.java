package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.CpuFrequency;
import dev.brokertuner.report.TransparentHugePages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** THP modes and cpufreq governors: parsed apart from reading, read from a sysfs root. */
class KernelKnobsTest {
    @TempDir
    Path root;

    private HostFiles files() {
        return new HostFiles(new HostPaths(root.resolve("proc"), root.resolve("sys")));
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve("sys").resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void bracketedChoices() {
        assertThat(HugePages.parse("always [madvise] never\n", "[always] defer defer+madvise madvise never"))
                .isEqualTo(new TransparentHugePages("madvise", "always"));
        assertThat(HugePages.parse("[never] always", null)).isEqualTo(new TransparentHugePages("never", null));
        assertThat(HugePages.parse(null, null)).isNull();
        assertThat(SysfsChoice.active("none")).isEqualTo("none");
        assertThat(SysfsChoice.active("a b")).isNull();
    }

    @Test
    void thpReadFromSysfs() throws IOException {
        write("kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n");
        write("kernel/mm/transparent_hugepage/defrag", "always defer defer+madvise [madvise] never\n");
        assertThat(HugePages.read(files())).isEqualTo(new TransparentHugePages("always", "madvise"));
    }

    @Test
    void governorsCountedPerCpuAndTheDriverRead() throws IOException {
        for (int i = 0; i < 3; i++) {
            write("devices/system/cpu/cpu" + i + "/cpufreq/scaling_governor", "powersave\n");
            write("devices/system/cpu/cpu" + i + "/cpufreq/scaling_driver", "acpi-cpufreq\n");
        }
        write("devices/system/cpu/cpu3/cpufreq/scaling_governor", "performance\n");
        write("devices/system/cpu/cpufreq/policy0/scaling_governor", "ignored\n");
        write("devices/system/cpu/online", "0-3\n");
        assertThat(CpuFreqs.read(files())).isEqualTo(new CpuFrequency("acpi-cpufreq",
                Map.of("powersave", 3, "performance", 1)));
    }

    @Test
    void aVmWithoutCpufreqHasNoFact() throws IOException {
        Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu0"));
        assertThat(CpuFreqs.read(files())).isNull();
        assertThat(HugePages.read(files())).isNull();
    }
}
