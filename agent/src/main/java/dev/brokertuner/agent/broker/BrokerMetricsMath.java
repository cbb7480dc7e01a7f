package dev.brokertuner.agent.broker;

import static dev.brokertuner.agent.broker.BrokerBeans.AGGREGATE_IDLE;
import static dev.brokertuner.agent.broker.BrokerBeans.BROKER_IDLE;
import static dev.brokertuner.agent.broker.BrokerBeans.BYTES_IN;
import static dev.brokertuner.agent.broker.BrokerBeans.BYTES_OUT;
import static dev.brokertuner.agent.broker.BrokerBeans.COUNT;
import static dev.brokertuner.agent.broker.BrokerBeans.AT_MIN_ISR;
import static dev.brokertuner.agent.broker.BrokerBeans.ISR_EXPANDS;
import static dev.brokertuner.agent.broker.BrokerBeans.ISR_SHRINKS;
import static dev.brokertuner.agent.broker.BrokerBeans.OFFLINE_REPLICAS;
import static dev.brokertuner.agent.broker.BrokerBeans.REPLICA_MAX_LAG;
import static dev.brokertuner.agent.broker.BrokerBeans.UNDER_MIN_ISR;
import static dev.brokertuner.agent.broker.BrokerBeans.LEADERS;
import static dev.brokertuner.agent.broker.BrokerBeans.LOG_FLUSH;
import static dev.brokertuner.agent.broker.BrokerBeans.MESSAGES_IN;
import static dev.brokertuner.agent.broker.BrokerBeans.NETWORK_IDLE;
import static dev.brokertuner.agent.broker.BrokerBeans.OFFLINE_DIRS;
import static dev.brokertuner.agent.broker.BrokerBeans.ONE_MINUTE;
import static dev.brokertuner.agent.broker.BrokerBeans.P50;
import static dev.brokertuner.agent.broker.BrokerBeans.P99;
import static dev.brokertuner.agent.broker.BrokerBeans.PARTITIONS;
import static dev.brokertuner.agent.broker.BrokerBeans.REPLICATION_IN;
import static dev.brokertuner.agent.broker.BrokerBeans.REPLICATION_OUT;
import static dev.brokertuner.agent.broker.BrokerBeans.REQUEST_QUEUE;
import static dev.brokertuner.agent.broker.BrokerBeans.RESPONSE_QUEUE;
import static dev.brokertuner.agent.broker.BrokerBeans.UNDER_REPLICATED;
import static dev.brokertuner.agent.broker.BrokerBeans.VALUE;
import static dev.brokertuner.agent.broker.BrokerBeans.requestId;

import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one or two {@link JmxSample}s into {@link BrokerMetrics}. Pure: no JMX, no clock.
 *
 * <p>With a window (two samples), rates are {@code Count} deltas over the time between the two reads of that bean,
 * and the request-handler idle ratio is the idle meter's {@code Count} delta over the window in nanoseconds: each
 * handler marks {@code idleNanos / poolThreads} after every wait, so the delta already is idle-ns per thread, and
 * dividing by the window gives the pool's idle fraction (exact up to the 300 ms request poll). Without a window the
 * meters' one-minute rates are used. Idle ratios are clamped to 0..1.
 *
 * <p>KRaft combined mode: with KAFKA-19606 / KIP-1207 (after 4.0) Kafka publishes
 * {@code BrokerRequestHandlerAvgIdlePercent} for the broker pool
 * alone; it is preferred. The aggregate {@code RequestHandlerAvgIdlePercent} is used only when that bean is absent
 * (a note says so when the node is also a controller, where the aggregate mixes in the controller's pool). Network
 * idle comes from the data-plane listeners' processors ({@code io-wait-time-ns-total} deltas; controller
 * listeners excluded), else from the {@code NetworkProcessorAvgIdlePercent} gauge.
 */
public final class BrokerMetricsMath {
    private BrokerMetricsMath() {
    }

    /** Metrics plus notes about how they were derived. */
    public record Computed(BrokerMetrics metrics, List<Problem> problems) {
    }

