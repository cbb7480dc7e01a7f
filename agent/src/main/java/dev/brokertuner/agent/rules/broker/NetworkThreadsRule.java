package dev.brokertuner.agent.rules.broker;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Sizes {@code num.network.threads} (processors per data-plane listener) from
 * {@code NetworkProcessorAvgIdlePercent}, the same way {@link IoThreadsRule} sizes the I/O pool, but only when the
 * I/O side is healthy and the request queue is below half its capacity: network threads block while the request
 * queue is full, which also drives their idle ratio down, so then more network threads would not help. The cap is the
 * cores divided by the listeners (each listener gets its own pool). The gatherer reads network idle from the
 * data-plane listeners' processors, so it is the broker's in KRaft combined mode too. There the
 * {@code RequestQueueSize} gauge may be the controller's (registered first), so it is not used; with
 * {@code BrokerRequestHandlerAvgIdlePercent} (KIP-1207) healthy I/O threads show that the broker's queue drains, and
 * with only the aggregate meter whether the I/O side is healthy cannot be told and the outcome is unknown (see
 * {@link HandlerIdle}). The cap is the broker's effective CPUs ({@link BrokerCpus}); with busy CPUs
 * ({@link CpuHeadroom}) the advice is capacity, and the daemon advises only when windows agree
 * ({@link WindowAgreement}).
 */
