package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir
    Path tmp;

    private String[] base(String... more) throws Exception {
        Path proc = Files.createDirectories(tmp.resolve("proc"));
        Path sys = Files.createDirectories(tmp.resolve("sys"));
        String[] head = {"inspect", "--procfs", proc.toString(), "--sysfs", sys.toString(), "--sample-seconds", "0",
                "--no-broker"};
        String[] all = new String[head.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return all;
    }

    @Test
    void jsonOutputIsAReportWithTheAliasAndEveryRuleAccountedFor() throws Exception {
        CliRun run = CliRun.of(base("--format", "json", "--cluster-alias", "prod-eu"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        Report report = new ReportJson().read(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(report.schemaVersion()).isEqualTo(Report.SCHEMA_VERSION);
        assertThat(report.clusterAlias()).isEqualTo("prod-eu");
        assertThat(report.broker().status().wire()).isEqualTo("not-found");
        assertThat(report.broker().reason()).contains("--no-broker");
        assertThat(report.checks()).extracting(c -> c.ruleId()).contains("host.vm.swappiness", "host.fs.noatime");
    }

    @Test
    void textOutputHasNoAnsiWhenNotATerminal() throws Exception {
        CliRun run = CliRun.of(base());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("broker-tuner inspect", "CHECKS:", "broker: not-found")
                .doesNotContain("\u001b[");
    }

    @Test
    void formatIsCaseInsensitive() throws Exception {
        assertThat(CliRun.of(base("--format", "JSON")).out()).startsWith("{");
    }

    @Test
    void badFormatIsUsageError() throws Exception {
        CliRun run = CliRun.of(base("--format", "yaml"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'yaml' is not a format");
    }

    @Test
    void badFailOnIsUsageError() throws Exception {
        CliRun run = CliRun.of(base("--fail-on", "sometimes"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown severity 'sometimes'");
    }

    @Test
    void missingProcfsIsUsageErrorWithTheReason() {
        CliRun run = CliRun.of("inspect", "--procfs", tmp.resolve("nope").toString(), "--sysfs", tmp.toString(),
                "--no-broker");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--procfs " + tmp.resolve("nope") + ": no such directory");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void negativeSampleSecondsAndRelativeLogDirAreAllReported() throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        CliRun run = CliRun.of("inspect", "--procfs", tmp.resolve("proc").toString(), "--sysfs", tmp.toString(),
                "--no-broker", "--sample-seconds", "-1", "--log-dirs", "data/kafka");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--sample-seconds -1: must be 0", "--log-dirs data/kafka: must be an absolute");
    }

    @Test
    void unreadableServerPropertiesIsUsageError() throws Exception {
        CliRun run = CliRun.of(base("--server-properties", tmp.resolve("missing.properties").toString()));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--server-properties", "not a readable file");
    }

    @Test
    void failOnIsNotMetWhenThereAreNoFindings() throws Exception {
        CliRun run = CliRun.of(base("--fail-on", "info", "--format", "json"));
        Report report = new ReportJson().read(run.out().getBytes(StandardCharsets.UTF_8));
        assertThat(run.exitCode()).isEqualTo(report.findings().isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS);
    }

    @Test
    void helpListsTheOptionsAndExitCodes() {
        CliRun run = CliRun.of("inspect", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--procfs", "--sysfs", "--log-dirs", "--server-properties",
                "--sample-seconds", "--format", "--fail-on", "--cluster-alias", "--no-broker", "--jmx", "Exit codes");
    }
}
