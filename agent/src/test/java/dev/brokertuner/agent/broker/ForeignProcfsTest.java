package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.host.DiskSpace;
import dev.brokertuner.report.BrokerFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A procfs root that is not this machine's names a Kafka broker whose pid exists here too (it is this test JVM's
 * own pid): the agent must not attach to the local process of that number, nor statvfs or read local paths the
 * tree names.
 */
class ForeignProcfsTest {
    @TempDir
    Path root;

    @Test
    void aPidThatAlsoExistsLocallyIsNeverAttachedTo() throws Exception {
        long pid = ProcessHandle.current().pid();
        Path dir = Files.createDirectories(root.resolve("proc").resolve(String.valueOf(pid)));
        // no JMX port: on the live host the agent would attach by pid
        Files.writeString(dir.resolve("cmdline"), String.join("\0", "java", "-Xmx1g", "kafka.Kafka",
                "/etc/kafka/server.properties") + "\0");
        Files.writeString(dir.resolve("status"), "Name:\tjava\nUid:\t0\t0\t0\t0\nCpus_allowed_list:\t0-3\n");
        Path props = dir.resolve("root/etc/kafka/server.properties");
        Files.createDirectories(props.getParent());
        Files.writeString(props, "node.id=7\nprocess.roles=broker\nlog.dirs=/var/lib/kafka/data\n");
        HostPaths paths = new HostPaths(root.resolve("proc"), root.resolve("sys"));

        try (LocalBrokerGatherer g = new LocalBrokerGatherer(paths, new BrokerOptions())) {
            assertThat(g.pid()).hasValue(pid);
            assertThat(g.logDirs()).as("read under <procfs>/PID/root").containsExactly("/var/lib/kafka/data");
            Gathered<BrokerFacts> read = g.gather(0);
            BrokerFacts f = read.value();
            assertThat(f.jmx()).as("no attach:pid endpoint").isNull();
            assertThat(f.nodeId()).isEqualTo(7);
            assertThat(f.reason()).contains("is not this machine's", "not a local process to attach to",
                    "pass --jmx");
        }
        assertThat(DiskSpace.forProcfs(paths.procfs()).of("/")).as("no statvfs of a local path").isEmpty();
    }

    @Test
    void loopbackEndpointsOfABrokerInATreeThatIsNotThisMachinesAreNotUsed() throws Exception {
        Path dir = Files.createDirectories(root.resolve("proc/4242"));
        Files.writeString(dir.resolve("cmdline"), String.join("\0", "java", "-Dcom.sun.management.jmxremote.port=9999",
                "kafka.Kafka", "/etc/kafka/server.properties") + "\0");
        Path props = dir.resolve("root/etc/kafka/server.properties");
        Files.createDirectories(props.getParent());
        Files.writeString(props, "node.id=1\nlisteners=PLAINTEXT://:9092\n");
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(new HostPaths(root.resolve("proc"),
                root.resolve("sys")), new BrokerOptions())) {
            BrokerFacts f = g.gather(0).value();
            assertThat(f.jmx()).isNull();
            assertThat(f.bootstrap()).isNull();
            assertThat(f.reason()).contains("JMX port 9999 is on its loopback", "pass --jmx",
                    "listener 127.0.0.1:9092 is on its loopback", "pass --bootstrap-server");
        }
    }

    @Test
    void loopbackNames() {
        assertThat(LocalBrokerGatherer.loopback("127.0.0.1:9092,kafka-1:9092")).isTrue();
        assertThat(LocalBrokerGatherer.loopback("localhost:9092")).isTrue();
        assertThat(LocalBrokerGatherer.loopback("[::1]:9092")).isTrue();
        assertThat(LocalBrokerGatherer.loopback(":9092")).isTrue();
        assertThat(LocalBrokerGatherer.loopback("kafka-0.kafka-headless:9092")).isFalse();
        assertThat(LocalBrokerGatherer.loopback("10.1.2.3:9999")).isFalse();
    }
}