public final class NetworkThreadsRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.threads.network";
    static final String IDLE_WARN = "idleWarning";
    static final String IDLE_CRIT = "idleCritical";
    static final String TARGET = "targetIdle";
    static final String QUEUE_FULL = "queueFullRatio";
    static final String CONFIG = "num.network.threads";

    static final RuleMeta META = new RuleMeta(ID,
            "num.network.threads (per listener): network processor idle below 0.3 recommends the count that brings "
                    + "idle to 0.5, only when I/O threads are healthy and the request queue is not full, capped at the "
                    + "broker's effective CPUs per listener; busy CPUs advise capacity; the daemon advises only when 3 "
                    + "consecutive windows agree.",
            Set.of(Source.HOST, Source.BROKER, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_MONITORING, Sources.KAFKA_BROKER_CONFIGS, Sources.KAFKA_REQUEST_CHANNEL,
                    Sources.KAFKA_THREAD_UPDATES, Sources.KIP_1207, CpuHeadroom.CGROUP_DOCS, CpuHeadroom.HEURISTIC,
                    WindowAgreement.HEURISTIC),
            Map.of(IDLE_WARN, 0.3, IDLE_CRIT, 0.1, TARGET, 0.5, QUEUE_FULL, 0.5, CpuHeadroom.THRESHOLD,
                    CpuHeadroom.DEFAULT, WindowAgreement.THRESHOLD, WindowAgreement.DEFAULT,
                    WindowAgreement.GAP, WindowAgreement.DEFAULT_GAP),
            Set.of(Severity.WARNING, Severity.CRITICAL));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        return WindowAgreement.judge(snapshot, thresholds, this::window, List.of(CONFIG, IoThreadsRule.CONFIG));
    }

    /** The single-window judgement. */
    List<Outcome> window(Snapshot snapshot, Thresholds thresholds) {
        double warn = thresholds.get(IDLE_WARN, 0.3);
        double crit = thresholds.get(IDLE_CRIT, 0.1);
        double target = thresholds.get(TARGET, 0.5);
        double queueFull = thresholds.get(QUEUE_FULL, 0.5);
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(CONFIG, "broker not read (" + broker.status().wire() + ")"));
        }
        OptionalLong current = BrokerConfigs.longValue(broker, CONFIG);
        if (current.isEmpty() || current.getAsLong() < 1 || current.getAsLong() > Integer.MAX_VALUE) {
            return List.of(new Outcome.Unknown(CONFIG, CONFIG + " not read from describeConfigs"));
        }
        Double netIdle = broker.metrics().networkProcessorIdleRatio();
        if (netIdle == null || netIdle.isNaN()) {
            return List.of(new Outcome.Unknown(CONFIG, "NetworkProcessorAvgIdlePercent not read from JMX"));
        }
        int threads = (int) current.getAsLong();
        double idle = Math.max(0, Math.min(1, netIdle));
        String window = HandlerIdle.window(snapshot);
        if (idle >= warn) {
            return List.of(new Outcome.Pass(CONFIG, CONFIG + "=" + threads + ", network processor idle "
                    + Units.ratio(idle) + " " + window));
        }
        Optional<HandlerIdle> io = HandlerIdle.of(snapshot);
        if (io.isEmpty()) {
            return List.of(new Outcome.Unknown(CONFIG, "network processors are " + Units.ratio(idle)
                    + " idle, but RequestHandlerAvgIdlePercent was not read, so whether they are blocked behind busy "
                    + "I/O threads is unknown"));
        }
        if (io.get().upperBound()) {
            return List.of(new Outcome.Unknown(CONFIG, "network processors are " + Units.ratio(idle)
                    + " idle, but whether the I/O threads are healthy cannot be told: "
                    + io.get().sharedMeterReason(broker)));
        }
        if (io.get().value() < thresholds.get(IDLE_WARN, 0.3)) {
            return List.of(new Outcome.Unknown(CONFIG, "network processors are " + Units.ratio(idle)
                    + " idle, but the I/O threads are busy too (" + Units.ratio(io.get().value()) + " idle): "
                    + "network threads block when the request queue fills, so size num.io.threads first "
                    + "(broker.threads.io)"));
        }
        Optional<CpuHeadroom> cpu = CpuHeadroom.of(snapshot, thresholds.get(CpuHeadroom.THRESHOLD,
                CpuHeadroom.DEFAULT));
        Double queue = broker.metrics().requestQueueSize();
        OptionalLong capacity = BrokerConfigs.longValue(broker, "queued.max.requests");
        if (BrokerConfigs.combinedMode(broker)) {
            // the gauge may be the controller's; the broker pool's own idle meter (trusted here) shows its queue drains
            return List.of(recommend(snapshot, threads, idle, io.get(), null, capacity.orElse(-1), target, crit,
                    cpu));
        }
        if (queue == null || capacity.isEmpty() || capacity.getAsLong() <= 0) {
            return List.of(new Outcome.Unknown(CONFIG, "network processors are " + Units.ratio(idle)
                    + " idle, but " + (queue == null ? "RequestQueueSize" : "queued.max.requests")
                    + " was not read, so whether they block on a full request queue is unknown"));
        }
        if (queue >= queueFull * capacity.getAsLong()) {
            return List.of(new Outcome.Unknown(CONFIG, "network processors are " + Units.ratio(idle)
                    + " idle, but the request queue holds " + Units.trim(queue) + " of " + capacity.getAsLong()
                    + ": network threads block on a full queue, so more of them would not help "
                    + "(see broker.request-queue)"));
        }
        return List.of(recommend(snapshot, threads, idle, io.get(), queue, capacity.getAsLong(), target, crit, cpu));
    }

    private Outcome recommend(Snapshot snapshot, int threads, double idle, HandlerIdle io, Double queue,
                              long capacity, double target, double crit, Optional<CpuHeadroom> cpu) {
        BrokerFacts broker = snapshot.broker();
        List<String> listeners = BrokerConfigs.dataPlaneListeners(broker);
        int listenerCount = Math.max(1, listeners.size());
        long fromIdle = Math.max(1, Units.ceil(threads * (1 - idle) / (1 - target)));
        BrokerCpus cpus = BrokerCpus.of(snapshot);
        Integer cores = cpus.cap();
        long cap = cores == null || cores <= 0 ? Long.MAX_VALUE : Math.max(1, cores / listenerCount);
        int recommended = (int) Math.max(threads, Math.min(fromIdle, Math.min(cap, Integer.MAX_VALUE)));
        boolean cpuBusy = cpu.map(CpuHeadroom::busy).orElse(false);
        boolean capped = recommended <= threads || cpuBusy;
        Severity severity = idle < crit ? Severity.CRITICAL : Severity.WARNING;

        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put(CONFIG, String.valueOf(threads));
        evidence.put("listeners", listeners.isEmpty() ? "unknown (1 assumed)" : String.join(",", listeners));
        evidence.put("networkProcessorIdleRatio", Units.exact(idle));
        evidence.put("requestHandlerIdleRatio", Units.exact(io.value()));
        evidence.put("idleMeter", io.meterEvidence());
        evidence.put("requestQueueSize", queue == null ? "not used (KRaft combined mode: the gauge may be the "
                + "controller's)" : Units.trim(queue));
        evidence.put("queued.max.requests", capacity < 0 ? "unknown" : String.valueOf(capacity));
        cpu.ifPresent(c -> c.addTo(evidence));
        evidence.put("process.roles", String.valueOf(broker.processRoles()));
        evidence.put("window", HandlerIdle.window(snapshot));
        evidence.put("threshold.targetIdle", Units.exact(target));
        evidence.put("countFromIdle", String.valueOf(fromIdle));
        cpus.addTo(evidence);
        Double responseQueue = broker.metrics().produceResponseQueueTimeMsP99();
        if (responseQueue != null) {
            evidence.put("produceResponseQueueTimeMsP99", Units.exact(responseQueue));
        }

        StringBuilder why = new StringBuilder();
        why.append("The network processors were ").append(Units.ratio(idle)).append(" idle ")
                .append(HandlerIdle.window(snapshot)).append(" (Kafka's documentation: \"ideally > 0.3\") while the ")
                .append("I/O threads were ").append(Units.ratio(io.value())).append(" idle (").append(io.meter())
                .append(") and ")
                .append(queue == null ? "drain the request queue (its gauge is not read in combined mode, where it "
                        + "may be the controller's)" : "the request queue held " + Units.trim(queue) + " of "
                        + capacity)
                .append(", so the processors themselves (reading requests, writing responses, TLS) are the ")
                .append("bottleneck. ")
                .append(threads).append(" threads x (1 - ").append(Units.ratio(idle)).append(") = ")
                .append(Units.exact(threads * (1 - idle))).append(" busy; to leave ").append(Units.ratio(target))
                .append(" idle: ceil(").append(Units.exact(threads * (1 - idle))).append(" / ")
                .append(Units.exact(1 - target)).append(") = ").append(fromIdle).append(" per listener. ")
                .append("num.network.threads applies to each data-plane listener (")
                .append(listeners.isEmpty() ? "listener count unknown, 1 assumed" : listenerCount + ": "
                        + String.join(", ", listeners)).append("), so ").append(listenerCount).append(" x ")
                .append(recommended).append(" = ").append((long) listenerCount * recommended)
                .append(" processors in all; cap: ")
                .append(cores == null ? "CPU count unknown, so none" : cores + " cores / " + listenerCount
                        + " listener(s) = " + cap + " (" + cpus.how() + ")").append(". ");
        List<String> apply = new ArrayList<>();
        String rec;
        if (cpuBusy) {
            rec = threads + " (CPUs busy; add capacity instead)";
            why.append("But ").append(cpu.get().describe()).append(": at or above ")
                    .append(Units.ratio(cpu.get().threshold())).append(" (broker-tuner's own heuristic, threshold ")
                    .append(CpuHeadroom.THRESHOLD).append(") the cores are busy, so more processors would only ")
                    .append("queue for them: the limit is CPU, not the pool. ");
            apply.add("# the broker's CPUs are busy: more network threads will not help; raise its CPU quota or "
                    + "cores, spread client connections over more brokers, check TLS cost and connection churn");
        } else if (capped) {
            rec = threads + " (capped; add capacity instead)";
            why.append("The pool is at the cap already: more processors would compete for the same cores. ");
            apply.add("# num.network.threads is at the core cap: spread client connections over more brokers or "
                    + "cores; check TLS cost and connection churn");
        } else {
            ThreadSteps steps = ThreadSteps.between(threads, recommended);
            rec = String.valueOf(recommended);
            evidence.put("steps", steps.path());
            why.append("Recommended: ").append(recommended).append(" per listener, applied live ")
                    .append(steps.path()).append(": each listener's pool may at most double per change. ");
            apply.addAll(steps.applyLines(broker, CONFIG, "NetworkProcessorAvgIdlePercent"));
            if (listeners.size() > 1) {
                apply.add("# to size one listener only: --add-config listener.name.<listener>.num.network.threads=N");
            }
        }
        why.append("Sources: ").append(String.join("; ", sources())).append('.');
        return new Outcome.Recommend(new Finding(ID, severity, CONFIG, String.valueOf(threads), rec, why.toString(),
                evidence, BrokerConfigs.withCommandConfigNote(apply)));
    }
}
