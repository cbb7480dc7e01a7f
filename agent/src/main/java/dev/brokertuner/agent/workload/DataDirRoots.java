package dev.brokertuner.agent.workload;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the agent reads the broker's partition dirs: each configured data dir's node path ({@code hostPath}) when
 * the broker runs in its own mount namespace (a pod seen from the node), else its path when the broker shares the
 * agent's mount namespace; without host data dirs, the dirs {@code describeLogDirs} names, when the namespace is
 * shared. On a procfs root that is not this machine's, nothing: the paths it names are not local ones. Pure.
 */
public final class DataDirRoots {
    private DataDirRoots() {
    }

    /**
     * @param localProcfs         the procfs root is this machine's
     * @param sameMountNamespace  the broker sees the agent's mount namespace
     */
    public static Gathered<List<Path>> of(HostFacts host, BrokerFacts broker, boolean localProcfs,
                                          boolean sameMountNamespace) {
        List<Problem> problems = new ArrayList<>();
        if (!localProcfs) {
            return new Gathered<>(List.of(), List.of(new Problem("broker:batches", "batch headers not sampled: the "
                    + "procfs root is not this machine's, so the data dirs it names are not local paths")));
        }
        Set<Path> roots = new LinkedHashSet<>();
        for (DataDir d : host.dataDirs()) {
            if (d.assessed() || Boolean.FALSE.equals(d.exists())) {
                continue;
            }
            if (d.hostPath() != null) {
                roots.add(Path.of(d.hostPath()));
            } else if (sameMountNamespace) {
                roots.add(Path.of(d.path()));
            } else {
                problems.add(new Problem("broker:batches", "data dir " + d.path() + " is in the broker's own mount "
                        + "namespace and no node mount shows it; its batch headers not sampled"));
            }
        }
        if (roots.isEmpty() && problems.isEmpty() && sameMountNamespace) {
            for (LogDirUsage u : broker.logDirs()) {
                if (u.error() == null && u.path() != null && u.path().startsWith("/")) {
                    roots.add(Path.of(u.path()));
                }
            }
        }
        return new Gathered<>(List.copyOf(roots), problems);
    }
}
