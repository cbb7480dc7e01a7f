package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.DataDir;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataDirRootsTest {
    private static DataDir dir(String path, String hostPath, boolean assessed, Boolean exists) {
        return new DataDir(path, "/", "xfs", true, List.of("sda"), null, null, null, assessed, exists, hostPath);
    }

    private static Snapshot with(DataDir... dirs) {
        return Snapshots.hostAndBroker(h -> {
            for (DataDir d : dirs) {
                h.dataDir(d);
            }
        }, b -> b.logDir("/from/admin", 10L));
    }

    @Test
    void aPodsDataDirIsReadAtItsNodePathAndAHostDirAtItsPath() {
        Snapshot s = with(dir("/var/lib/kafka/data", "/var/lib/kubelet/pods/x/volumes/data", false, true),
                dir("/data2", null, false, null), dir("/assessed", null, true, null), dir("/gone", null, false, false));
        Gathered<List<Path>> shared = DataDirRoots.of(s.host(), s.broker(), true, true);
        assertThat(shared.value()).containsExactly(Path.of("/var/lib/kubelet/pods/x/volumes/data"),
                Path.of("/data2"));
        Gathered<List<Path>> pod = DataDirRoots.of(s.host(), s.broker(), true, false);
        assertThat(pod.value()).containsExactly(Path.of("/var/lib/kubelet/pods/x/volumes/data"));
        assertThat(pod.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("/data2"));
    }

    @Test
    void withoutHostDataDirsTheAdminDirsAreUsedOnlyInTheSameNamespace() {
        Snapshot s = with();
        assertThat(DataDirRoots.of(s.host(), s.broker(), true, true).value()).containsExactly(Path.of("/from/admin"));
        assertThat(DataDirRoots.of(s.host(), s.broker(), true, false).value()).isEmpty();
    }

    @Test
    void aForeignProcfsRootReadsNothingLocal() {
        Snapshot s = with(dir("/var/lib/kafka/data", null, false, true));
        Gathered<List<Path>> g = DataDirRoots.of(s.host(), s.broker(), false, true);
        assertThat(g.value()).isEmpty();
        assertThat(g.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("not this machine's"));
    }
}
