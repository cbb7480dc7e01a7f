package dev.brokertuner.agent.rules.host;

import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Mount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Looks up what lies under the data dirs of a {@link HostFacts}: their mounts and md arrays. */
final class DataDirs {
    private DataDirs() {
    }

    /** The mount-table entry a data dir lives on (the last one for that mount point: it hides earlier ones). */
    static Optional<Mount> mountOf(HostFacts host, DataDir dir) {
        if (dir.mountPoint() == null) {
            return Optional.empty();
        }
        Mount found = null;
        for (Mount m : host.mounts()) {
            if (m.mountPoint().equals(dir.mountPoint())) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Data dirs grouped by mount point, in report order; data dirs with no known mount are left out. */
    static Map<String, List<DataDir>> byMountPoint(HostFacts host) {
        return host.dataDirs().stream().filter(d -> d.mountPoint() != null)
                .collect(Collectors.groupingBy(DataDir::mountPoint, LinkedHashMap::new, Collectors.toList()));
    }

    /** Data dirs grouped by the md array under them, in report order. */
    static Map<String, List<DataDir>> byRaid(HostFacts host) {
        return host.dataDirs().stream().filter(d -> d.raid() != null)
                .collect(Collectors.groupingBy(DataDir::raid, LinkedHashMap::new, Collectors.toList()));
    }

    /** {@code /data/kafka-1, /data/kafka-2}. */
    static String paths(List<DataDir> dirs) {
        return dirs.stream().map(DataDir::path).collect(Collectors.joining(", "));
    }
}
