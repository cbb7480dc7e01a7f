package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.broker.BrokerDiscovery;
import dev.brokertuner.agent.broker.KafkaCommandLine;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.host.DiskSpace;
import dev.brokertuner.agent.host.LinuxHostGatherer;
import dev.brokertuner.agent.host.Sleeper;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code cgroup-quota} tree: an 8-CPU host whose broker (pid 2381) runs in {@code system.slice/kafka.service}
 * with {@code cpu.max 400000 100000} (systemd {@code CPUQuota=400%}). Discovery reads effectiveCpus 4 and the thread
 * rules cap at 4, not at the host's 8.
 */
class CgroupQuotaGoldenTest {
    private static Path tree() {
        String repo = System.getProperty("bt.repo.dir");
        return repo == null ? Path.of("src/test/resources/golden-hosts", "cgroup-quota")
                : Path.of(repo, "agent/src/test/resources/golden-hosts", "cgroup-quota");
    }

    private static HostPaths paths() {
        return new HostPaths(tree().resolve("proc"), tree().resolve("sys"));
    }

    private static BrokerProcess discovered() {
        BrokerDiscovery d = new BrokerDiscovery(paths());
        List<KafkaCommandLine> found = d.scan();
        assertThat(found).extracting(KafkaCommandLine::pid).containsExactly(2381L);
        var p = d.process(found.get(0));
        assertThat(p.problems()).isEmpty();
        return p.value();
    }

    @Test
    void theBrokersQuotaIsFourOfTheHostsEightCpus() {
        BrokerProcess p = discovered();
        assertThat(p.effectiveCpus()).isEqualTo(4.0);
        assertThat(p.effectiveCpusSource()).isEqualTo("cgroup v2 cpu.max 400000 100000 (/system.slice/kafka.service)");
        assertThat(p.user()).isEqualTo("kafka");
        HostFacts host = new LinuxHostGatherer(paths(), DiskSpace.none(), Sleeper.system())
                .gather(List.of("/data/kafka"), 0).value();
        assertThat(host.cpus()).isEqualTo(8);
    }

    @Test
    void threadCapsAreAtFour() {
        BrokerProcess p = discovered();
        HostFacts host = new LinuxHostGatherer(paths(), DiskSpace.none(), Sleeper.system())
                .gather(List.of("/data/kafka"), 0).value();
        Snapshot shape = Snapshots.hostAndBroker(h -> { }, b -> b.config("num.io.threads", "4")
                .config("num.network.threads", "3").config("queued.max.requests", "500").ioIdle(0.2)
                .effectiveCpus(p.effectiveCpus(), p.effectiveCpusSource()));
        Snapshot s = new Snapshot(host, shape.broker());
        // 4 x 0.8 / 0.5 = 6.4 -> 7 on 8 host cores; the quota caps the pool at 4, where it already is.
        Finding io = onlyFinding(new IoThreadsRule().evaluate(s, Thresholds.defaults()));
        assertThat(io.recommended()).isEqualTo("add capacity, not threads (4 threads, at the 4-core cap)");
        assertThat(io.evidence()).containsEntry("broker.process.effectiveCpus", "4").containsEntry("host.cpus", "8");

        Snapshot net = Snapshots.hostAndBroker(h -> { }, b -> b.config("num.network.threads", "3")
                .config("queued.max.requests", "500").ioIdle(0.6).requestQueueSize(3).networkIdle(0.0)
                .effectiveCpus(p.effectiveCpus(), p.effectiveCpusSource()));
        // 3 x 1.0 / 0.5 = 6 per listener (within the host's 8), capped at 4 CPUs / 1 listener = 4
        Finding n = onlyFinding(new NetworkThreadsRule().evaluate(new Snapshot(host, net.broker()),
                Thresholds.defaults()));
        assertThat(n.recommended()).isEqualTo("4");
        assertThat(n.rationale()).contains("4 cores / 1 listener(s) = 4");
    }
}
