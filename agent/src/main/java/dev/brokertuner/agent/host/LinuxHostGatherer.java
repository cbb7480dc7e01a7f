package dev.brokertuner.agent.host;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.HostFacts;
import java.util.List;
import java.util.Map;

/** Reads host facts from a procfs and a sysfs root. (Skeleton: filled in by the host inspection work.) */
public final class LinuxHostGatherer implements HostGatherer {
    private final HostPaths paths;

    public LinuxHostGatherer(HostPaths paths) {
        this.paths = paths;
    }

    @Override
    public Gathered<HostFacts> gather(List<String> logDirs, int sampleSeconds) {
        return new Gathered<>(new HostFacts(null, null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                Map.of(), 0), List.of());
    }
}
