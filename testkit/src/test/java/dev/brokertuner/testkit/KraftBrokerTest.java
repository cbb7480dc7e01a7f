package dev.brokertuner.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

class KraftBrokerTest {

    @Test
    void startsABrokerInAChildJvmWithJmxAndCleansUp() throws Exception {
        Path dir;
        try (KraftBroker broker = KraftBroker.builder().property("num.io.threads", "1").start()) {
            dir = broker.serverProperties().getParent();
            assertThat(broker.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(Files.readString(Path.of("/proc", String.valueOf(broker.pid()), "cmdline")))
                    .contains("\0kafka.Kafka\0" + broker.serverProperties())
                    .contains("-Dcom.sun.management.jmxremote.port=" + broker.jmxPort());
            assertThat(Files.readString(broker.serverProperties())).contains("num.io.threads=1");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", broker.port()), 2000);
            }
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(broker.jmxUrl()))) {
                Object version = c.getMBeanServerConnection()
                        .getAttribute(new ObjectName("kafka.server:type=app-info,id=1"), "Version");
                assertThat(version).isEqualTo("4.3.1");
            }
            broker.stop();
            assertThat(broker.isAlive()).isFalse();
            assertThat(dir).exists();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void serverPropertiesLetExtrasOverrideDefaults() {
        String text = KraftBroker.serverPropertiesText(9092, 9093, Path.of("/tmp/x"),
                Map.of("log.index.size.max.bytes", "4096", "num.io.threads", "1"));
        assertThat(text).contains("process.roles=broker,controller").contains("log.index.size.max.bytes=4096")
                .doesNotContain("log.index.size.max.bytes=65536").contains("num.io.threads=1")
                .contains("log.cleaner.dedupe.buffer.size=8388608");
    }

    @Test
    void clusterIdsAreKraftShaped() {
        String id = KraftBroker.randomClusterId(new SecureRandom());
        assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aMissingJarIsNamed() {
        assertThatThrownBy(() -> KafkaClasspath.check("/nonexistent/kafka.jar"))
                .hasMessageContaining("/nonexistent/kafka.jar");
    }
}
