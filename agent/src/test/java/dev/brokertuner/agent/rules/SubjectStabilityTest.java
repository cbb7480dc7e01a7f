package dev.brokertuner.agent.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.Finding;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Subjects are identities: the agent's Prometheus series are labelled with rule, severity and subject, and the
 * collector groups a host's findings by them. A broker restart (new PID, new open-file and map counts, new rates)
 * must leave every subject of every built-in rule as it was.
 */
class SubjectStabilityTest {
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.builtIn().rules());

    /** A host that gives most rules something to say: low limits, relatime ext4, a slow NIC, a loaded broker. */
    private static Snapshot run(long pid, long openFiles, long maps, double idle, double bytesIn) {
        Consumer<Snapshots.HostBuilder> host = h -> h.sysctl("vm.max_map_count", "65530")
                .sysctl("vm.swappiness", "60").sysctl("fs.file-max", "50000")
                .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")
                .swapTotalBytes(4L << 30).sampleSeconds(5)
                .mount("/data", "/dev/sdb1", "ext4", "rw,relatime").dataDir("/data/kafka", "/data", null, "sdb")
                .nic("eth0", 1000L);
        Consumer<Snapshots.BrokerBuilder> broker = b -> b.process(pid, 4096L, openFiles, maps)
                .partitionCount(30_000).logDir("/data/kafka", 10L << 40).config("log.segment.bytes", "536870912")
                .config("remote.log.storage.system.enable", "false").config("log.retention.hours", "168")
                .config("num.io.threads", "8").config("num.network.threads", "3")
                .config("log.flush.interval.messages", "1")
                .ioIdle(idle).networkIdle(idle).bytesIn(bytesIn, bytesIn / 2);
        return Snapshots.hostAndBroker(host, broker);
    }

    private static Set<String> identities(Snapshot s) {
        Evaluation e = ENGINE.evaluate(s);
        Set<String> ids = new TreeSet<>();
        for (Finding f : e.findings()) {
            ids.add(f.ruleId() + " | " + f.subject());
        }
        for (Check c : e.checks()) {
            ids.add(c.ruleId() + " | " + c.subject());
        }
        return ids;
    }

    @Test
    void aRestartedBrokerKeepsEverySubject() {
        Set<String> before = identities(run(4242, 3900, 60_000, 0.2, 50e6));
        Set<String> after = identities(run(977, 3100, 59_000, 0.25, 40e6));
        assertThat(before).as("the snapshot exercises the process-bound rules").anyMatch(s -> s.startsWith(
                "host.nofile | broker process")).anyMatch(s -> s.startsWith("host.vm.max-map-count"));
        assertThat(after).isEqualTo(before);
        assertThat(before).noneMatch(s -> s.contains("4242")).noneMatch(s -> s.contains("977"));
    }

    @Test
    void findingsOfTheSameSubjectKeepTheirPrometheusLabels() {
        // rule + subject are the Prometheus labels besides severity; a restart must not open new series.
        List<Finding> before = ENGINE.evaluate(run(4242, 3900, 60_000, 0.2, 50e6)).findings();
        List<Finding> after = ENGINE.evaluate(run(977, 3900, 60_000, 0.2, 50e6)).findings();
        assertThat(after).extracting(f -> f.ruleId() + "/" + f.severity().wire() + "/" + f.subject())
                .containsExactlyInAnyOrderElementsOf(before.stream()
                        .map(f -> f.ruleId() + "/" + f.severity().wire() + "/" + f.subject()).toList());
    }
}
