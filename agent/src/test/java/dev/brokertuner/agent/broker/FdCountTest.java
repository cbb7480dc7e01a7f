package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Open files counted on this machine's mounted procfs (by the {@code fd/} directory's size where the kernel reports
 * it, else by listing) agree with a listing of the same directory; a captured tree is always listed
 * ({@link MapsRecountTest} counts 100 files there, not the directory's size).
 */
class FdCountTest {
    @Test
    void theCountOfThisJvmsOpenFilesMatchesItsListing() throws Exception {
        long pid = ProcessHandle.current().pid();
        List<java.nio.channels.FileChannel> held = new ArrayList<>();
        try {
            // 200 more open files than a bare JVM: a size that counted anything else would not land within 3
            Path f = Files.createTempFile("fdcount", ".tmp");
            for (int i = 0; i < 200; i++) {
                held.add(java.nio.channels.FileChannel.open(f));
            }
            KafkaCommandLine self = new KafkaCommandLine(pid, "kafka.Kafka", null, Map.of(), null, null, null);
            Long counted = new BrokerDiscovery(new HostPaths(Path.of("/proc"), Path.of("/sys"))).discovered(self)
                    .value().process().openFiles();
            long listed = 0;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
                for (Path ignored : s) {
                    listed++;
                }
            }
            assertThat(counted).isNotNull().isBetween(listed - 3, listed + 3).isGreaterThanOrEqualTo(200);
            Files.delete(f);
        } finally {
            for (var c : held) {
                c.close();
            }
        }
    }
}
