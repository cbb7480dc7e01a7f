package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.BrokerFacts;
import java.util.Optional;

/**
 * The request handler (I/O thread) idle ratio, which meter it came from, and how far it can be trusted. When the
 * broker registers {@code BrokerRequestHandlerAvgIdlePercent} (KAFKA-19606 / KIP-1207; Kafka 4.3.1 does) the
 * reading is the broker pool alone and is trusted both ways, in KRaft combined mode too: a high reading passes, a low
 * one recommends. Otherwise the reading is the aggregate {@code RequestHandlerAvgIdlePercent}: on a dedicated broker
 * that is the broker pool; in combined mode it also counts the controller's pool (without KIP-1207 both pools mark
 * one shared meter, each normalised by its own size, so it is their summed idle, capped at 1 by the gatherer; with
 * it, the aggregate averages in the mostly idle controller pool), so it is only an upper bound of the broker pool's
 * idle: a low reading is still proof of a busy broker pool, a high one proves nothing.
 *
 * @param value      the reading, 0..1
 * @param upperBound true when the reading only bounds the broker pool's idle from above
 * @param window     how it was measured, e.g. {@code over the 5 s sample window}
 * @param meter      the bean read: {@code BrokerRequestHandlerAvgIdlePercent} or {@code RequestHandlerAvgIdlePercent}
 */
public record HandlerIdle(double value, boolean upperBound, String window, String meter) {
    static final String BROKER_METER = "BrokerRequestHandlerAvgIdlePercent";
    static final String AGGREGATE_METER = "RequestHandlerAvgIdlePercent";

    /** The reading, or empty when the broker did not report it. */
    public static Optional<HandlerIdle> of(Snapshot snapshot) {
        BrokerFacts broker = snapshot.broker();
        Double own = broker.metrics().brokerRequestHandlerIdleRatio();
        if (own != null && !own.isNaN()) {
            return Optional.of(new HandlerIdle(clamp(own), false, window(snapshot), BROKER_METER));
        }
        Double v = broker.metrics().requestHandlerIdleRatio();
        if (v == null || v.isNaN()) {
            return Optional.empty();
        }
        boolean shared = BrokerConfigs.combinedMode(broker);
        return Optional.of(new HandlerIdle(clamp(v), shared, window(snapshot), AGGREGATE_METER));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** {@code kafka.server:type=KafkaRequestHandlerPool,name=BrokerRequestHandlerAvgIdlePercent (the broker pool)}. */
    public String meterEvidence() {
        return "kafka.server:type=KafkaRequestHandlerPool,name=" + meter + (meter.equals(BROKER_METER)
                ? " (the broker pool alone, KIP-1207)"
                : upperBound ? " (aggregate of the broker and controller pools: an upper bound)" : " (aggregate)");
    }

    /**
     * {@code over the 5 s sample window}, {@code over the last 30 s (from the previous gathering's read ...)} when the
     * table's window started at the previous gathering's end read (the metrics' {@code windowSeconds}), or
     * {@code as a one-minute rate}.
     */
    static String window(Snapshot snapshot) {
        BrokerFacts broker = snapshot.broker();
        Double span = broker == null || broker.metrics() == null ? null : broker.metrics().windowSeconds();
        if (span != null && span > 0) {
            return MeterWindow.of(span, snapshot);
        }
        int s = snapshot.host().sampleSeconds();
        return s > 0 ? "over the " + s + " s sample window" : "as a one-minute rate (single read)";
    }

    /** Why a healthy-looking shared reading says nothing, for an unknown outcome. */
    String sharedMeterReason(BrokerFacts broker) {
        return "KRaft combined mode (process.roles=" + broker.processRoles() + ") on Kafka "
                + (broker.kafkaVersion() == null ? "of unknown version" : broker.kafkaVersion())
                + ": the broker registers no BrokerRequestHandlerAvgIdlePercent (KAFKA-19606 / KIP-1207), so the "
                + "agent read the aggregate RequestHandlerAvgIdlePercent, and its reading " + Units.ratio(value)
                + " includes the controller's request pool and cannot show that the broker pool is idle enough "
                + "(without KIP-1207 both pools mark one shared meter and the reading is the sum of their idle "
                + "ratios)";
    }
}
