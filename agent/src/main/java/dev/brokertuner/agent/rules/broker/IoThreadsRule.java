package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Sizes {@code num.io.threads} (the request handler pool) from {@code RequestHandlerAvgIdlePercent} over the agent's
 * window: below 0.3 idle it recommends the count that brings idle to about 0.5, floored at the data disks and capped
 * at the CPUs the broker can run on (see {@link IoSizing}, {@link BrokerCpus}), applied live in steps that at most
 * double the pool, then consolidated into the cluster default (see {@link ThreadSteps}). When those CPUs are busy
 * over the window ({@link CpuHeadroom}) the advice is capacity, not threads. With
 * {@code BrokerRequestHandlerAvgIdlePercent} (KIP-1207) the reading is trusted both ways; with only the aggregate
 * meter in KRaft combined mode it is an upper bound: a low reading is trusted, a high one is unknown (see
 * {@link HandlerIdle}). The daemon advises only when consecutive windows agree ({@link WindowAgreement}).
 */
public final class IoThreadsRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.threads.io";
    static final String IDLE_WARN = "idleWarning";
    static final String IDLE_CRIT = "idleCritical";
    static final String TARGET = "targetIdle";
    static final String CONFIG = "num.io.threads";

    static final RuleMeta META = new RuleMeta(ID,
            "num.io.threads: request handler idle below 0.3 over the window recommends ceil(threads x (1 - idle) / "
                    + "0.5), floored at the data disks, capped at the broker's effective CPUs (cgroup quota, cpuset), "
                    + "applied live in steps of at most double then consolidated; busy CPUs advise capacity instead; "
                    + "the daemon advises only when 3 consecutive windows agree.",
            Set.of(Source.HOST, Source.BROKER, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_MONITORING, Sources.NETDATA_IDLE, Sources.REDHAT_THREADS,
                    Sources.KAFKA_THREAD_UPDATES, Sources.KIP_1207, CpuHeadroom.CGROUP_DOCS, CpuHeadroom.HEURISTIC,
                    WindowAgreement.HEURISTIC),
            Map.of(IDLE_WARN, 0.3, IDLE_CRIT, 0.1, TARGET, 0.5, CpuHeadroom.THRESHOLD, CpuHeadroom.DEFAULT,
                    WindowAgreement.THRESHOLD, WindowAgreement.DEFAULT,
                    WindowAgreement.GAP, WindowAgreement.DEFAULT_GAP),
            Set.of(Severity.WARNING, Severity.CRITICAL));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        return WindowAgreement.judge(snapshot, thresholds, this::window, List.of(CONFIG));
    }

    /** The single-window judgement. */
    List<Outcome> window(Snapshot snapshot, Thresholds thresholds) {
        double warn = thresholds.get(IDLE_WARN, 0.3);
        double crit = thresholds.get(IDLE_CRIT, 0.1);
        double target = thresholds.get(TARGET, 0.5);
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(CONFIG, "broker not read (" + broker.status().wire() + ")"));
        }
        OptionalLong current = BrokerConfigs.longValue(broker, CONFIG);
        if (current.isEmpty() || current.getAsLong() < 1 || current.getAsLong() > Integer.MAX_VALUE) {
            return List.of(new Outcome.Unknown(CONFIG, CONFIG + " not read from describeConfigs"));
        }
        Optional<HandlerIdle> idle = HandlerIdle.of(snapshot);
        if (idle.isEmpty()) {
            return List.of(new Outcome.Unknown(CONFIG, "RequestHandlerAvgIdlePercent not read from JMX"));
        }
        HandlerIdle h = idle.get();
        int threads = (int) current.getAsLong();
        if (h.value() >= warn) {
            if (h.upperBound()) {
                return List.of(new Outcome.Unknown(CONFIG, h.sharedMeterReason(broker)));
            }
            return List.of(new Outcome.Pass(CONFIG, CONFIG + "=" + threads + ", request handler idle "
                    + Units.ratio(h.value()) + " " + h.window() + " (" + h.meter() + ")"));
        }
        Optional<CpuHeadroom> cpu = CpuHeadroom.of(snapshot, thresholds.get(CpuHeadroom.THRESHOLD,
                CpuHeadroom.DEFAULT));
        return List.of(recommend(snapshot, threads, h, target, crit, cpu));
    }

    private Outcome recommend(Snapshot snapshot, int threads, HandlerIdle h, double target, double crit,
                              Optional<CpuHeadroom> cpu) {
        BrokerFacts broker = snapshot.broker();
        IoSizing size = IoSizing.of(snapshot, threads, h.value(), target);
        Severity severity = h.value() < crit ? Severity.CRITICAL : Severity.WARNING;
        boolean cpuBusy = cpu.map(CpuHeadroom::busy).orElse(false);
        Map<String, String> evidence = size.evidence();
        evidence.put("idleMeter", h.meterEvidence());
        cpu.ifPresent(c -> c.addTo(evidence));
        evidence.put("window", h.window());
        evidence.put("process.roles", String.valueOf(broker.processRoles()));
        evidence.put("kafkaVersion", String.valueOf(broker.kafkaVersion()));
        broker.config(CONFIG).ifPresent(c -> evidence.put(CONFIG + ".source", c.source()));
        Double produceQueue = broker.metrics().produceRequestQueueTimeMsP99();
        Double fetchQueue = broker.metrics().fetchConsumerRequestQueueTimeMsP99();
        if (produceQueue != null) {
            evidence.put("produceRequestQueueTimeMsP99", Units.exact(produceQueue));
        }
        if (fetchQueue != null) {
            evidence.put("fetchConsumerRequestQueueTimeMsP99", Units.exact(fetchQueue));
        }
        StringBuilder why = new StringBuilder();
        why.append("The request handler (I/O) threads were ").append(Units.ratio(h.value())).append(" idle ")
                .append(h.window()).append("; Kafka's documentation wants this \"ideally > 0.3\". broker-tuner's reading of ")
                .append("the request channel, not the documentation's words: below that, requests wait in the request ")
                .append("queue (RequestQueueTimeMs grows) before a handler takes them. ");
        if (h.upperBound()) {
            why.append("This broker runs in KRaft combined mode and registers no BrokerRequestHandlerAvgIdlePercent, ")
                    .append("so the agent read the aggregate RequestHandlerAvgIdlePercent, which includes the ")
                    .append("controller pool (KAFKA-19606: a shared meter summing both pools' idle ratios before ")
                    .append("KIP-1207); it is taken as an upper bound: the broker pool is at most ")
                    .append(Units.ratio(h.value())).append(" idle, so the count below is a lower bound; ")
                    .append("num.io.threads also sizes the controller's pool, and both share the cores. ");
        } else if (h.meter().equals(HandlerIdle.BROKER_METER)) {
            why.append("The reading is BrokerRequestHandlerAvgIdlePercent, the broker pool alone (KIP-1207). ");
        }
        why.append(size.explanation());
        if (cpuBusy && !size.capped()) {
            why.append("But ").append(cpu.get().describe()).append(": at or above ")
                    .append(Units.ratio(cpu.get().threshold())).append(" (broker-tuner's own heuristic, threshold ")
                    .append(CpuHeadroom.THRESHOLD).append(") the cores are busy, so more I/O threads would only ")
                    .append("queue for the same cores: the limit is CPU, not the pool. Add capacity instead: raise ")
                    .append("the broker's CPU quota or cores, spread partition leaders to other brokers, or add ")
                    .append("brokers. ");
        } else if (size.capped()) {
            why.append("The pool has ").append(threads).append(" threads, ").append(size.capWording())
                    .append("; more threads will not help, they would only compete for the same cores: the limit ")
                    .append("is CPU or disk, not the pool. Add capacity instead: spread ")
                    .append("partitions (leaders) to other brokers, add brokers or faster disks, or move the broker ")
                    .append("to a host with more cores. ");
        } else {
            ThreadSteps steps = ThreadSteps.between(threads, size.recommended());
            why.append("Recommended: ").append(size.recommended()).append(". A live change may at most double the ")
                    .append("pool (Kafka rejects anything above currentSize * 2), so apply ").append(steps.path())
                    .append(steps.steps().size() > 1 ? " in " + steps.steps().size() + " steps" : "")
                    .append(", per broker (--entity-name). A cluster default (--entity-default) is validated only ")
                    .append("against the receiving broker's value; brokers whose change would exceed double keep ")
                    .append("the old value and only log it. So the steps go per broker, and a last consolidation ")
                    .append("step sets the cluster default and deletes each broker's override, so that no ")
                    .append("per-broker value shadows a later default. ");
        }
        why.append("Sources: ").append(String.join("; ", sources())).append('.');
        List<String> apply = new ArrayList<>();
        String recommended;
        if (cpuBusy && !size.capped()) {
            recommended = "add CPU capacity, not threads (the broker's CPUs are busy)";
            apply.add(Shell.comment("the broker's CPUs are busy (" + Units.ratio(cpu.get().used()) + " used): more "
                    + "I/O threads will not help; raise its CPU quota or cores, rebalance leaders "
                    + "(kafka-leader-election.sh / kafka-reassign-partitions.sh) or add brokers"));
        } else if (size.capped()) {
            recommended = "add capacity, not threads (" + threads + " threads, " + size.capWording() + ")";
            apply.add(Shell.comment("num.io.threads=" + threads + " is " + size.capWording() + ": more threads will "
                    + "not help; rebalance leaders "
                    + "(kafka-leader-election.sh / kafka-reassign-partitions.sh) or add brokers, disks or cores"));
        } else {
            ThreadSteps steps = ThreadSteps.between(threads, size.recommended());
            recommended = String.valueOf(size.recommended());
            evidence.put("steps", steps.path());
            apply.addAll(steps.applyLines(broker, CONFIG, h.meter()));
        }
        return new Outcome.Recommend(new Finding(ID, severity, CONFIG, String.valueOf(threads), recommended,
                why.toString(), evidence, BrokerConfigs.withCommandConfigNote(apply)));
    }
}
