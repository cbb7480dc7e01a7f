package dev.brokertuner.agent.gather;

import dev.brokertuner.report.HostFacts;
import java.util.List;

/** Reads the host's facts under its {@link HostPaths}. Never throws. */
public interface HostGatherer {
    /**
     * Gathers host facts.
     *
     * @param logDirs       Kafka data dirs to map to mounts and devices; empty means assess every disk-backed mount
     * @param sampleSeconds throughput sample window; 0 skips sampling (blocks this long otherwise)
     */
    Gathered<HostFacts> gather(List<String> logDirs, int sampleSeconds);

    /**
     * Places the broker's listeners on the interfaces of gathered facts ({@code nics[].brokerListeners}), once the
     * broker side is known. Never throws; by default the facts are returned unchanged.
     */
    default Gathered<HostFacts> placeListeners(HostFacts facts, BrokerEndpoints endpoints) {
        return new Gathered<>(facts, List.of());
    }

    /**
     * Gathers host facts for the broker's own {@code log.dirs}: paths in the mount namespace of process
     * {@code brokerPid}, which may not be the host's (a broker in a pod seen from the node). Readers that cannot
     * map namespaces judge them as host paths.
     *
     * @param brokerPid the broker's pid in the procfs root, empty when unknown
     */
    default Gathered<HostFacts> gather(List<String> logDirs, java.util.OptionalLong brokerPid, int sampleSeconds) {
        return gather(logDirs, sampleSeconds);
    }
}
