package dev.brokertuner.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextReportTest {
    private static Report report(List<Finding> findings) {
        HostFacts host = new HostFacts("kafka-a01", 16, 64L << 30, null, null, null, null, null, null, 5, null);
        return new Report(Report.SCHEMA_VERSION, "r-1", Instant.parse("2026-11-24T10:00:00Z"), "0.1.0", null, null,
                host, BrokerFacts.notFound("no kafka.Kafka process"), findings,
                List.of(new Check("host.vm.swappiness", "vm.swappiness", CheckStatus.OK, "vm.swappiness=1"),
                        new Check("host.nic.speed", "nic eth0", CheckStatus.UNKNOWN, "link speed unknown"),
                        new Check("host.fs.type", "rule", CheckStatus.FAILED, "NullPointerException: x")),
                List.of(new Problem("procfs:mdstat", "missing")));
    }

    private static final Finding CRIT = new Finding("host.raid.degraded", Severity.CRITICAL, "md0 (/data/kafka)",
            "degraded [6/5] 1 failed", "all 6 members working", "word ".repeat(60).trim(),
            Map.of("array", "md0"), List.of("mdadm --detail /dev/md0", "cat /proc/mdstat"));
    private static final Finding WARN = new Finding("host.fs.noatime", Severity.WARNING, "mount /data", "relatime",
            "noatime", "why", Map.of(), List.of("mount -o remount,noatime /data"));

    @Test
    void rendersTableDetailsChecksAndProblems() {
        String text = new TextReport(false).render(report(List.of(CRIT, WARN)));
        assertThat(text).contains("host kafka-a01", "16 cpus", "64.0 GiB memory", "sampled 5 s",
                "broker: not-found (no kafka.Kafka process)",
                "FINDINGS (1 critical, 1 warning)",
                "SEVERITY", "CURRENT -> RECOMMENDED",
                "degraded [6/5] 1 failed -> all 6 members working",
                "relatime -> noatime",
                "      mdadm --detail /dev/md0",
                "evidence: array=md0",
                "CHECKS: 1 ok, 1 unknown, 1 failed",
                "  unknown  host.nic.speed  nic eth0: link speed unknown",
                "  failed   host.fs.type  rule: NullPointerException: x",
                "procfs:mdstat: missing");
        assertThat(text.indexOf("[1] critical")).isLessThan(text.indexOf("[2] warning"));
        assertThat(text).doesNotContain("\u001b[");
        assertThat(text.lines()).allMatch(l -> l.length() <= 110 || l.startsWith("      "));
    }

    @Test
    void readValuesWithANewlinePrintNoLineOfTheirOwn() {
        String evil = "kafka-evil\ntouch /tmp/pwned-host";
        HostFacts host = new HostFacts(evil, 16, 64L << 30, null, null, null, null, null, null, 5, null);
        Finding f = new Finding("host.fs.noatime", Severity.WARNING, "mount /data/x\ntouch /tmp/pwned", "relatime\rx",
                "noatime", "on /data/x\ntouch /tmp/pwned", Map.of("mountPoint", "/data/x\ntouch /tmp/pwned"),
                List.of("mount -o remount,noatime /data"));
        Report r = new Report(Report.SCHEMA_VERSION, "r-1", Instant.parse("2026-11-24T10:00:00Z"), "0.1.0", null,
                null, host, BrokerFacts.notFound("no kafka.Kafka process"), List.of(f),
                List.of(new Check("host.nic.speed", "nic a\ntouch /tmp/pwned-nic", CheckStatus.UNKNOWN,
                        "speed of a\ntouch /tmp/pwned-nic unknown"),
                        new Check("host.fs.type", "/x\ntouch /tmp/pwned-check", CheckStatus.FAILED, "bad\nid")),
                List.of(new Problem("procfs:mounts", "line\ntouch /tmp/pwned-problem")));
        String text = new TextReport(false).render(r);
        assertThat(text).contains("host kafka-evil\\ntouch /tmp/pwned-host", "mount /data/x\\ntouch /tmp/pwned",
                "relatime\\rx -> noatime", "mountPoint=/data/x\\ntouch /tmp/pwned",
                "nic a\\ntouch /tmp/pwned-nic: speed of a\\ntouch /tmp/pwned-nic unknown",
                "/x\\ntouch /tmp/pwned-check: bad\\nid", "procfs:mounts: line\\ntouch /tmp/pwned-problem");
        assertThat(text).doesNotContain("\r");
        // no read value starts a line of its own that a copy-paste would run
        assertThat(text.lines()).noneMatch(l -> l.startsWith("touch") || l.startsWith("id"));
    }

    @Test
    void rulesSkippedForTheSameMissingBrokerAreOneLine() {
        Report base = report(List.of());
        String why = "needs the broker, which is not-found: --no-broker: broker side skipped";
        Report r = new Report(base.schemaVersion(), base.reportId(), base.generatedAt(), base.agentVersion(), null,
                null, base.host(), base.broker(), List.of(), List.of(
                        new Check("broker.threads.io", "broker", CheckStatus.UNKNOWN, why),
                        new Check("broker.log-flush", "broker", CheckStatus.UNKNOWN, why),
                        new Check("host.nic.speed", "nic eth0", CheckStatus.UNKNOWN, "link speed unknown")),
                List.of());
        String text = new TextReport(false).render(r);
        assertThat(text).contains("CHECKS: 0 ok, 3 unknown, 0 failed",
                "  unknown  host.nic.speed  nic eth0: link speed unknown",
                "  unknown  2 rules (broker.threads.io, broker.log-flush): " + why);
        assertThat(text).doesNotContain("unknown  broker.threads.io  broker:");
    }

    @Test
    void tableColumnsLineUp() {
        String text = new TextReport(false).render(report(List.of(CRIT, WARN)));
        List<String> rows = text.lines().filter(l -> l.contains(" -> ") && l.startsWith("  [")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).indexOf("md0")).isEqualTo(rows.get(1).indexOf("mount /data"));
    }

    @Test
    void kernelSettingsOfSeveralFindingsAreGatheredInOneBlock() {
        Finding swap = new Finding("host.vm.swappiness", Severity.WARNING, "vm.swappiness", "60", "1", "why",
                Map.of(), List.of("echo unrelated", "sysctl -w vm.swappiness=1"));
        Finding maps = new Finding("host.vm.max-map-count", Severity.WARNING, "vm.max_map_count", "65530", "262144",
                "why", Map.of(), List.of("sysctl -w vm.max_map_count=262144"));
        String text = new TextReport(false).render(report(List.of(swap, maps, WARN)));
        assertThat(text).contains("ALL KERNEL SETTINGS ABOVE, IN ONE BLOCK\n")
                .contains("printf '%s\\n' 'vm.swappiness = 1' >> /etc/sysctl.d/99-broker-tuner.conf\n")
                .contains("printf '%s\\n' 'vm.max_map_count = 262144' >> /etc/sysctl.d/99-broker-tuner.conf\n")
                .contains("      sysctl -p /etc/sysctl.d/99-broker-tuner.conf")
                .contains("      sysctl -n vm.swappiness vm.max_map_count")
                .doesNotContain("cat >>");
        assertThat(new TextReport(false).render(report(List.of(swap, WARN)))).doesNotContain("ONE BLOCK");
    }

    @Test
    void theHostRulesSysctlLinesAreRecognised() {
        var snapshot = dev.brokertuner.agent.Snapshots.host(h -> h.sysctl("vm.swappiness", "60")
                .sysctl("vm.max_map_count", "65530"));
        var evaluation = new dev.brokertuner.agent.rules.RuleEngine(
                dev.brokertuner.agent.rules.HostRules.all()).evaluate(snapshot);
        String text = new TextReport(false).render(report(evaluation.findings()));
        assertThat(text).contains("'vm.swappiness = 1' >> /etc/sysctl.d/99-broker-tuner.conf",
                "'vm.max_map_count = 262144' >> /etc/sysctl.d/99-broker-tuner.conf", "ALL KERNEL SETTINGS ABOVE");
    }

    @Test
    void colorsOnlyWhenAsked() {
        assertThat(new TextReport(true).render(report(List.of(CRIT)))).contains("\u001b[1;31m");
    }

    @Test
    void noFindingsSaysSo() {
        assertThat(new TextReport(false).render(report(List.of()))).contains("No findings.");
    }
}
