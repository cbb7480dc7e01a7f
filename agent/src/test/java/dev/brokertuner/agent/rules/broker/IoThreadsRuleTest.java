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

class IoThreadsRuleTest {
    private static final String ALTER = "kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers "
            + "--entity-name 1 --alter --add-config num.io.threads=";
    private final IoThreadsRule rule = new IoThreadsRule();

    private static Snapshot snapshot(int cpus, int disks, Consumer<Snapshots.BrokerBuilder> broker) {
        return Snapshots.hostAndBroker(h -> {
            h.cpus(cpus).sampleSeconds(5);
            for (int i = 0; i < disks; i++) {
                h.dataDir("/data/" + i + "/kafka", "/data/" + i, 1L << 40, 1L << 39, "sd" + (char) ('a' + i));
            }
        }, broker);
    }

    private List<Outcome> evaluate(Snapshot s) {
        return rule.evaluate(s, Thresholds.defaults());
    }

    @Test
    void oneBusyThreadUnderProduceLoadBecomesTwo() {
        // 1 x (1 - 0.12) = 0.88 busy; ceil(0.88 / 0.5) = 2, within 1 disk and 8 cores.
        Finding f = onlyFinding(evaluate(snapshot(8, 1, b -> b.config("num.io.threads", "1").ioIdle(0.12))));
        assertThat(f.ruleId()).isEqualTo("broker.threads.io");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("1");
        assertThat(f.recommended()).isEqualTo("2");
        assertThat(f.apply()).startsWith(BrokerConfigs.COMMAND_CONFIG_NOTE, ALTER + "2");
        // the consolidation is a comment block, to run once every broker has run its step
        assertThat(f.apply()).endsWith("#   kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers "
                + "--entity-default --alter --add-config num.io.threads=2", "#   kafka-configs.sh --bootstrap-server "
                + "localhost:9092 --entity-type brokers --entity-name 1 --alter --delete-config num.io.threads");
        assertThat(f.apply()).contains("# after every broker runs the step above (one at a time), consolidate:")
                .noneMatch(l -> !l.startsWith("#") && l.contains("--entity-default"));
        assertThat(f.evidence()).containsEntry("requestHandlerIdleRatio", "0.12").containsEntry("countFromIdle", "2")
                .containsEntry("window", "over the 5 s sample window");
        assertThat(f.rationale()).contains("ideally > 0.3", "ceil(0.88 / 0.5) = 2", "kafka.apache.org");
    }

    @Test
    void diskFloorAboveDoubleIsAppliedInSteps() {
        // 2 threads 0.2 idle -> ceil(3.2) = 4 from idle, but 12 data disks set the floor; 32 cores allow it.
        Finding f = onlyFinding(evaluate(snapshot(32, 12, b -> b.config("num.io.threads", "2").ioIdle(0.2))));
        assertThat(f.recommended()).isEqualTo("12");
        assertThat(f.evidence()).containsEntry("steps", "2 -> 4 -> 8 -> 12").containsEntry("dataDisks", "12");
        assertThat(f.apply()).filteredOn(l -> l.startsWith(ALTER))
                .containsExactly(ALTER + "4", ALTER + "8", ALTER + "12");
        assertThat(f.apply()).anyMatch(l -> l.contains("step 1 of 3: 2 -> 4"))
                .anyMatch(l -> l.contains("step 3 of 3: 8 -> 12"));
        assertThat(f.rationale()).contains("12 data disks", "at most double");
    }

