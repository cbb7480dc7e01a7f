package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process scan per gathering: what {@code Inspection} asks before {@code gather} ({@code logDirs()},
 * {@code pid()}) is located once and reused by that gathering, within {@link LocalBrokerGatherer#LOCATE_REUSE}; the
 * next gathering locates afresh. On a procfs tree that is not this machine's (no network call, no attach).
 */
class LocateOnceTest {
    @TempDir
    Path root;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private HostPaths paths;

    @BeforeEach
    void broker() throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc/900"));
        // a tree that is not this machine's: the broker's absolute path is read through its root
        Files.createDirectories(proc.resolve("root/etc/kafka"));
        properties("log.dirs=/data/kafka\nnode.id=1\n");
        Files.writeString(proc.resolve("cmdline"), "java\0kafka.Kafka\0/etc/kafka/server.properties\0");
        Files.createDirectories(root.resolve("proc/901"));
        Files.writeString(root.resolve("proc/901/cmdline"), "/usr/sbin/sshd\0-D\0");
        paths = new HostPaths(root.resolve("proc"), root.resolve("sys"));
    }

    private void properties(String text) throws Exception {
        Files.writeString(root.resolve("proc/900/root/etc/kafka/server.properties"), text);
    }

    private LocalBrokerGatherer gatherer() {
        return new LocalBrokerGatherer(paths, new BrokerOptions(), Duration.ofSeconds(5), now::get);
    }

    @Test
    void logDirsPidAndGatherScanOnce() {
        try (LocalBrokerGatherer g = gatherer()) {
            assertThat(g.logDirs()).containsExactly("/data/kafka");
            assertThat(g.pid()).hasValue(900);
            assertThat(g.gather(0).value().process().pid()).isEqualTo(900);
            assertThat(g.scans()).isEqualTo(1);
        }
    }

    @Test
    void theNextGatheringLocatesAfresh() throws Exception {
        try (LocalBrokerGatherer g = gatherer()) {
            g.logDirs();
            g.gather(0);
            // the broker stopped between gatherings: the next one must not reuse what the last one found
            Files.delete(root.resolve("proc/900/cmdline"));
            assertThat(g.gather(0).value().status()).isEqualTo(BrokerStatus.NOT_FOUND);
            assertThat(g.scans()).isEqualTo(2);
        }
    }

    @Test
    void whatWasLocatedLongerAgoThanTheBoundIsLocatedAgain() throws Exception {
        try (LocalBrokerGatherer g = gatherer()) {
            assertThat(g.logDirs()).containsExactly("/data/kafka");
            properties("log.dirs=/data/moved\nnode.id=1\n");
            now.addAndGet(LocalBrokerGatherer.LOCATE_REUSE.toNanos() + 1);
            assertThat(g.pid()).hasValue(900);
            assertThat(g.logDirs()).containsExactly("/data/moved");
            assertThat(g.scans()).isEqualTo(2);
        }
    }
}
