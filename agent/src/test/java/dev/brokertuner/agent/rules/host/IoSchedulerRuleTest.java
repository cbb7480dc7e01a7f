package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class IoSchedulerRuleTest {
    private final IoSchedulerRule rule = new IoSchedulerRule();

    private static Disk disk(String name, Boolean rotational, String scheduler) {
        return new Disk(name, rotational, 1L << 40, scheduler, null, null, null);
    }

    @Test
    void bfqOnNvmeIsInformationWithTheKernelsDefault() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/nvme1n1", "xfs", "rw")
                .dataDir("/data/kafka", "/data", null, "nvme1n1").disk(disk("nvme1n1", false, "bfq"))),
                Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.current()).isEqualTo("bfq");
        assertThat(f.recommended()).isEqualTo("none");
        assertThat(f.rationale()).contains("privileges latency over throughput", "bfq-iosched.rst",
                "elevator.c", "Kafka's documentation says nothing");
        assertThat(f.apply()).containsExactly(
                "echo none > /sys/block/nvme1n1/queue/scheduler   # now, until reboot",
                "echo 'ACTION==\"add|change\", KERNEL==\"nvme1n1\", ATTR{queue/scheduler}=\"none\"' > "
                        + "/etc/udev/rules.d/60-broker-tuner-scheduler-nvme1n1.rules   # persists across reboots",
                "udevadm control --reload");
    }

    @Test
    void bfqOnASataSsdRecommendsMqDeadline() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/sdb", "xfs", "rw")
                .dataDir("/data/kafka", "/data", null, "sdb").disk(disk("sdb", false, "bfq"))),
                Thresholds.defaults()));
        assertThat(f.recommended()).isEqualTo("mq-deadline");
    }

    @Test
    void rotationalDisksAndOtherSchedulersPass() {
        var out = rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/md0", "xfs", "rw")
                .dataDir("/data/kafka", "/data", null, "sda", "sdb", "nvme0n1", "nvme1n1")
                .disk(disk("sda", true, "bfq")).disk(disk("sdb", false, "mq-deadline"))
                .disk(disk("nvme0n1", false, "none")).disk(disk("nvme1n1", false, "kyber"))), Thresholds.defaults());
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).hasSize(4);
    }

    @Test
    void assessedMountsAndUnknownSchedulersMakeNoClaim() {
        var assessed = rule.evaluate(Snapshots.host(h -> h.dataDir(new DataDir("/", "/", "xfs", true,
                List.of("nvme0n1"), null, null, null, true)).disk(disk("nvme0n1", false, "bfq"))),
                Thresholds.defaults());
        assertThat(findings(assessed)).isEmpty();
        var unreadable = rule.evaluate(Snapshots.host(h -> h.mount("/data", "/dev/sdb", "xfs", "rw")
                .dataDir("/data/kafka", "/data", null, "sdb").disk(disk("sdb", false, null))), Thresholds.defaults());
        assertThat(unknowns(unreadable)).singleElement().satisfies(u -> assertThat(u.reason()).contains("scheduler"));
    }
}
