package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.gather.BrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Problem;
import java.io.IOException;
import java.util.List;

/**
 * Finds the local broker and reads it. (Skeleton: reads {@code log.dirs} from {@code --server-properties}; JMX and
 * AdminClient come with the broker issue.)
 */
public final class LocalBrokerGatherer implements BrokerGatherer {
    private final HostPaths paths;
    private final BrokerOptions options;

    public LocalBrokerGatherer(HostPaths paths, BrokerOptions options) {
        this.paths = paths;
        this.options = options;
    }

    @Override
    public List<String> logDirs() {
        if (options.serverProperties == null) {
            return List.of();
        }
        try {
            return ServerProperties.read(options.serverProperties).logDirs();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Gathered<BrokerFacts> gather(int sampleSeconds) {
        return new Gathered<>(BrokerFacts.notFound("broker discovery not implemented yet"),
                List.<Problem>of());
    }

    @Override
    public void close() {
    }
}
