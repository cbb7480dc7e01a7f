package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.HostPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the broker's server.properties is read on a procfs root that counts as this machine's (its {@code self} link
 * names this JVM, as on the live host): through {@code <procfs>/PID/root} when the broker has its own mount
 * namespace, the path itself when it shares the agent's.
 */
class BrokersFileTest {
    @TempDir
    Path root;

    private HostPaths live(String brokerNs, String agentNs) throws Exception {
        Path proc = Files.createDirectories(root.resolve("proc"));
        long self = ProcessHandle.current().pid();
        Files.createSymbolicLink(proc.resolve("self"), Path.of(String.valueOf(self)));
        Files.createDirectories(proc.resolve(self + "/ns"));
        Files.createSymbolicLink(proc.resolve(self + "/ns/mnt"), Path.of(agentNs));
        Path broker = Files.createDirectories(proc.resolve("900/ns"));
        Files.createSymbolicLink(broker.resolve("mnt"), Path.of(brokerNs));
        return new HostPaths(proc, root.resolve("sys"));
    }

    private void cmdline(Path props) throws Exception {
        Files.writeString(root.resolve("proc/900/cmdline"), "java\0kafka.Kafka\0" + props + "\0");
    }

    @Test
    void aBrokerInItsOwnMountNamespaceIsReadThroughItsRoot() throws Exception {
        HostPaths paths = live("mnt:[4026532711]", "mnt:[4026531841]");
        Path here = Files.writeString(root.resolve("server.properties"), "log.dirs=/host/path/of/another/broker\n");
        cmdline(here);
        Path inPod = root.resolve("proc/900/root").resolve(here.toString().substring(1));
        Files.createDirectories(inPod.getParent());
        Files.writeString(inPod, "log.dirs=/var/lib/kafka/data\n");
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(paths, new BrokerOptions())) {
            assertThat(g.logDirs()).containsExactly("/var/lib/kafka/data");
        }
    }

    @Test
    void theSameNamespaceReadsThePathItself() throws Exception {
        HostPaths paths = live("mnt:[4026531841]", "mnt:[4026531841]");
        Path here = Files.writeString(root.resolve("server.properties"), "log.dirs=/data/kafka\n");
        cmdline(here);
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(paths, new BrokerOptions())) {
            assertThat(g.logDirs()).containsExactly("/data/kafka");
        }
    }

    @Test
    void whenItsRootCannotBeReadThePathHereIsReadAndSaidSo() throws Exception {
        // a systemd service with PrivateTmp has its own namespace; without ptrace access its root is closed
        HostPaths paths = live("mnt:[4026532999]", "mnt:[4026531841]");
        Path here = Files.writeString(root.resolve("server.properties"), "log.dirs=/data/kafka\n");
        cmdline(here);
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(paths, new BrokerOptions())) {
            assertThat(g.logDirs()).containsExactly("/data/kafka");
            assertThat(g.locateProblems()).anyMatch(p -> p.source().equals("broker:server.properties")
                    && p.message().contains("read " + here + " instead"));
        }
    }
}