    @Test
    void targetIdleOverrideCanAskForMoreThanDouble() {
        // 4 x (1 - 0.05) = 3.8 busy; to leave 0.8 idle: ceil(3.8 / 0.2) = 19.
        List<Outcome> out = rule.evaluate(snapshot(64, 1, b -> b.config("num.io.threads", "4").ioIdle(0.05)),
                new Thresholds(Map.of("targetIdle", 0.8)));
        Finding f = onlyFinding(out);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommended()).isEqualTo("19");
        assertThat(f.evidence()).containsEntry("steps", "4 -> 8 -> 16 -> 19");
    }

    @Test
    void cappedAtTheCores() {
        // 8 x 0.8 / 0.5 = 12.8 -> 13, but 8 cores: already at the cap, so add capacity instead.
        Finding f = onlyFinding(evaluate(snapshot(8, 2, b -> b.config("num.io.threads", "8").ioIdle(0.2))));
        assertThat(f.current()).isEqualTo("8");
        assertThat(f.recommended()).isEqualTo("add capacity, not threads (8 threads, at the 8-core cap)");
        assertThat(f.apply()).noneMatch(l -> l.startsWith("kafka-configs.sh"));
        assertThat(f.rationale()).contains("CPU or disk, not the pool");
    }

    @Test
    void moreThreadsThanCoresIsAboveTheCapAndRecommendsCapacity() {
        // 8 threads on 4 cores, 0.2 idle: the pool is already past the cap; it must not say "recommended=8" or
        // "the cap" as if 8 were the 4-core cap.
        Finding f = onlyFinding(evaluate(snapshot(4, 1, b -> b.config("num.io.threads", "8").ioIdle(0.2))));
        assertThat(f.recommended()).isEqualTo("add capacity, not threads (8 threads, above the 4-core cap)")
                .doesNotContain("capped at");
        assertThat(f.rationale()).contains("8 threads, above the 4-core cap; more threads will not help")
                .doesNotContain("already at 8 threads, the cap").doesNotContain("Recommended: 8");
        assertThat(f.apply()).noneMatch(l -> l.contains("--add-config"))
                .anyMatch(l -> l.contains("above the 4-core cap: more threads will not help"));
    }

    @Test
    void partlyCappedGoesToTheCores() {
        // 4 x 0.95 / 0.5 = 7.6 -> 8, capped at 6 cores.
        Finding f = onlyFinding(evaluate(snapshot(6, 1, b -> b.config("num.io.threads", "4").ioIdle(0.05))));
        assertThat(f.recommended()).isEqualTo("6");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void healthyIdlePasses() {
        assertThat(passes(evaluate(snapshot(8, 1, b -> b.config("num.io.threads", "8").ioIdle(0.62)))))
                .singleElement().satisfies(p -> assertThat(p.detail()).contains("0.62"));
    }

    @Test
    void unknownInputsMakeNoClaim() {
        assertThat(unknowns(evaluate(snapshot(8, 1, b -> b.config("num.io.threads", "8")))))
                .singleElement().satisfies(u -> assertThat(u.reason()).contains("RequestHandlerAvgIdlePercent"));
        assertThat(unknowns(evaluate(snapshot(8, 1, b -> b.ioIdle(0.1)))))
                .singleElement().satisfies(u -> assertThat(u.reason()).contains("num.io.threads not read"));
        assertThat(unknowns(evaluate(Snapshots.host(h -> { })))).hasSize(1);
    }

    @Test
    void combinedModeBefore42HighReadingIsUnknown() {
        // The shared meter sums broker and controller idle: 0.9 cannot show the broker pool is idle.
        var out = evaluate(snapshot(8, 1, b -> b.processRoles("broker,controller").kafkaVersion("4.1.0")
                .config("num.io.threads", "8").ioIdle(0.9)));
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("combined mode", "KAFKA-19606", "0.90"));
    }

    @Test
    void combinedModeBefore42LowReadingStillRecommendsALowerBound() {
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.processRoles("broker, controller")
                .kafkaVersion("3.9.1").config("num.io.threads", "8").ioIdle(0.2))));
        assertThat(f.recommended()).isEqualTo("13");
        assertThat(f.rationale()).contains("combined mode", "lower bound", "controller");
        assertThat(f.evidence()).containsEntry("process.roles", "broker, controller");
    }

    @Test
    void combinedModeFrom42HighReadingIsStillOnlyAnUpperBound() {
        // The gatherer falls back to the aggregate RequestHandlerAvgIdlePercent when the broker pool's bean is
        // absent, and the report does not say which was read: 0.6 may hide a broker pool at 0.2.
        var out = evaluate(snapshot(8, 1, b -> b.processRoles("broker,controller").kafkaVersion("4.2.0")
                .config("num.io.threads", "8").ioIdle(0.6)));
        assertThat(passes(out)).isEmpty();
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("combined mode", "0.60", "registers no BrokerRequestHandlerAvgIdlePercent"));
    }

    @Test
    void combinedModeWithTheBrokerPoolMeterIsTrustedBothWays() {
        // KIP-1207: BrokerRequestHandlerAvgIdlePercent is the broker pool alone, so a high reading passes ...
        var healthy = evaluate(snapshot(8, 1, b -> b.processRoles("broker,controller").kafkaVersion("4.3.1")
                .config("num.io.threads", "8").brokerPoolIdle(0.6)));
        assertThat(passes(healthy)).singleElement().satisfies(p -> assertThat(p.detail())
                .contains("0.60", "BrokerRequestHandlerAvgIdlePercent"));
        // ... and a low one recommends the count it asks for, not a lower bound.
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.processRoles("broker,controller")
                .kafkaVersion("4.3.1").config("num.io.threads", "8").brokerPoolIdle(0.2))));
        assertThat(f.recommended()).isEqualTo("13");
        assertThat(f.rationale()).contains("BrokerRequestHandlerAvgIdlePercent, the broker pool alone")
                .doesNotContain("upper bound").doesNotContain("lower bound");
        assertThat(f.evidence()).containsEntry("idleMeter", "kafka.server:type=KafkaRequestHandlerPool,"
                + "name=BrokerRequestHandlerAvgIdlePercent (the broker pool alone, KIP-1207)");
    }

    @Test
    void theAggregateMeterIsNamedInTheEvidence() {
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.processRoles("broker,controller")
                .kafkaVersion("3.9.1").config("num.io.threads", "8").ioIdle(0.2))));
        assertThat(f.evidence().get("idleMeter")).contains("name=RequestHandlerAvgIdlePercent", "upper bound");
    }

    @Test
    void combinedModeFrom42LowReadingStillRecommends() {
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.processRoles("broker,controller")
                .kafkaVersion("4.3.1").config("num.io.threads", "8").ioIdle(0.2))));
        assertThat(f.recommended()).isEqualTo("13");
        assertThat(f.rationale()).contains("upper bound", "lower bound");
    }

    @Test
    void dedicatedBrokerHighReadingPasses() {
        assertThat(passes(evaluate(snapshot(8, 1, b -> b.processRoles("broker").kafkaVersion("4.2.0")
                .config("num.io.threads", "8").ioIdle(0.9))))).hasSize(1);
    }

    @Test
    void thresholdOverrideMovesTheTrigger() {
        var out = rule.evaluate(snapshot(8, 1, b -> b.config("num.io.threads", "4").ioIdle(0.4)),
                new Thresholds(Map.of("idleWarning", 0.5)));
        assertThat(onlyFinding(out).recommended()).isEqualTo("5");
    }

    @Test
    void theCgroupQuotaCapsThePoolNotTheHostsCores() {
        // 8 host CPUs, but cpu.max 400000 100000: 4 x 0.8 / 0.5 = 6.4 -> 7 on the host, capped at 4 by the quota.
        Finding f = onlyFinding(evaluate(snapshot(8, 1, b -> b.config("num.io.threads", "4").ioIdle(0.2)
                .effectiveCpus(4, "cgroup v2 cpu.max 400000 100000 (/system.slice/kafka.service)"))));
        assertThat(f.recommended()).isEqualTo("add capacity, not threads (4 threads, at the 4-core cap)");
        assertThat(f.evidence()).containsEntry("broker.process.effectiveCpus", "4").containsEntry("host.cpus", "8")
                .containsEntry("broker.process.effectiveCpusSource",
                        "cgroup v2 cpu.max 400000 100000 (/system.slice/kafka.service)");
        assertThat(f.rationale()).contains("the broker's 4 effective CPUs, from cgroup v2 cpu.max 400000 100000");
    }

    @Test
    void aFractionalQuotaCapsAtTheWholeCpuAbove() {
        // 1.5 CPUs: two threads can each run part of the time; 1 x 0.9 / 0.5 = 1.8 -> 2.
        Finding f = onlyFinding(evaluate(snapshot(8, 1, b -> b.config("num.io.threads", "1").ioIdle(0.1)
                .effectiveCpus(1.5, "cgroup v1 cpu.cfs_quota_us 150000 / cpu.cfs_period_us 100000 (/k)"))));
        assertThat(f.recommended()).isEqualTo("2");
    }

    @Test
    void busyCoresMeanCapacityNotThreads() {
        // The pool asks for 13 on 16 cores, but the broker's CPUs were 0.92 busy (0.10 steal): more threads would
        // only queue for the same cores.
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.config("num.io.threads", "8").ioIdle(0.2)
                .cpuUsage(0.92, 0.10, 11.0))));
        assertThat(f.recommended()).isEqualTo("add CPU capacity, not threads (the broker's CPUs are busy)");
        assertThat(f.apply()).noneMatch(l -> l.contains("--add-config"));
        assertThat(f.rationale()).contains("0.92 busy", "steal 0.10", "broker-tuner's own heuristic", "cpuBusy");
        assertThat(f.evidence()).containsEntry("cpu.busyRatio", "0.92").containsEntry("cpu.stealRatio", "0.1")
                .containsEntry("threshold.cpuBusy", "0.8 (heuristic)");
    }

    @Test
    void aContainerAtItsQuotaIsBusyHoweverIdleTheHost() {
        // The host is 0.3 busy, but the broker used 3.8 of its 4 quota CPUs: it is throttled.
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.config("num.io.threads", "2").ioIdle(0.1)
                .effectiveCpus(4, "cgroup v2 cpu.max 400000 100000 (/k)").cpuUsage(0.3, 0.0, 3.8))));
        assertThat(f.recommended()).startsWith("add CPU capacity");
        assertThat(f.rationale()).contains("the broker used 3.8 CPUs of its 4");
    }

    @Test
    void throttlingIsNamedInTheEvidenceAndTheRationale() {
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.config("num.io.threads", "2").ioIdle(0.1)
                .effectiveCpus(4, "cgroup v2 cpu.max 400000 100000 (/k)").cpuUsage(0.3, 0.0, 3.9, 0.6))));
        assertThat(f.evidence()).containsEntry("cpu.throttledRatio", "0.6");
        assertThat(f.rationale()).contains("ran out of CPU quota in 60% of the quota periods");
    }

    @Test
    void idleCoresLeaveTheThreadAdvice() {
        Finding f = onlyFinding(evaluate(snapshot(16, 1, b -> b.config("num.io.threads", "8").ioIdle(0.2)
                .cpuUsage(0.35, 0.0, 5.0))));
        assertThat(f.recommended()).isEqualTo("13");
        assertThat(f.evidence()).containsEntry("cpu.busyRatio", "0.35");
    }

    @Test
    void inspectSaysItJudgedASingleWindow() {
        Finding f = onlyFinding(evaluate(snapshot(8, 1, b -> b.config("num.io.threads", "1").ioIdle(0.12))));
        assertThat(f.evidence()).containsEntry("windowsAgreeing", "1 (single window)");
        assertThat(f.rationale()).contains("single window (inspect)", "3 consecutive windows agree");
    }
}