    /**
     * @param start      the sample at the start of the window, null for a single read
     * @param end        the sample at the end
     * @param controller true when the node is also a controller (combined mode)
     */
    public static Computed compute(JmxSample start, JmxSample end, boolean controller) {
        List<Problem> problems = new ArrayList<>();
        String idleBean = end.has(BROKER_IDLE) ? BROKER_IDLE : AGGREGATE_IDLE;
        if (!end.has(BROKER_IDLE) && end.has(AGGREGATE_IDLE) && controller) {
            problems.add(new Problem("broker:jmx", "this Kafka has no BrokerRequestHandlerAvgIdlePercent "
                    + "(KAFKA-19606 / KIP-1207, after 4.0); in combined mode RequestHandlerAvgIdlePercent also counts "
                    + "the controller's handler threads, so the request-handler idle ratio is approximate"));
        }
        Double handlerIdle = clamp(ratio(start, end, idleBean));
        Double networkIdle = clamp(networkIdle(start, end)
                .orElseGet(() -> end.number(NETWORK_IDLE, VALUE).orElse(null)));
        BrokerMetrics m = new BrokerMetrics(
                handlerIdle,
                networkIdle,
                sustained(start, end, REQUEST_QUEUE),
                end.number(RESPONSE_QUEUE, VALUE).orElse(null),
                rate(start, end, BYTES_IN),
                rate(start, end, BYTES_OUT),
                rate(start, end, MESSAGES_IN),
                rate(start, end, REPLICATION_IN),
                rate(start, end, REPLICATION_OUT),
                end.number(requestId("Produce", "TotalTimeMs"), P50).orElse(null),
                end.number(requestId("Produce", "TotalTimeMs"), P99).orElse(null),
                end.number(requestId("Produce", "RequestQueueTimeMs"), P99).orElse(null),
                end.number(requestId("Produce", "LocalTimeMs"), P99).orElse(null),
                end.number(requestId("Produce", "RemoteTimeMs"), P99).orElse(null),
                end.number(requestId("Produce", "ResponseQueueTimeMs"), P99).orElse(null),
                end.number(requestId("Produce", "ResponseSendTimeMs"), P99).orElse(null),
                end.number(requestId("FetchConsumer", "TotalTimeMs"), P50).orElse(null),
                end.number(requestId("FetchConsumer", "TotalTimeMs"), P99).orElse(null),
                end.number(requestId("FetchConsumer", "RequestQueueTimeMs"), P99).orElse(null),
                end.number(requestId("FetchFollower", "TotalTimeMs"), P50).orElse(null),
                end.number(requestId("FetchFollower", "TotalTimeMs"), P99).orElse(null),
                end.number(requestId("FetchFollower", "RequestQueueTimeMs"), P99).orElse(null),
                rate(start, end, LOG_FLUSH),
                end.number(LOG_FLUSH, P99).orElse(null),
                whole(end.number(PARTITIONS, VALUE)),
                whole(end.number(LEADERS, VALUE)),
                whole(end.number(UNDER_REPLICATED, VALUE)),
                whole(end.number(OFFLINE_DIRS, VALUE)),
                rate(start, end, ISR_SHRINKS),
                end.number(requestId("FetchConsumer", "LocalTimeMs"), P99).orElse(null),
                end.number(requestId("FetchConsumer", "RemoteTimeMs"), P99).orElse(null),
                end.number(requestId("FetchConsumer", "ResponseQueueTimeMs"), P99).orElse(null),
                end.number(requestId("FetchConsumer", "ResponseSendTimeMs"), P99).orElse(null),
                end.number(requestId("FetchFollower", "LocalTimeMs"), P99).orElse(null),
                end.number(requestId("FetchFollower", "RemoteTimeMs"), P99).orElse(null),
                end.number(requestId("FetchFollower", "ResponseQueueTimeMs"), P99).orElse(null),
                end.number(requestId("FetchFollower", "ResponseSendTimeMs"), P99).orElse(null),
                idleBean.equals(BROKER_IDLE) ? handlerIdle : null)
                .withReplicationAndGc(
                        whole(end.number(UNDER_MIN_ISR, VALUE)),
                        whole(end.number(AT_MIN_ISR, VALUE)),
                        whole(end.number(OFFLINE_REPLICAS, VALUE)),
                        rate(start, end, ISR_EXPANDS),
                        whole(end.number(REPLICA_MAX_LAG, VALUE)),
                        gcTimeRatio(start, end));
        return new Computed(m, problems);
    }

    /**
     * The seconds the window spans: from the start sample's last read (the collectors, read last) to the end's; null
     * when not positive. With a carried start that is from the previous gathering's end read to this one's.
     */
    static Double windowSeconds(JmxSample start, JmxSample end) {
        long nanos = end.collectorsNanos() - start.collectorsNanos();
        return nanos > 0 ? nanos / 1e9 : null;
    }

