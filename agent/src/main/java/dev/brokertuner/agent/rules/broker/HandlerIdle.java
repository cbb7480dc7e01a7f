package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.BrokerFacts;
import java.util.Optional;

/**
 * The request handler (I/O thread) idle ratio and how far it can be trusted. On a dedicated broker it is the broker
 * pool's idle ratio. In KRaft combined mode it is only an upper bound of the broker pool's idle, whatever the Kafka
 * version: without KAFKA-19606 / KIP-1207 the broker and controller pools mark one shared
 * {@code RequestHandlerAvgIdlePercent} meter, each normalised by its own size, so the reading is the sum of both
 * pools' idle ratios (capped at 1 by the gatherer); with it, the broker pool has its own
 * {@code BrokerRequestHandlerAvgIdlePercent}, but the gatherer falls back to the aggregate when that bean is absent,
 * and the aggregate averages in the mostly idle controller pool. The report does not say which bean was read, so a
 * low reading is still proof of a busy broker pool and a high one proves nothing.
 *
 * @param value      the reading, 0..1
 * @param upperBound true when the reading only bounds the broker pool's idle from above
 * @param window     how it was measured, e.g. {@code over the 5 s sample window}
 */
record HandlerIdle(double value, boolean upperBound, String window) {

    /** The reading, or empty when the broker did not report it. */
    static Optional<HandlerIdle> of(Snapshot snapshot) {
        BrokerFacts broker = snapshot.broker();
        Double v = broker.metrics().requestHandlerIdleRatio();
        if (v == null || v.isNaN()) {
            return Optional.empty();
        }
        boolean shared = BrokerConfigs.combinedMode(broker);
        return Optional.of(new HandlerIdle(Math.max(0, Math.min(1, v)), shared, window(snapshot)));
    }

    /** {@code over the 5 s sample window} or {@code as a one-minute rate}. */
    static String window(Snapshot snapshot) {
        int s = snapshot.host().sampleSeconds();
        return s > 0 ? "over the " + s + " s sample window" : "as a one-minute rate (single read)";
    }

    /** Why a healthy-looking shared reading says nothing, for an unknown outcome. */
    String sharedMeterReason(BrokerFacts broker) {
        return "KRaft combined mode (process.roles=" + broker.processRoles() + ") on Kafka "
                + (broker.kafkaVersion() == null ? "of unknown version" : broker.kafkaVersion())
                + ": the reading " + Units.ratio(value) + " may include the controller's request pool and cannot "
                + "show that the broker pool is idle enough. Without KAFKA-19606 / KIP-1207 (merged after 4.0; check "
                + "the release notes for the version) both pools mark one shared RequestHandlerAvgIdlePercent meter "
                + "and the reading is the sum of their idle ratios; with it, the agent still reads the aggregate "
                + "RequestHandlerAvgIdlePercent (which averages in the idle controller pool) when "
                + "BrokerRequestHandlerAvgIdlePercent is absent, and the report does not say which bean was read";
    }
}
