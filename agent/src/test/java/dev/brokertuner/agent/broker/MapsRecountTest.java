package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's map areas are counted again only when the last count is older than
 * {@link BrokerDiscovery#MAPS_MAX_AGE}, when its open files changed by more than
 * {@link BrokerDiscovery#MAPS_RECOUNT_FDS}, or for another pid; open files are counted every time.
 */
class MapsRecountTest {
    @TempDir
    Path root;
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private BrokerDiscovery discovery;
    private final KafkaCommandLine broker = new KafkaCommandLine(900, "kafka.Kafka", null, Map.of(), null, null,
            null);

    @BeforeEach
    void tree() throws Exception {
        Path p = Files.createDirectories(root.resolve("proc/900"));
        Files.writeString(p.resolve("status"), "Name:\tjava\nUid:\t0\t0\t0\t0\n");
        Files.writeString(p.resolve("limits"), "Max open files            100000               100000      files\n");
        fds(900, 100);
        maps(900, 300);
        discovery = new BrokerDiscovery(new HostPaths(root.resolve("proc"), root.resolve("sys")), now::get);
    }

    private void fds(long pid, int n) throws Exception {
        Path dir = Files.createDirectories(root.resolve("proc/" + pid + "/fd"));
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve(String.valueOf(i));
            if (!Files.exists(f)) {
                Files.createFile(f);
            }
        }
    }

    private void maps(long pid, int n) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(String.format("7f%010x-7f%010x r--s 00000000 08:01 %d  /data/kafka/t-%d/0.index%n", i * 4096L,
                    (i + 1) * 4096L, 1000 + i, i));
        }
        Files.writeString(root.resolve("proc/" + pid + "/maps"), text);
    }

    private long mapCount() {
        return discovery.discovered(broker).value().process().mapCount();
    }

    @Test
    void aRecentCountIsReusedWhileTheOpenFilesHold() throws Exception {
        assertThat(mapCount()).isEqualTo(300);
        maps(900, 310);
        fds(900, 102); // 2 more open files: within 2 % of 100
        now.addAndGet(30_000_000_000L);
        assertThat(mapCount()).isEqualTo(300);
        assertThat(discovery.discovered(broker).value().process().openFiles()).isEqualTo(102);
        assertThat(discovery.mapsReads()).isEqualTo(1);
    }

    @Test
    void moreOpenFilesCountTheMapsAgain() throws Exception {
        assertThat(mapCount()).isEqualTo(300);
        maps(900, 500);
        fds(900, 110); // new segments: 10 % more open files
        assertThat(mapCount()).isEqualTo(500);
        assertThat(discovery.mapsReads()).isEqualTo(2);
    }

    @Test
    void aCountOlderThanTheBoundIsRedone() throws Exception {
        assertThat(mapCount()).isEqualTo(300);
        maps(900, 320);
        now.addAndGet(BrokerDiscovery.MAPS_MAX_AGE.toNanos() + 1);
        assertThat(mapCount()).isEqualTo(320);
    }

    @Test
    void anotherPidIsCountedAfresh() throws Exception {
        assertThat(mapCount()).isEqualTo(300);
        Path p = Files.createDirectories(root.resolve("proc/901"));
        Files.copy(root.resolve("proc/900/status"), p.resolve("status"));
        Files.copy(root.resolve("proc/900/limits"), p.resolve("limits"));
        fds(901, 100);
        maps(901, 42);
        KafkaCommandLine restarted = new KafkaCommandLine(901, "kafka.Kafka", null, Map.of(), null, null, null);
        assertThat(discovery.discovered(restarted).value().process().mapCount()).isEqualTo(42);
    }

    @Test
    void unknownOpenFilesCountTheMapsEveryTime() throws Exception {
        Files.walk(root.resolve("proc/900/fd")).sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile()
                .delete());
        assertThat(mapCount()).isEqualTo(300);
        maps(900, 301);
        assertThat(mapCount()).isEqualTo(301);
        assertThat(discovery.discovered(broker).problems()).extracting(dev.brokertuner.report.Problem::source)
                .anyMatch(s -> s.contains("fd"));
        assertThat(discovery.mapsReads()).isEqualTo(3);
    }
}
