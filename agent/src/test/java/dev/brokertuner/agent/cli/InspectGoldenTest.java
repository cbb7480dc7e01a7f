package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import dev.brokertuner.report.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code broker-tuner inspect} end to end over the small host trees this repo writes itself
 * ({@code src/test/resources/golden-hosts}): the cases the suite must always cover, with or without the shared
 * captured fixtures.
 */
class InspectGoldenTest {
    private static Path tree(String name) {
        String repo = System.getProperty("bt.repo.dir");
        return repo == null ? Path.of("src/test/resources/golden-hosts", name)
                : Path.of(repo, "agent/src/test/resources/golden-hosts", name);
    }

    private static Report inspect(String name) {
        return inspect(name, "/data/kafka");
    }

    private static Report inspect(String name, String logDir) {
        Path root = tree(name);
        List<String> args = new java.util.ArrayList<>(List.of("inspect", "--procfs", root.resolve("proc").toString(),
                "--sysfs", root.resolve("sys").toString(), "--sample-seconds", "0", "--no-broker", "--format",
                "json", "--log-dirs", logDir));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        byte[] json = run.out().getBytes(StandardCharsets.UTF_8);
        assertThat(new ReportValidator().validate(json)).isEmpty();
        try {
            return new ReportJson().read(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> findings(Report r) {
        return r.findings().stream().map(f -> f.ruleId() + " " + f.severity().name().toLowerCase()).toList();
    }

    @Test
    void healthyTunedHostHasNoFindings() {
        Report r = inspect("healthy-tuned");
        assertThat(r.host().hostname()).isNotBlank();
        assertThat(r.host().dataDirs()).extracting(d -> d.mountPoint(), d -> d.fsType(), d -> d.noatime(),
                d -> d.devices()).containsExactly(tuple("/data", "xfs", true, List.of("nvme1n1")));
        assertThat(r.findings()).isEmpty();
        assertThat(r.checks()).filteredOn(c -> c.status() == CheckStatus.FAILED).isEmpty();
    }

    @Test
    void relatimeDataDir() {
        Report r = inspect("relatime-data-dir", "/var/lib/kafka/data");
        assertThat(findings(r)).contains("host.fs.noatime info", "host.fs.type info", "host.vm.swappiness warning",
                "host.vm.max-map-count info", "host.net.socket-buffer-max info");
        Finding noatime = r.findings().stream().filter(f -> f.ruleId().equals("host.fs.noatime")).findFirst()
                .orElseThrow();
        assertThat(noatime.current()).isEqualTo("relatime");
        assertThat(noatime.apply()).anyMatch(l -> l.startsWith("mount -o remount,noatime /var/lib/kafka"));
        assertThat(noatime.evidence()).containsEntry("device", "/dev/sdb1");
    }

    @Test
    void degradedArrayUnderTheDataDirIsCritical() {
        Report r = inspect("degraded-raid-data-dir");
        assertThat(r.host().dataDirs().get(0).raid()).isEqualTo("md0");
        assertThat(r.host().dataDirs().get(0).devices()).containsExactly("sdc", "sdd", "sde", "sdf");
        Finding f = r.findings().stream().filter(x -> x.ruleId().equals("host.raid.degraded")).findFirst()
                .orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.subject()).contains("md0");
        CliRun failOn = CliRun.of("inspect", "--procfs", tree("degraded-raid-data-dir").resolve("proc").toString(),
                "--sysfs", tree("degraded-raid-data-dir").resolve("sys").toString(), "--sample-seconds", "0",
                "--no-broker", "--log-dirs", "/data/kafka", "--fail-on", "critical");
        assertThat(failOn.exitCode()).isEqualTo(2);
        assertThat(failOn.out()).contains("critical", "host.raid.degraded");
    }

    @Test
    void nicSpeedUnknownIsSaidNotGuessed() {
        Report r = inspect("nic-speed-unknown");
        assertThat(r.host().nics().get(0).speedMbps()).isNull();
        assertThat(r.findings()).isEmpty();
        assertThat(r.checks()).filteredOn(c -> c.status() == CheckStatus.UNKNOWN).extracting(Check::ruleId)
                .contains("host.nic.speed", "host.net.socket-buffer-max");
    }
}
