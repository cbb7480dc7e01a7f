package dev.brokertuner.agent.gather;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.ConfigValue;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads the local Kafka broker (process discovery, JMX, AdminClient). Holds connections between reads, so
 * it is closed when done. Never throws from {@link #gather}: an unreachable broker is a {@link BrokerFacts} with
 * status unreachable and the reason.
 */
public interface BrokerGatherer extends AutoCloseable {
    /** The data dirs the broker declares ({@code log.dirs}), empty when none is known. Cheap: no network. */
    List<String> logDirs();

    /** The broker's pid in the procfs root, when a broker process was found there. Cheap: no network. */
    default java.util.OptionalLong pid() {
        return java.util.OptionalLong.empty();
    }

    /**
     * Reads the broker over a window.
     *
     * @param sampleSeconds window for rates and idle ratios; 0 means a single read (one-minute rates)
     */
    Gathered<BrokerFacts> gather(int sampleSeconds);

    /**
     * The broker facts with what needs the host facts too (the record batches sampled in the data dirs); by default
     * unchanged.
     */
    default Gathered<BrokerFacts> withHostFacts(Gathered<BrokerFacts> broker, dev.brokertuner.report.HostFacts host) {
        return broker;
    }

    @Override
    void close();

    /** A gatherer for when the broker side is switched off: reports not-found with this reason. */
    static BrokerGatherer none(String reason) {
        return none(reason, Map.of());
    }

    /**
     * A gatherer for when the broker side is switched off: reports not-found with this reason, carrying the configs a
     * {@code server.properties} declares (listeners, socket buffers) so host rules can still place and judge them.
     */
    static BrokerGatherer none(String reason, Map<String, ConfigValue> declared) {
        BrokerFacts facts = declared.isEmpty() ? BrokerFacts.notFound(reason)
                : new BrokerFacts(BrokerStatus.NOT_FOUND, reason, null, null, null, null, null, null, null, null,
                null, null, null, declared, null, null, null, null, null);
        return new BrokerGatherer() {
            @Override
            public List<String> logDirs() {
                return List.of();
            }

            @Override
            public Gathered<BrokerFacts> gather(int sampleSeconds) {
                return new Gathered<>(facts, List.of());
            }

            @Override
            public void close() {
            }
        };
    }
}
