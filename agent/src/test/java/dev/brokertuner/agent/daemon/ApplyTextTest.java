package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.HostRules;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.agent.rules.host.SysctlValues;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The combined plan {@code /v1/apply} serves: one full sysctl drop-in, the container note, sanitized comments. */
class ApplyTextTest {
    private static final String DROP_IN = "/etc/sysctl.d/99-broker-tuner.conf";

    private static Report report(HostFacts host, List<Finding> findings) {
        return new Report(Report.SCHEMA_VERSION, "3f2a6c1e-0b7d-4e55-9a43-1c2d3e4f5a6b",
                Instant.parse("2026-12-01T12:00:00Z"), "0.1.0", null, null, host,
                BrokerFacts.notFound("no kafka.Kafka process"), findings, List.of(), List.of());
    }

    private static Report inspected(Consumer<Snapshots.HostBuilder> spec) {
        Snapshot s = Snapshots.host(spec);
        return report(s.host(), new RuleEngine(HostRules.all()).evaluate(s).findings());
    }

    @Test
    void workloadFindingsGetTheirOwnGroupAfterTheBrokersNotOther() {
        Finding batching = new Finding("workload.producer.batching", Severity.INFO, "topic clicks",
                "1 records / 120 B per batch at 4000 partition batches/s", "linger.ms=10", "why", Map.of(),
                List.of("# linger.ms=10"));
        Finding io = new Finding("broker.threads.io", Severity.WARNING, "num.io.threads", "8", "16", "why",
                Map.of(), List.of("kafka-configs.sh --alter"));
        Finding other = new Finding("agent.other", Severity.INFO, "x", "a", "b", "why", Map.of(),
                List.of("# other"));
        String plan = ApplyText.render(report(Snapshots.host(h -> { }).host(), List.of(other, batching, io)));
        assertThat(ApplyText.group("workload.group.lag")).isEqualTo("Workload (clients and topics)");
        int broker = plan.indexOf("# ==== Broker configuration ====");
        int workload = plan.indexOf("# ==== Workload (clients and topics) ====");
        int rest = plan.indexOf("# ==== Other ====");
        assertThat(broker).isPositive().isLessThan(workload);
        assertThat(workload).isLessThan(plan.indexOf("workload.producer.batching on topic clicks"));
        assertThat(plan.indexOf("workload.producer.batching on topic clicks")).isLessThan(rest);
        assertThat(rest).isLessThan(plan.indexOf("agent.other on x"));
    }

    @Test
    void everySysctlGoesIntoTheOneDropInPerKeyThenLoadedAndReadBack() {
        Report r = inspected(h -> h.sysctl("vm.swappiness", "60").sysctl("vm.max_map_count", "65530")
                .sysctl("fs.file-max", "65536").mount("/", "/dev/sda1", "xfs", "rw,noatime"));
        String plan = ApplyText.render(r);
        List<String> edits = plan.lines().filter(l -> l.startsWith("mkdir -p /etc/sysctl.d")).toList();
        assertThat(edits).hasSize(3).allSatisfy(l -> assertThat(l).contains("sed -i", ">> " + DROP_IN));
        assertThat(String.join("\n", edits)).contains("'vm.swappiness = 1'", "'fs.file-max = 1000000'",
                "'vm.max_map_count = 262144'");
        assertThat(plan).doesNotContainPattern("[^>]> " + java.util.regex.Pattern.quote(DROP_IN))
                .doesNotContain("sysctl -w", "60-kafka.conf", "--system")
                .contains("\nsysctl -p " + DROP_IN + "   # loads this file only",
                        "\nsysctl -n vm.swappiness fs.file-max vm.max_map_count   # read back, expect: 1, 1000000, "
                                + "262144\n");
        assertThat(plan.indexOf("sysctl -p")).isGreaterThan(plan.lastIndexOf(">> " + DROP_IN));
        assertThat(plan).contains("# [warning] host.vm.swappiness on vm.swappiness: 60 -> 1\n"
                + "# (its sysctl is in the drop-in above)\n");
        assertThat(plan).doesNotContain("this agent sees a container");
    }