    /** Events per second: Count delta over the window, else the one-minute rate. */
    static Double rate(JmxSample start, JmxSample end, String bean) {
        Optional<Double> delta = perNano(start, end, bean);
        if (delta.isPresent()) {
            return Math.max(0, delta.get() * 1e9);
        }
        return end.number(bean, ONE_MINUTE).orElse(null);
    }

    /** The idle meter's fraction: Count delta (ns) over the window (ns), else the one-minute rate. */
    static Double ratio(JmxSample start, JmxSample end, String bean) {
        Optional<Double> delta = perNano(start, end, bean);
        if (delta.isPresent()) {
            return delta.get();
        }
        return end.number(bean, ONE_MINUTE).orElse(null);
    }

    private static Optional<Double> perNano(JmxSample start, JmxSample end, String bean) {
        if (start == null) {
            return Optional.empty();
        }
        Optional<Double> c0 = start.number(bean, COUNT);
        Optional<Double> c1 = end.number(bean, COUNT);
        Long t0 = start.readNanos().get(bean);
        Long t1 = end.readNanos().get(bean);
        if (c0.isEmpty() || c1.isEmpty() || t0 == null || t1 == null || t1 - t0 <= 0 || c1.get() < c0.get()) {
            // a Count that went down means the broker restarted inside the window
            return Optional.empty();
        }
        return Optional.of((c1.get() - c0.get()) / (t1 - t0));
    }

    /**
     * The fraction of the window spent in garbage collection: the collectors' {@code CollectionTime} (ms) deltas,
     * summed, over the window. Null without a window (the counters are lifetime totals), when the collectors differ
     * between the two reads, or when a counter went down (a restart inside the window). Not clamped: concurrent
     * collectors' time can overlap, but a ratio above 1 is then still "all the time".
     */
    static Double gcTimeRatio(JmxSample start, JmxSample end) {
        if (start == null || end.collectors().isEmpty() || !start.collectors().keySet().equals(end.collectors().keySet())) {
            return null;
        }
        double windowMs = (end.collectorsNanos() - start.collectorsNanos()) / 1e6;
        if (windowMs <= 0) {
            return null;
        }
        double gcMs = 0;
        for (Map.Entry<String, Double> e : end.collectors().entrySet()) {
            double before = start.collectors().get(e.getKey());
            if (e.getValue() < before) {
                return null;
            }
            gcMs += e.getValue() - before;
        }
        return gcMs / windowMs;
    }

    /** Mean idle of the data-plane processors: io-wait-time deltas, else their io-wait-ratio. */
    static Optional<Double> networkIdle(JmxSample start, JmxSample end) {
        Map<String, Map<String, Object>> p1 = end.processors();
        if (p1.isEmpty()) {
            return Optional.empty();
        }
        if (start != null && start.processors().keySet().equals(p1.keySet())
                && end.processorsNanos() - start.processorsNanos() > 0) {
            double window = end.processorsNanos() - start.processorsNanos();
            double sum = 0;
            boolean ok = true;
            for (Map.Entry<String, Map<String, Object>> e : p1.entrySet()) {
                Object a = start.processors().get(e.getKey()).get("io-wait-time-ns-total");
                Object b = e.getValue().get("io-wait-time-ns-total");
                if (a instanceof Number na && b instanceof Number nb && nb.doubleValue() >= na.doubleValue()) {
                    sum += (nb.doubleValue() - na.doubleValue()) / window;
                } else {
                    ok = false;
                }
            }
            if (ok) {
                return Optional.of(sum / p1.size());
            }
        }
        double sum = 0;
        for (Map<String, Object> attrs : p1.values()) {
            if (!(attrs.get("io-wait-ratio") instanceof Number n) || Double.isNaN(n.doubleValue())) {
                return Optional.empty();
            }
            sum += n.doubleValue();
        }
        return Optional.of(sum / p1.size());
    }

    /**
     * A gauge held over the window: the lower of its reads at the start and the end (a queue above a level at both
     * ends was there for the window, a spike at one end is not), or the single read without a window.
     */
    static Double sustained(JmxSample start, JmxSample end, String bean) {
        Optional<Double> last = end.number(bean, VALUE);
        Optional<Double> first = start == null ? Optional.empty() : start.number(bean, VALUE);
        if (last.isEmpty()) {
            return null;
        }
        return first.map(f -> Math.min(f, last.get())).orElse(last.get());
    }

    static Double clamp(Double ratio) {
        if (ratio == null || ratio.isNaN()) {
            return null;
        }
        return Math.max(0, Math.min(1, ratio));
    }

    private static Long whole(Optional<Double> v) {
        return v.map(Math::round).orElse(null);
    }
}
