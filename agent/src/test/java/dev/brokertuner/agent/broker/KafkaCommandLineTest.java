package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaCommandLineTest {
    private static String nul(String... args) {
        return String.join("\0", args) + "\0";
    }

    @Test
    void parsesApacheKafkaWithOverridesJmxAndHeap() {
        String cmdline = nul("/usr/lib/jvm/java-17/bin/java", "-Xmx6g", "-Xms6g", "-XX:+UseG1GC",
                "-Dcom.sun.management.jmxremote", "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.port=9999", "-Dcom.sun.management.jmxremote.rmi.port=9999",
                "-Djava.rmi.server.hostname=10.0.0.5", "-Dkafka.logs.dir=/opt/kafka/logs",
                "-cp", "/opt/kafka/libs/*", "kafka.Kafka", "/opt/kafka/config/server.properties",
                "--override", "num.io.threads=16", "--override", "log.dirs=/data/a,/data/b");
        KafkaCommandLine c = KafkaCommandLine.parse(4242, cmdline).orElseThrow();
        assertThat(c.pid()).isEqualTo(4242);
        assertThat(c.mainClass()).isEqualTo("kafka.Kafka");
        assertThat(c.serverProperties()).isEqualTo("/opt/kafka/config/server.properties");
        assertThat(c.overrides()).containsExactly(Map.entry("num.io.threads", "16"),
                Map.entry("log.dirs", "/data/a,/data/b"));
        assertThat(c.jmxPort()).isEqualTo(9999);
        assertThat(c.jmxHost()).isEqualTo("10.0.0.5");
        assertThat(c.heapMaxBytes()).isEqualTo(6L << 30);
    }

    @Test
    void parsesConfluentWrapperWithoutJmx() {
        String cmdline = nul("java", "-XX:MaxHeapSize=1073741824", "-cp", "/usr/share/java/kafka/*",
                "io.confluent.support.metrics.SupportedKafka", "/etc/kafka/server.properties");
        KafkaCommandLine c = KafkaCommandLine.parse(7, cmdline).orElseThrow();
        assertThat(c.mainClass()).isEqualTo("io.confluent.support.metrics.SupportedKafka");
        assertThat(c.serverProperties()).isEqualTo("/etc/kafka/server.properties");
        assertThat(c.jmxPort()).isNull();
        assertThat(c.jmxHost()).isNull();
        assertThat(c.heapMaxBytes()).isEqualTo(1L << 30);
        assertThat(c.overrides()).isEmpty();
    }

    @Test
    void explicitJmxHostWinsOverRmiHostname() {
        String cmdline = nul("java", "-Djava.rmi.server.hostname=a", "-Dcom.sun.management.jmxremote.host=b",
                "-Dcom.sun.management.jmxremote.port=1099", "kafka.Kafka", "server.properties",
                "--override=node.id=3");
        KafkaCommandLine c = KafkaCommandLine.parse(1, cmdline).orElseThrow();
        assertThat(c.jmxHost()).isEqualTo("b");
        assertThat(c.serverProperties()).isEqualTo("server.properties");
        assertThat(c.overrides()).containsEntry("node.id", "3");
    }

    @Test
    void ignoresOtherJvmsToolsAndKernelThreads() {
        assertThat(KafkaCommandLine.parse(1, nul("java", "-cp", "x.jar", "kafka.tools.ConsoleProducer",
                "--topic", "t"))).isEmpty();
        assertThat(KafkaCommandLine.parse(1, nul("java", "-cp", "kafka.Kafka", "org.example.Main"))).isEmpty();
        assertThat(KafkaCommandLine.parse(1, nul("/usr/sbin/sshd", "-D"))).isEmpty();
        assertThat(KafkaCommandLine.parse(2, "")).isEmpty();
    }

    @Test
    void badNumbersAreUnknownNotErrors() {
        String cmdline = nul("java", "-Xmxlots", "-Dcom.sun.management.jmxremote.port=70000", "kafka.Kafka",
                "s.properties", "--override");
        KafkaCommandLine c = KafkaCommandLine.parse(1, cmdline).orElseThrow();
        assertThat(c.heapMaxBytes()).isNull();
        assertThat(c.jmxPort()).isNull();
        assertThat(c.overrides()).isEmpty();
    }

    @Test
    void sizesInJvmUnits() {
        assertThat(KafkaCommandLine.parseSize("512m")).isEqualTo(512L << 20);
        assertThat(KafkaCommandLine.parseSize("4G")).isEqualTo(4L << 30);
        assertThat(KafkaCommandLine.parseSize("1024k")).isEqualTo(1L << 20);
        assertThat(KafkaCommandLine.parseSize("1073741824")).isEqualTo(1L << 30);
        assertThat(KafkaCommandLine.parseSize("")).isNull();
    }
}
