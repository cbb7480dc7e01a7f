package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerConfigFileTest {
    static final String COMBINED = """
            process.roles=broker, controller
            node.id=3
            listeners=PLAINTEXT://:9092,CONTROLLER://:9093,REPLICATION://0.0.0.0:9094
            controller.listener.names=CONTROLLER
            log.dirs=/data/a, /data/b
            """;

    @Test
    void combinedModeNodeListenersAndBootstrap() {
        BrokerConfigFile c = BrokerConfigFile.of(ServerProperties.parse(COMBINED), Map.of());
        assertThat(c.nodeId()).hasValue(3);
        assertThat(c.processRoles()).hasValue("broker,controller");
        assertThat(c.controller()).isTrue();
        assertThat(c.controllerListeners()).containsExactly("CONTROLLER");
        assertThat(c.listenerNames()).containsExactly("PLAINTEXT", "REPLICATION");
        assertThat(c.bootstrap()).hasValue("127.0.0.1:9092");
        assertThat(c.logDirs()).containsExactly("/data/a", "/data/b");
    }

    @Test
    void overridesWinAndAdvertisedListenersComeFirst() {
        BrokerConfigFile c = BrokerConfigFile.of(ServerProperties.parse(COMBINED), Map.of("node.id", "7",
                "advertised.listeners", "PLAINTEXT://kafka-a01.example:9092", "log.dirs", "/data/c"));
        assertThat(c.nodeId()).hasValue(7);
        assertThat(c.bootstrap()).hasValue("kafka-a01.example:9092");
        assertThat(c.logDirs()).containsExactly("/data/c");
    }

    @Test
    void bootstrapProtocolFromTheMapOrTheListenerName() {
        BrokerConfigFile mapped = BrokerConfigFile.of(ServerProperties.parse(COMBINED
                + "listener.security.protocol.map=PLAINTEXT:SASL_SSL,CONTROLLER:PLAINTEXT\n"), Map.of());
        assertThat(mapped.bootstrapProtocol()).hasValue("SASL_SSL");
        BrokerConfigFile named = BrokerConfigFile.of(ServerProperties.parse("listeners=SSL://:9093\n"), Map.of());
        assertThat(named.bootstrap()).hasValue("127.0.0.1:9093");
        assertThat(named.bootstrapProtocol()).hasValue("SSL");
        BrokerConfigFile custom = BrokerConfigFile.of(ServerProperties.parse("listeners=INTERNAL://h:1\n"), Map.of());
        assertThat(custom.bootstrapProtocol()).isEmpty();
    }

    @Test
    void zookeeperEraBrokerIdAndNothingKnown() {
        BrokerConfigFile old = BrokerConfigFile.of(ServerProperties.parse("broker.id=2\n"), Map.of());
        assertThat(old.nodeId()).hasValue(2);
        assertThat(old.controller()).isFalse();
        assertThat(old.bootstrap()).isEmpty();
        BrokerConfigFile none = BrokerConfigFile.of(null, Map.of());
        assertThat(none.nodeId()).isEmpty();
        assertThat(none.listenerNames()).isEmpty();
        assertThat(BrokerConfigFile.of(ServerProperties.parse("node.id=x\n"), Map.of()).nodeId()).isEmpty();
    }
}
