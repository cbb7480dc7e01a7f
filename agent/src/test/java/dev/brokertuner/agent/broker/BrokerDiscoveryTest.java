package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.BrokerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery over a fixture procfs tree (root/proc, root/etc/passwd). */
class BrokerDiscoveryTest {
    @TempDir
    Path root;

    private HostPaths paths() {
        return new HostPaths(root.resolve("proc"), root.resolve("sys"));
    }

    private void process(long pid, String... args) throws Exception {
        Path dir = Files.createDirectories(root.resolve("proc").resolve(String.valueOf(pid)));
        Files.writeString(dir.resolve("cmdline"), String.join("\0", args) + "\0");
    }

    private void brokerFiles(long pid, boolean withMaps) throws Exception {
        Path dir = root.resolve("proc").resolve(String.valueOf(pid));
        Files.writeString(dir.resolve("status"), "Name:\tjava\nUid:\t995\t995\t995\t995\nCpus_allowed_list:\t0-7\n");
        Files.writeString(dir.resolve("limits"), ProcFilesTest.LIMITS);
        Files.writeString(dir.resolve("cgroup"), "0::/system.slice/kafka.service\n");
        if (withMaps) {
            Files.writeString(dir.resolve("maps"), "a-b r-xp 0 0:0 0 /x\nc-d rw-p 0 0:0 0\n");
        }
        Path fd = Files.createDirectories(dir.resolve("fd"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(fd.resolve(String.valueOf(i)), "");
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\nkafka:x:995:992::/:/bin/false\n");
    }

    @Test
    void findsTheBrokerAndReadsItsProcessFiles() throws Exception {
        process(1, "/sbin/init");
        process(300, "java", "-Xmx1g", "-Dcom.sun.management.jmxremote.port=9999", "kafka.Kafka",
                "/etc/kafka/server.properties");
        process(400, "java", "-cp", "x", "org.example.Other");
        brokerFiles(300, true);
        Files.createDirectories(root.resolve("proc/self"));
        BrokerDiscovery d = new BrokerDiscovery(paths());
        List<KafkaCommandLine> found = d.scan();
        assertThat(found).extracting(KafkaCommandLine::pid).containsExactly(300L);
        Gathered<BrokerProcess> p = d.process(found.get(0));
        assertThat(p.value()).isEqualTo(new BrokerProcess(300, "kafka", 1L << 30, 100000L, 5L, 2L, 8.0,
                "Cpus_allowed_list 0-7", null));
        assertThat(p.problems()).isEmpty();
    }

    @Test
    void whatCannotBeReadIsAProblemNotAFailure() throws Exception {
        process(300, "java", "kafka.Kafka", "server.properties");
        brokerFiles(300, false);
        Files.delete(root.resolve("etc/passwd"));
        Gathered<BrokerProcess> p = new BrokerDiscovery(paths()).process(new BrokerDiscovery(paths()).scan().get(0));
        assertThat(p.value().mapCount()).isNull();
        assertThat(p.value().user()).as("uid when the name is unknown").isEqualTo("995");
        assertThat(p.value().openFiles()).isEqualTo(5L);
        assertThat(p.problems()).singleElement().satisfies(pr -> assertThat(pr.source()).isEqualTo("procfs:300/maps"));
    }

    @Test
    void choosesByPropertiesOrJmxPortElseTheFirstWithAProblem() {
        KafkaCommandLine a = KafkaCommandLine.parse(10, "java\0kafka.Kafka\0/etc/kafka/a.properties\0").orElseThrow();
        KafkaCommandLine b = KafkaCommandLine.parse(20,
                "java\0-Dcom.sun.management.jmxremote.port=9998\0kafka.Kafka\0/etc/kafka/b.properties\0")
                .orElseThrow();
        List<KafkaCommandLine> both = List.of(a, b);
        assertThat(BrokerDiscovery.choose(both, Path.of("/etc/kafka/b.properties"), null).value()).contains(b);
        assertThat(BrokerDiscovery.choose(both, null, 9998).value()).contains(b);
        assertThat(BrokerDiscovery.choose(both, null, 1234).value()).as("a remote broker").isEmpty();
        Gathered<Optional<KafkaCommandLine>> first = BrokerDiscovery.choose(both, null, null);
        assertThat(first.value()).contains(a);
        assertThat(first.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("10, 20"));
        assertThat(BrokerDiscovery.choose(List.of(b), null, null).problems()).isEmpty();
    }

    @Test
    void noBrokerOnTheHostIsNotFound() throws Exception {
        process(1, "/sbin/init");
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(paths(), new BrokerOptions())) {
            BrokerFacts f = g.gather(0).value();
            assertThat(f.status()).isEqualTo(BrokerStatus.NOT_FOUND);
            assertThat(f.reason()).contains("no Kafka broker process").contains("--jmx");
            assertThat(g.logDirs()).isEmpty();
        }
    }

    @Test
    void logDirsComeFromTheDiscoveredPropertiesAndOverrides() throws Exception {
        // the tree is not this machine's, so the broker's file is read under its root, never at /etc/kafka here
        Path props = root.resolve("proc/300/root/etc/kafka/server.properties");
        Files.createDirectories(props.getParent());
        Files.writeString(props, "log.dirs=/data/a,/data/b\n");
        process(300, "java", "kafka.Kafka", "/etc/kafka/server.properties", "--override", "log.dirs=/data/c");
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(paths(), new BrokerOptions())) {
            assertThat(g.logDirs()).containsExactly("/data/c");
        }
        process(300, "java", "kafka.Kafka", "/etc/kafka/server.properties");
        try (LocalBrokerGatherer g = new LocalBrokerGatherer(paths(), new BrokerOptions())) {
            assertThat(g.logDirs()).containsExactly("/data/a", "/data/b");
        }
    }
}
