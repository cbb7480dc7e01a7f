package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect --top-topics} and {@code --batch-budget-bytes} out of range are usage errors naming both. */
class WorkloadOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void outOfRangeWorkloadBoundsAreAllReported() throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        CliRun run = CliRun.of("inspect", "--procfs", tmp.resolve("proc").toString(), "--sysfs", tmp.toString(),
                "--no-broker", "--top-topics", "0", "--batch-budget-bytes", "10");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--top-topics 0 is out of range 1-1000",
                "--batch-budget-bytes 10 is out of range 65536-67108864");
    }
}
