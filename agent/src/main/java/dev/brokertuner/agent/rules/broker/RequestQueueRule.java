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
import dev.brokertuner.report.ConfigValue;
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
 * Judges {@code RequestQueueSize} against {@code queued.max.requests}: above half the capacity the broker is
 * saturated, and at the cap the network threads block and clients time out. The fix is on the I/O side first (more
 * I/O threads when they are busy, sized as {@link IoThreadsRule} does); only with idle I/O threads does a larger
 * queue (read-only: rolling restart) absorb bursts. In KRaft combined mode the gauge may be the controller's, so the
 * rule makes no claim there. The daemon advises only when consecutive windows agree ({@link WindowAgreement}).
 */
public final class RequestQueueRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.request-queue";
    static final String WARN = "queueRatioWarning";
    static final String CRIT = "queueRatioCritical";
    static final String SUBJECT = "request queue";

    static final RuleMeta META = new RuleMeta(ID,
            "RequestQueueSize above half of queued.max.requests: size the I/O threads first; only with idle I/O "
                    + "threads raise queued.max.requests (rolling restart).",
            Set.of(Source.HOST, Source.BROKER, Source.WINDOW),
            List.of(Sources.NETDATA_QUEUE, Sources.KAFKA_REQUEST_CHANNEL, Sources.KAFKA_BROKER_CONFIGS,
                    Sources.KAFKA_OPS_MONITORING, CpuHeadroom.HEURISTIC, WindowAgreement.HEURISTIC),
            Map.of(WARN, 0.5, CRIT, 0.9, WindowAgreement.THRESHOLD, WindowAgreement.DEFAULT,
                    WindowAgreement.GAP, WindowAgreement.DEFAULT_GAP, CpuHeadroom.THRESHOLD, CpuHeadroom.DEFAULT),
            Set.of(Severity.WARNING, Severity.CRITICAL));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        return WindowAgreement.judge(snapshot, thresholds, this::window, List.of("queued.max.requests", IoThreadsRule.CONFIG));
    }

    /** The single-window judgement. */
    List<Outcome> window(Snapshot snapshot, Thresholds thresholds) {
        double warn = thresholds.get(WARN, 0.5);
        double crit = thresholds.get(CRIT, 0.9);
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(SUBJECT, "broker not read (" + broker.status().wire() + ")"));
        }
        Double size = broker.metrics().requestQueueSize();
        if (size == null || size.isNaN()) {
            return List.of(new Outcome.Unknown(SUBJECT, "RequestQueueSize not read from JMX"));
        }
        OptionalLong capacity = BrokerConfigs.longValue(broker, "queued.max.requests");
        if (capacity.isEmpty() || capacity.getAsLong() <= 0) {
            return List.of(new Outcome.Unknown(SUBJECT, "queued.max.requests not read from describeConfigs"));
        }
        long cap = capacity.getAsLong();
        double ratio = size / cap;
        if (BrokerConfigs.combinedMode(broker)) {
            return List.of(new Outcome.Unknown(SUBJECT, "RequestQueueSize reads " + Units.trim(size) + " of "
                    + cap + ", but in KRaft combined mode (process.roles=" + broker.processRoles() + ") the gauge is "
                    + "registered first by the controller's socket server and may be the controller's queue"));
        }
        if (ratio < warn) {
            return List.of(new Outcome.Pass(SUBJECT, "RequestQueueSize " + Units.trim(size) + " of "
                    + "queued.max.requests " + cap));
        }
        Severity severity = ratio >= crit ? Severity.CRITICAL : Severity.WARNING;
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("requestQueueSize", Units.trim(size));
        evidence.put("queued.max.requests", String.valueOf(cap));
        evidence.put("queueRatio", Units.exact(ratio));
        StringBuilder why = new StringBuilder();
        why.append("The request queue holds at least ").append(Units.trim(size))
                .append(" requests (the lower of its reads at the start and the end of the window, ")
                .append(HandlerIdle.window(snapshot)).append("), ")
                .append(Units.percent(ratio)).append(" of queued.max.requests (").append(cap).append("). ")
                .append("Sustained above half is saturation; at the cap the network threads block putting requests ")
                .append("into the queue, stop reading sockets, and clients time out and retry. ");
        Optional<HandlerIdle> io = HandlerIdle.of(snapshot);
        OptionalLong ioThreads = BrokerConfigs.longValue(broker, IoThreadsRule.CONFIG);
        List<String> apply = new ArrayList<>();
        String recommended;
        double ioWarn = 0.3;
        if (io.isPresent()) {
            evidence.put("requestHandlerIdleRatio", Units.exact(io.get().value()));
        }
        if (io.isPresent() && io.get().value() < ioWarn && ioThreads.isPresent() && ioThreads.getAsLong() >= 1
                && ioThreads.getAsLong() <= Integer.MAX_VALUE) {
            int threads = (int) ioThreads.getAsLong();
            IoSizing sizing = IoSizing.of(snapshot, threads, io.get().value(), 0.5);
            evidence.put("num.io.threads", String.valueOf(threads));
            why.append("The I/O threads drain the queue and they are busy (").append(Units.ratio(io.get().value()))
                    .append(" idle), so the queue fills because they cannot keep up: a bigger queue would only hold ")
                    .append("more waiting requests (more latency, more memory). ").append(sizing.explanation());
            Optional<CpuHeadroom> cpu = CpuHeadroom.of(snapshot, thresholds.get(CpuHeadroom.THRESHOLD,
                    CpuHeadroom.DEFAULT));
            cpu.ifPresent(c -> c.addTo(evidence));
            if (!sizing.capped() && cpu.map(CpuHeadroom::busy).orElse(false)) {
                recommended = "more broker capacity (the broker's CPUs are busy)";
                why.append("But ").append(cpu.get().describe()).append(": at or above ")
                        .append(Units.ratio(cpu.get().threshold())).append(" (broker-tuner's own heuristic, ")
                        .append("threshold ").append(CpuHeadroom.THRESHOLD).append(") more I/O threads would only ")
                        .append("queue for the same cores: raise the broker's CPU quota or cores, move leaders to ")
                        .append("other brokers or add brokers. ");
                apply.add("# the broker's CPUs are busy: more I/O threads will not help; add CPU or brokers");
            } else if (sizing.capped()) {
                recommended = "more broker capacity (num.io.threads is at the core cap)";
                why.append("num.io.threads is already at the cap, so the broker needs more capacity: move leaders ")
                        .append("to other brokers, add brokers, disks or cores. ");
                apply.add("# num.io.threads is at the core cap: rebalance leaders or add capacity");
            } else {
                ThreadSteps steps = ThreadSteps.between(threads, sizing.recommended());
                recommended = "num.io.threads=" + sizing.recommended();
                evidence.put("steps", steps.path());
                why.append("Raise num.io.threads ").append(steps.path()).append(" (see broker.threads.io). ");
                apply.add("# fix the I/O side first (same as broker.threads.io):");
                apply.addAll(steps.applyLines(broker, IoThreadsRule.CONFIG, io.get().meter()));
            }
        } else if (io.isPresent() && !io.get().upperBound()) {
            long next = cap * 2;
            recommended = "queued.max.requests=" + next;
            why.append("The I/O threads are ").append(Units.ratio(io.get().value())).append(" idle, so the queue ")
                    .append("fills in bursts faster than they take requests: a larger queue absorbs them instead of ")
                    .append("blocking the network threads. queued.max.requests is read-only, so it needs a rolling ")
                    .append("restart; with queued.max.request.bytes unset (-1) queued requests are bounded only by ")
                    .append("their count, so watch heap use. ");
            ConfigValue c = broker.config("queued.max.requests").orElse(null);
            apply.addAll(BrokerConfigs.set(broker, c, "queued.max.requests", String.valueOf(next)));
        } else {
            recommended = "find the bottleneck (I/O thread idle unknown)";
            why.append("RequestHandlerAvgIdlePercent could not be read (or cannot be trusted), so whether the I/O ")
                    .append("threads or bursts fill the queue is unknown: check RequestQueueTimeMs and the I/O ")
                    .append("threads before raising queued.max.requests. ");
            apply.add("# read kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent first");
        }
        why.append("Sources: ").append(String.join("; ", sources())).append('.');
        return List.of(new Outcome.Recommend(new Finding(ID, severity, SUBJECT, Units.trim(size) + " of " + cap,
                recommended, why.toString(), evidence, BrokerConfigs.withCommandConfigNote(apply))));
    }
}