    @Test
    void aKeyAnEarlierPlanSetStaysInTheDropIn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // run the combined block's edit lines against a file that already holds a key set by an earlier plan
        Report r = inspected(h -> h.sysctl("vm.swappiness", "1").sysctl("vm.max_map_count", "65530")
                .mount("/", "/dev/sda1", "xfs", "rw,noatime"));
        java.nio.file.Path file = dir.resolve("drop-in.conf");
        java.nio.file.Files.writeString(file, "vm.swappiness = 1\n");
        String script = ApplyText.render(r).lines().filter(l -> l.startsWith("mkdir -p /etc/sysctl.d"))
                .map(l -> l.replace("mkdir -p /etc/sysctl.d && ", "").replace(DROP_IN, file.toString()))
                .collect(java.util.stream.Collectors.joining("\n"));
        for (int run = 0; run < 2; run++) {
            Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
            assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        }
        assertThat(java.nio.file.Files.readString(file)).isEqualTo("vm.swappiness = 1\nvm.max_map_count = 262144\n");
    }

    @Test
    void theContainerNoteSurvivesAndNamesWhatIsPerNetworkNamespace() {
        HostFacts host = Snapshots.host(h -> h.mount("/", "overlay", "overlay", "rw,relatime")).host();
        Finding swap = new Finding("host.vm.swappiness", Severity.WARNING, "vm.swappiness", "60", "1", "why",
                Map.of(), SysctlValues.apply(host, "vm.swappiness", "1"));
        Finding rmem = new Finding("broker.socket-buffers", Severity.WARNING, "socket.receive.buffer.bytes", "102400",
                "-1", "why", Map.of(), SysctlValues.apply(host, "net.ipv4.tcp_rmem", "4096 131072 4194304"));
        assertThat(swap.apply().get(0)).startsWith("# this agent sees a container").contains("node-wide there: "
                + "vm.swappiness");
        String plan = ApplyText.render(report(host, List.of(swap, rmem)));
        String note = plan.lines().filter(l -> l.startsWith("# this agent sees a container")).findFirst().orElseThrow();
        assertThat(note).contains("run these on the node itself", "node-wide there: vm.swappiness",
                "per network namespace: net.ipv4.tcp_rmem", "securityContext.sysctls");
        assertThat(plan.indexOf(note)).isLessThan(plan.indexOf("> " + DROP_IN));
        assertThat(plan).contains("'net.ipv4.tcp_rmem = 4096 131072 4194304'");
    }

    @Test
    void aCapturedContainerViewKeepsTheNoteInTheCombinedPlan() {
        String shared = System.getProperty("bt.shared.dir");
        assertThat(shared).as("bt.shared.dir (set by surefire)").isNotNull();
        java.nio.file.Path root = java.nio.file.Path.of(shared, "fixtures", "hosts", "container-overlay");
        Report r = new dev.brokertuner.agent.gather.Inspection(
                new dev.brokertuner.agent.host.LinuxHostGatherer(new dev.brokertuner.agent.gather.HostPaths(
                        root.resolve("proc"), root.resolve("sys"))),
                dev.brokertuner.agent.gather.BrokerGatherer.none("broker side off in this test"),
                new RuleEngine(dev.brokertuner.agent.rules.RuleCatalog.builtIn().rules()),
                java.time.Clock.systemUTC(), "test").run(List.of(), 0, null, Map.of());
        String plan = ApplyText.render(r);
        assertThat(plan).contains("# ==== Kernel settings (sysctl, limits) ====\n\n# this agent sees a container "
                + "(overlay root): run these on the node itself; node-wide there: vm.");
        assertThat(plan.indexOf("# this agent sees a container")).isLessThan(plan.indexOf("> " + DROP_IN));
    }

    @Test
    void whenTwoFindingsSetOneKeyTheLargerValueIsWritten() {
        HostFacts host = Snapshots.host(h -> { }).host();
        Finding a = new Finding("broker.socket-buffers", Severity.WARNING, "socket.receive.buffer.bytes", "x", "y",
                "why", Map.of(), SysctlValues.apply(host, "net.ipv4.tcp_rmem", "4096 131072 8388608"));
        Finding b = new Finding("broker.socket-buffers", Severity.WARNING, "replica.socket.receive.buffer.bytes", "x",
                "y", "why", Map.of(), SysctlValues.apply(host, "net.ipv4.tcp_rmem", "4096 131072 4194304"));
        String plan = ApplyText.render(report(host, List.of(a, b)));
        assertThat(plan).contains("'net.ipv4.tcp_rmem = 4096 131072 8388608'").doesNotContain("4194304'");
    }

    @Test
    void readValuesNeverLeaveTheirComment() {
        HostFacts host = new HostFacts("kafka-1\nrm -rf /", 8, 1L << 34, null, null, null, null, null, null, 0, null);
        Finding f = new Finding("host.fs.noatime", Severity.WARNING, "mount /data\ntouch /tmp/pwned", "relatime\nid",
                "noatime", "why", Map.of(), List.of("mount -o remount,noatime '/data\ntouch /tmp/pwned'"));
        String plan = ApplyText.render(report(host, List.of(f)));
        assertThat(plan).startsWith("# broker-tuner apply plan for kafka-1\\nrm -rf /, report ");
        assertThat(plan).contains("# [warning] host.fs.noatime on mount /data\\ntouch /tmp/pwned: relatime\\nid -> "
                + "noatime\n");
        assertThat(plan.lines()).noneMatch(l -> l.startsWith("rm ") || l.equals("id -> noatime"));
    }

    @Test
    void nothingToApplySaysSo() {
        assertThat(ApplyText.render(report(Snapshots.host(h -> { }).host(), List.of())))
                .contains("# Nothing to apply: no finding carries a change.");
    }
}
