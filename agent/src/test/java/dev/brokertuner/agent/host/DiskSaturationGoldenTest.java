package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Evaluation;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk saturation over a sampled window, end to end (sysfs and diskstats readers, sampler, every built-in rule) on
 * the repo's own trees {@code nvme-jbod-busy-low-await} and {@code hdd-saturated}. Each has {@code proc/diskstats}
 * at the start of the window and {@code window-end/proc/diskstats} five seconds later; the tree is copied to a
 * temporary directory so the window's end can replace the start, as the kernel's counters move.
 */
class DiskSaturationGoldenTest {
    @TempDir
    Path work;

    record Result(HostFacts host, List<Finding> findings, List<Check> checks) {
    }

    private Result sample(String scenario, String... logDirs) {
        Path source = HostFixtures.own(scenario);
        copy(source.resolve("proc"), work.resolve("proc"));
        copy(source.resolve("sys"), work.resolve("sys"));
        Path end = source.resolve("window-end/proc/diskstats");
        Sleeper fiveSeconds = window -> {
            assertThat(window.toSeconds()).isEqualTo(5);
            try {
                Files.copy(end, work.resolve("proc/diskstats"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 5_000_000_000L;
        };
        Gathered<HostFacts> g = new LinuxHostGatherer(new HostPaths(work.resolve("proc"), work.resolve("sys")),
                DiskSpace.none(), fiveSeconds).gather(List.of(logDirs), 5);
        Evaluation e = new RuleEngine(RuleCatalog.builtIn().rules())
                .evaluate(new Snapshot(g.value(), BrokerFacts.notFound("broker side off in this test")));
        return new Result(g.value(), e.findings(), e.checks());
    }

    @Test
    void nvmeJbodBusyByIoTicksButFastRaisesNothing() {
        Result r = sample("nvme-jbod-busy-low-await", "/data/kafka-1", "/data/kafka-2");
        Disk nvme1 = r.host().disk("nvme1n1").orElseThrow();
        assertThat(nvme1.rotational()).isFalse();
        assertThat(nvme1.utilization()).isCloseTo(0.998, within(1e-9));
        assertThat(nvme1.readIops()).isEqualTo(2000.0);
        assertThat(nvme1.writeIops()).isEqualTo(8000.0);
        assertThat(nvme1.readAwaitMs()).isEqualTo(0.15);
        assertThat(nvme1.writeAwaitMs()).isEqualTo(0.025);
        assertThat(nvme1.avgQueueSize()).isEqualTo(0.5);
        assertThat(r.host().disk("nvme2n1").orElseThrow().utilization()).isCloseTo(0.995, within(1e-9));
        // A bare-metal shape: RHEL's THP default and intel_pstate's dynamic powersave are healthy, not findings.
        assertThat(r.host().transparentHugePages()).isEqualTo(
                new dev.brokertuner.report.TransparentHugePages("always", "madvise"));
        assertThat(r.host().cpuFrequency()).isEqualTo(
                new dev.brokertuner.report.CpuFrequency("intel_pstate", java.util.Map.of("powersave", 8)));
        // An expert strikes out "99.8% busy" on NVMe: nothing to raise on this host.
        assertThat(r.findings()).isEmpty();
        assertThat(r.checks()).filteredOn(c -> c.ruleId().equals("host.cpu.governor")
                || c.ruleId().equals("host.vm.transparent-hugepages") || c.ruleId().equals("host.disk.scheduler"))
                .hasSize(4).allMatch(c -> c.status() == CheckStatus.OK);
        assertThat(r.checks()).filteredOn(c -> c.ruleId().equals("host.disk.utilization"))
                .extracting(Check::subject, Check::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("disk nvme1n1", CheckStatus.OK),
                        org.assertj.core.groups.Tuple.tuple("disk nvme2n1", CheckStatus.OK));
    }

    @Test
    void saturatedRotationalDataDiskIsAWarning() {
        Result r = sample("hdd-saturated", "/data/kafka");
        Disk sdb = r.host().disk("sdb").orElseThrow();
        assertThat(sdb.rotational()).isTrue();
        assertThat(sdb.utilization()).isCloseTo(0.974, within(1e-9));
        assertThat(sdb.avgQueueSize()).isCloseTo(10.2, within(1e-9));
        assertThat(r.findings()).extracting(f -> f.ruleId() + " " + f.severity() + " " + f.subject())
                .containsExactly("host.disk.utilization " + Severity.WARNING + " disk sdb");
        Finding f = r.findings().get(0);
        assertThat(f.current()).isEqualTo("97.4% busy");
        assertThat(f.evidence()).containsEntry("readAwaitMs", "45.0").containsEntry("writeAwaitMs", "30.0")
                .containsEntry("rotational", "true");
        assertThat(f.rationale()).contains("rotational", "heuristic", "LocalTimeMs");
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
