package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import dev.brokertuner.report.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code inspect} with broker discovery over this repo's {@code pod-on-node} and {@code cgroup-quota} trees: neither
 * is this machine's, so nothing is attached to or read locally; the broker's log.dirs and CPU limits come from the
 * tree, and a healthy node gets no warning.
 */
class InspectContainerNodeTest {
    private static Path tree(String name) {
        String repo = System.getProperty("bt.repo.dir");
        return repo == null ? Path.of("src/test/resources/golden-hosts", name)
                : Path.of(repo, "agent/src/test/resources/golden-hosts", name);
    }

    private static Report inspect(String name) throws Exception {
        Path root = tree(name);
        CliRun run = CliRun.of("inspect", "--procfs", root.resolve("proc").toString(), "--sysfs",
                root.resolve("sys").toString(), "--sample-seconds", "0", "--format", "json");
        byte[] json = run.out().getBytes(StandardCharsets.UTF_8);
        assertThat(new ReportValidator().validate(json)).as(run.err()).isEmpty();
        return new ReportJson().read(json);
    }

    @Test
    void aBrokerInAPodIsJudgedOnTheNodeMountBehindItsLogDir() throws Exception {
        Report r = inspect("pod-on-node");
        assertThat(r.broker().process().pid()).isEqualTo(31337);
        assertThat(r.broker().process().effectiveCpus()).isEqualTo(2.0);
        assertThat(r.broker().jmx()).as("never attach:pid on a tree that is not this machine's").isNull();
        assertThat(r.host().dataDirs()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("/var/lib/kafka/data");
            assertThat(d.hostPath()).isEqualTo("/data/local-pv/kafka-0/data");
            assertThat(d.mountPoint()).isEqualTo("/data");
            assertThat(d.noatime()).isTrue();
        });
        assertThat(r.findings()).filteredOn(f -> f.severity() != Severity.INFO).isEmpty();
        assertThat(r.problems()).as("the broker's process files are all in the tree").isEmpty();
    }

    @Test
    void theQuotaTreeReportsFourEffectiveCpus() throws Exception {
        Report r = inspect("cgroup-quota");
        assertThat(r.broker().process().effectiveCpus()).isEqualTo(4.0);
        assertThat(r.broker().process().effectiveCpusSource())
                .isEqualTo("cgroup v2 cpu.max 400000 100000 (/system.slice/kafka.service)");
        assertThat(r.host().cpus()).isEqualTo(8);
        assertThat(r.host().dataDirs()).extracting(d -> d.path()).containsExactly("/data/kafka");
        assertThat(r.findings()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }
}
