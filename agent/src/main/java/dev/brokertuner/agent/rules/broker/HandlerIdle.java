package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.BrokerFacts;
import java.util.Optional;

/**
 * The request handler (I/O thread) idle ratio and how far it can be trusted. On a dedicated broker, or in KRaft
 * combined mode from Kafka 4.2 on (KIP-1207 gives the broker's pool its own meter,
 * {@code kafka.server:type=KafkaRequestHandlerPool,name=BrokerRequestHandlerAvgIdlePercent}, which the gatherer must
 * read there instead of the pools' average), it is the broker pool's idle ratio. In combined mode before 4.2 (or
 * with the version unknown) the broker and controller pools marked one shared meter, each normalised by its own
 * size, so the reading is the sum of both pools' idle ratios (capped at 1 by the gatherer): an upper bound of the
 * broker's idle. A low reading is then still proof of a
 * busy broker pool, a high one proves nothing.
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
        boolean shared = BrokerConfigs.combinedMode(broker) && KafkaVersion.parse(broker.kafkaVersion())
                .map(k -> !k.atLeast(4, 2)).orElse(true);
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
                + ": before 4.2 the broker and controller request pools mark one shared RequestHandlerAvgIdlePercent "
                + "meter (KAFKA-19606), so the reading " + Units.ratio(value) + " is the sum of both pools' idle "
                + "ratios and cannot show that the broker pool is idle enough";
    }
}
