package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class NetworkThreadsRuleTest {
    private final NetworkThreadsRule rule = new NetworkThreadsRule();

    private static Snapshot snapshot(int cpus, Consumer<Snapshots.BrokerBuilder> broker) {
        return Snapshots.hostAndBroker(h -> h.cpus(cpus).sampleSeconds(5), b -> {
            b.config("num.network.threads", "3").config("queued.max.requests", "500").ioIdle(0.6)
                    .requestQueueSize(10);
            broker.accept(b);
        });
    }

    private List<Outcome> evaluate(Snapshot s) {
        return rule.evaluate(s, Thresholds.defaults());
    }

    @Test
    void busyProcessorsWithHealthyIoSideArePerListener() {
        // 3 x (1 - 0.2) = 2.4 busy; ceil(2.4 / 0.5) = 5 per listener; 2 listeners on 16 cores cap at 8.
        Finding f = onlyFinding(evaluate(snapshot(16, b -> b.networkIdle(0.2).listeners("PLAINTEXT", "SSL"))));
        assertThat(f.ruleId()).isEqualTo("broker.threads.network");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.recommended()).isEqualTo("5");
        assertThat(f.apply()).contains("kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers "
                + "--entity-name 1 --alter --add-config num.network.threads=5");
        assertThat(f.rationale()).contains("2 x 5 = 10 processors", "16 cores / 2 listener(s) = 8");
        assertThat(f.evidence()).containsEntry("listeners", "PLAINTEXT,SSL").containsEntry("requestQueueSize", "10");
    }

    @Test
    void moreThanDoubleIsStepped() {
        // 2 threads fully busy, aiming at 0.8 idle: ceil(2 / 0.2) = 10 -> 2, 4, 8, 10.
        var out = rule.evaluate(snapshot(32, b -> b.config("num.network.threads", "2").networkIdle(0.0)),
                new Thresholds(Map.of("targetIdle", 0.8)));
        Finding f = onlyFinding(out);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.evidence()).containsEntry("steps", "2 -> 4 -> 8 -> 10");
        assertThat(f.apply()).filteredOn(l -> l.contains("--entity-name 1 --alter --add-config")).hasSize(3);
        assertThat(f.apply()).contains("#   kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers "
                + "--entity-default --alter --add-config num.network.threads=10");
    }

    @Test
    void listenersComeFromTheConfigWhenNotGathered() {
        Finding f = onlyFinding(evaluate(snapshot(4, b -> b.listeners().networkIdle(0.1)
                .config("listeners", "PLAINTEXT://:9092,SSL://:9093,CONTROLLER://:9094")
                .config("controller.listener.names", "CONTROLLER"))));
        // cap 4 cores / 2 listeners = 2, below 3 now: capped.
        assertThat(f.evidence()).containsEntry("listeners", "PLAINTEXT,SSL");
        assertThat(f.recommended()).startsWith("3 (capped");
    }

    @Test
    void busyIoThreadsComeFirst() {
        var out = evaluate(snapshot(16, b -> b.networkIdle(0.1).ioIdle(0.1)));
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("I/O threads are busy", "broker.threads.io"));
    }

    @Test
    void fullRequestQueueBlocksNetworkThreads() {
        var out = evaluate(snapshot(16, b -> b.networkIdle(0.1).requestQueueSize(400)));
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("400 of 500", "block"));
    }

    @Test
    void combinedModeBefore42CannotTellTheIoSideIsHealthy() {
        var out = evaluate(snapshot(16, b -> b.networkIdle(0.1).processRoles("broker,controller")
                .kafkaVersion("4.1.1")));
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("combined mode", "KAFKA-19606"));
    }

    @Test
    void combinedModeFrom42CannotTellTheIoSideIsHealthyEither() {
        // The I/O idle 0.6 may be the aggregate that averages in the controller pool: unknown, not a finding.
        var out = evaluate(snapshot(16, b -> b.networkIdle(0.2).processRoles("broker,controller")
                .kafkaVersion("4.3.1").requestQueueSize(499)));
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("combined mode", "BrokerRequestHandlerAvgIdlePercent"));
    }

    @Test
    void healthyPasses() {
        assertThat(passes(evaluate(snapshot(16, b -> b.networkIdle(0.7))))).hasSize(1);
    }

    @Test
    void missingInputsAreUnknown() {
        assertThat(unknowns(evaluate(snapshot(16, b -> { })))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("NetworkProcessorAvgIdlePercent"));
        assertThat(unknowns(evaluate(Snapshots.hostAndBroker(h -> { }, b -> b.config("num.network.threads", "3")
                .networkIdle(0.1))))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("RequestHandlerAvgIdlePercent was not read"));
    }

    @Test
    void busyCoresMeanCapacityNotProcessors() {
        Finding f = onlyFinding(evaluate(snapshot(16, b -> b.networkIdle(0.2).cpuUsage(0.95, 0.0, 14.0))));
        assertThat(f.recommended()).isEqualTo("3 (CPUs busy; add capacity instead)");
        assertThat(f.apply()).noneMatch(l -> l.contains("--add-config"));
        assertThat(f.rationale()).contains("0.95 busy", "broker-tuner's own heuristic");
    }

    @Test
    void theEffectiveCpusCapThePoolPerListener() {
        // 3 x 0.8 / 0.5 = 4.8 -> 5 per listener; 16 host cores but 4 effective CPUs / 2 listeners = 2: capped.
        Finding f = onlyFinding(evaluate(snapshot(16, b -> b.networkIdle(0.2).listeners("PLAINTEXT", "SSL")
                .effectiveCpus(4, "cgroup v2 cpuset.cpus.effective 0-3"))));
        assertThat(f.recommended()).startsWith("3 (capped");
        assertThat(f.rationale()).contains("4 cores / 2 listener(s) = 2", "cpuset.cpus.effective 0-3");
    }

    @Test
    void combinedModeWithTheBrokerPoolMeterJudgesTheProcessors() {
        // KIP-1207: healthy broker-pool I/O threads show the broker's queue drains; the shared RequestQueueSize
        // gauge (maybe the controller's) is not used.
        Finding f = onlyFinding(evaluate(snapshot(16, b -> b.processRoles("broker,controller").brokerPoolIdle(0.7)
                .networkIdle(0.2).requestQueueSize(0))));
        assertThat(f.recommended()).isEqualTo("5");
        assertThat(f.evidence().get("requestQueueSize")).startsWith("not used");
        assertThat(f.evidence().get("idleMeter")).contains("BrokerRequestHandlerAvgIdlePercent");
    }
}
