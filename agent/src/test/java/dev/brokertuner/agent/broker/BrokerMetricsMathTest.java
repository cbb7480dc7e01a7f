package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.report.BrokerMetrics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerMetricsMathTest {
    private static final long S = 1_000_000_000L;

    /** A sample builder: bean -> attributes, all read at the given time. */
    private static final class Sample {
        final Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        final Map<String, Map<String, Object>> processors = new LinkedHashMap<>();
        final long at;

        Sample(long at) {
            this.at = at;
        }

        Sample put(String bean, String attr, Object v) {
            values.computeIfAbsent(bean, k -> new HashMap<>()).put(attr, v);
            return this;
        }

        Sample processor(String key, double ioWaitNanos, double ratio) {
            processors.put(key, Map.of("io-wait-time-ns-total", ioWaitNanos, "io-wait-ratio", ratio));
            return this;
        }

        JmxSample build() {
            Map<String, Long> nanos = new HashMap<>();
            values.keySet().forEach(k -> nanos.put(k, at));
            return new JmxSample(values, nanos, processors, at);
        }
    }

    @Test
    void idleRatioIsTheCountDeltaOverTheWindow() {
        // the pool marks idle-ns / threads: 1.5 s of idle per thread in a 5 s window is 30 % idle
        JmxSample start = new Sample(10 * S).put(BrokerBeans.BROKER_IDLE, "Count", 7.0e12).build();
        JmxSample end = new Sample(15 * S).put(BrokerBeans.BROKER_IDLE, "Count", 7.0e12 + 1.5e9)
                .put(BrokerBeans.BROKER_IDLE, "OneMinuteRate", 0.9).build();
        BrokerMetrics m = BrokerMetricsMath.compute(start, end, false).metrics();
        assertThat(m.requestHandlerIdleRatio()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void requestQueueIsTheLowerOfItsReadsAtBothEndsOfTheWindow() {
        // a spike at the end only is not a sustained queue
        JmxSample start = new Sample(0).put(BrokerBeans.REQUEST_QUEUE, "Value", 3.0).build();
        JmxSample end = new Sample(5 * S).put(BrokerBeans.REQUEST_QUEUE, "Value", 420.0).build();
        assertThat(BrokerMetricsMath.compute(start, end, false).metrics().requestQueueSize()).isEqualTo(3.0);
        // high at both ends: held over the window
        JmxSample fullStart = new Sample(0).put(BrokerBeans.REQUEST_QUEUE, "Value", 400.0).build();
        assertThat(BrokerMetricsMath.compute(fullStart, end, false).metrics().requestQueueSize()).isEqualTo(400.0);
        // a single read (no window) is that read
        assertThat(BrokerMetricsMath.compute(null, end, false).metrics().requestQueueSize()).isEqualTo(420.0);
        assertThat(BrokerBeans.windowStart()).extracting(BrokerBeans.Bean::id).contains(BrokerBeans.REQUEST_QUEUE);
    }

    @Test
    void combinedModeUsesTheBrokerPoolNotTheAggregate() {
        // KRaft combined: the aggregate meter also counts the idle controller pool and reads far higher
        JmxSample start = new Sample(0).put(BrokerBeans.BROKER_IDLE, "Count", 0.0)
                .put(BrokerBeans.AGGREGATE_IDLE, "Count", 0.0).build();
        JmxSample end = new Sample(5 * S).put(BrokerBeans.BROKER_IDLE, "Count", 0.5e9)
                .put(BrokerBeans.AGGREGATE_IDLE, "Count", 9.0e9).build();
        BrokerMetricsMath.Computed c = BrokerMetricsMath.compute(start, end, true);
        assertThat(c.metrics().requestHandlerIdleRatio()).isCloseTo(0.1, within(1e-9));
        assertThat(c.metrics().brokerRequestHandlerIdleRatio()).as("says the broker pool's meter was read")
                .isCloseTo(0.1, within(1e-9));
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void withoutTheBrokerPoolMeterTheAggregateIsUsedClampedAndFlagged() {
        JmxSample start = new Sample(0).put(BrokerBeans.AGGREGATE_IDLE, "Count", 0.0).build();
        JmxSample end = new Sample(5 * S).put(BrokerBeans.AGGREGATE_IDLE, "Count", 9.0e9).build();
        BrokerMetricsMath.Computed c = BrokerMetricsMath.compute(start, end, true);
        assertThat(c.metrics().requestHandlerIdleRatio()).isEqualTo(1.0);
        assertThat(c.metrics().brokerRequestHandlerIdleRatio()).as("the aggregate was read").isNull();
        assertThat(c.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("KIP-1207"));
        assertThat(BrokerMetricsMath.compute(start, end, false).problems()).isEmpty();
    }

    @Test
    void aSingleReadUsesOneMinuteRates() {
        JmxSample end = new Sample(5 * S).put(BrokerBeans.BROKER_IDLE, "Count", 9.0e9)
                .put(BrokerBeans.BROKER_IDLE, "OneMinuteRate", 1.0006)
                .put(BrokerBeans.BYTES_IN, "Count", 1e12).put(BrokerBeans.BYTES_IN, "OneMinuteRate", 2048.0)
                .build();
        BrokerMetrics m = BrokerMetricsMath.compute(null, end, false).metrics();
        assertThat(m.requestHandlerIdleRatio()).as("EWMA overshoot clamped").isEqualTo(1.0);
        assertThat(m.bytesInPerSec()).isEqualTo(2048.0);
    }

    @Test
    void ratesAreCountDeltasAndARestartFallsBackToTheOneMinuteRate() {
        JmxSample start = new Sample(0).put(BrokerBeans.MESSAGES_IN, "Count", 1000.0)
                .put(BrokerBeans.BYTES_IN, "Count", 5e9).build();
        JmxSample end = new Sample(4 * S).put(BrokerBeans.MESSAGES_IN, "Count", 5000.0)
                .put(BrokerBeans.BYTES_IN, "Count", 10.0).put(BrokerBeans.BYTES_IN, "OneMinuteRate", 77.0).build();
        BrokerMetrics m = BrokerMetricsMath.compute(start, end, false).metrics();
        assertThat(m.messagesInPerSec()).isCloseTo(1000.0, within(1e-9));
        assertThat(m.bytesInPerSec()).isEqualTo(77.0);
    }

    @Test
    void networkIdleFromDataPlaneProcessorsElseTheGauge() {
        JmxSample start = new Sample(0).processor("PLAINTEXT/0", 0, 0.5).processor("PLAINTEXT/1", 0, 0.5).build();
        JmxSample end = new Sample(2 * S).put(BrokerBeans.NETWORK_IDLE, "Value", 0.99)
                .processor("PLAINTEXT/0", 0.4 * S, 0.3).processor("PLAINTEXT/1", 0.8 * S, 0.3).build();
        assertThat(BrokerMetricsMath.compute(start, end, false).metrics().networkProcessorIdleRatio())
                .isCloseTo(0.3, within(1e-9));
        assertThat(BrokerMetricsMath.compute(null, end, false).metrics().networkProcessorIdleRatio())
                .as("single read: mean io-wait-ratio").isCloseTo(0.3, within(1e-9));
        JmxSample gaugeOnly = new Sample(0).put(BrokerBeans.NETWORK_IDLE, "Value", 1.2).build();
        assertThat(BrokerMetricsMath.compute(null, gaugeOnly, false).metrics().networkProcessorIdleRatio())
                .isEqualTo(1.0);
    }

    @Test
    void gaugesAndPercentilesAreCopiedAndMissingBeansStayUnknown() {
        JmxSample end = new Sample(0).put(BrokerBeans.PARTITIONS, "Value", 1234)
                .put(BrokerBeans.UNDER_REPLICATED, "Value", 0)
                .put(BrokerBeans.REQUEST_QUEUE, "Value", 17)
                .put(BrokerBeans.requestId("Produce", "TotalTimeMs"), "99thPercentile", 12.5)
                .put(BrokerBeans.requestId("FetchFollower", "TotalTimeMs"), "50thPercentile", 500.0)
                .put(BrokerBeans.LOG_FLUSH, "99thPercentile", Double.NaN).build();
        BrokerMetrics m = BrokerMetricsMath.compute(null, end, false).metrics();
        assertThat(m.partitionCount()).isEqualTo(1234L);
        assertThat(m.underReplicatedPartitions()).isZero();
        assertThat(m.requestQueueSize()).isEqualTo(17.0);
        assertThat(m.produceTotalTimeMsP99()).isEqualTo(12.5);
        assertThat(m.fetchFollowerTotalTimeMsP50()).isEqualTo(500.0);
        assertThat(m.logFlushTimeMsP99()).isNull();
        assertThat(m.leaderCount()).isNull();
        assertThat(m.requestHandlerIdleRatio()).isNull();
    }

    @Test
    void theTableNamesExactBeansOnly() {
        assertThat(BrokerBeans.all()).allSatisfy(b -> assertThat(b.name().isPattern()).isFalse());
        assertThat(BrokerBeans.all()).noneSatisfy(b -> assertThat(b.name().getKeyProperty("topic")).isNotNull());
        assertThat(BrokerBeans.counted()).extracting(BrokerBeans.Bean::id)
                .contains(BrokerBeans.BROKER_IDLE, BrokerBeans.BYTES_IN, BrokerBeans.ISR_SHRINKS);
    }

    @Test
    void replicationGaugesAndIsrExpandsAreRead() {
        JmxSample start = new Sample(0).put(BrokerBeans.ISR_EXPANDS, "Count", 10.0).build();
        JmxSample end = new Sample(5 * S).put(BrokerBeans.UNDER_MIN_ISR, "Value", 2)
                .put(BrokerBeans.AT_MIN_ISR, "Value", 7).put(BrokerBeans.OFFLINE_REPLICAS, "Value", 0)
                .put(BrokerBeans.REPLICA_MAX_LAG, "Value", 1500L)
                .put(BrokerBeans.ISR_EXPANDS, "Count", 20.0).put(BrokerBeans.ISR_EXPANDS, "OneMinuteRate", 9.0)
                .build();
        BrokerMetrics m = BrokerMetricsMath.compute(start, end, false).metrics();
        assertThat(m.underMinIsrPartitionCount()).isEqualTo(2L);
        assertThat(m.atMinIsrPartitionCount()).isEqualTo(7L);
        assertThat(m.offlineReplicaCount()).isZero();
        assertThat(m.replicaMaxLag()).isEqualTo(1500L);
        assertThat(m.isrExpandsPerSec()).isCloseTo(2.0, within(1e-9));
        assertThat(BrokerBeans.all()).extracting(b -> b.name().toString())
                .contains("kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica",
                        "kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount",
                        "kafka.server:type=ReplicaManager,name=AtMinIsrPartitionCount",
                        "kafka.server:type=ReplicaManager,name=OfflineReplicaCount",
                        "kafka.server:type=ReplicaManager,name=IsrExpandsPerSec");
    }

    private static JmxSample gcSample(long at, Map<String, Double> collectors) {
        return new JmxSample(Map.of(), Map.of(), Map.of(), at, collectors, at);
    }

    @Test
    void gcTimeIsTheCollectorsTimeDeltaOverTheWindow() {
        // 300 ms young + 200 ms old in a 5 s window: 10 % of the time in GC
        JmxSample start = gcSample(0, Map.of("G1 Young Generation", 1000.0, "G1 Old Generation", 50.0));
        JmxSample end = gcSample(5 * S, Map.of("G1 Young Generation", 1300.0, "G1 Old Generation", 250.0));
        assertThat(BrokerMetricsMath.compute(start, end, false).metrics().gcTimeRatio())
                .isCloseTo(0.10, within(1e-9));
    }

    @Test
    void gcTimeIsUnknownWithoutAWindowOrAcrossARestart() {
        JmxSample end = gcSample(5 * S, Map.of("Copy", 400.0));
        assertThat(BrokerMetricsMath.gcTimeRatio(null, end)).isNull();
        assertThat(BrokerMetricsMath.gcTimeRatio(gcSample(0, Map.of("Copy", 900.0)), end)).isNull();
        assertThat(BrokerMetricsMath.gcTimeRatio(gcSample(0, Map.of("MarkSweepCompact", 1.0)), end)).isNull();
        assertThat(BrokerMetricsMath.gcTimeRatio(gcSample(0, Map.of("Copy", 400.0)), end)).isZero();
    }

    @Test
    void eachMissingBeanIsOneProblemNamingTheMetricsItLeavesUnknown() {
        JmxSample end = new Sample(0).put(BrokerBeans.AGGREGATE_IDLE, "Count", 1.0).build();
        java.util.List<dev.brokertuner.report.Problem> problems = JmxBrokerReader.missingProblems(
                java.util.List.of(BrokerBeans.BROKER_IDLE, BrokerBeans.AT_MIN_ISR,
                        BrokerBeans.requestId("Produce", "LocalTimeMs") + " (no such attribute)"), end, "3.9.1");
        // the KIP-1207 meter is absent before it existed: the aggregate stands in, no problem
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).message()).isEqualTo("kafka.server:type=ReplicaManager,name=AtMinIsrPartitionCount "
                + "not registered on this broker (Kafka 3.9.1): atMinIsrPartitionCount unknown");
        assertThat(problems.get(1).message()).contains("name=LocalTimeMs,request=Produce not read on this broker "
                + "(Kafka 3.9.1) (no such attribute): produceLocalTimeMs* unknown");
    }
}
