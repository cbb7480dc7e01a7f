package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JmxEndpointTest {
    @Test
    void hostPortBecomesTheRmiRegistryUrl() {
        assertThat(JmxEndpoint.parse("kafka-a01:9999").toString())
                .isEqualTo("service:jmx:rmi:///jndi/rmi://kafka-a01:9999/jmxrmi");
        assertThat(JmxEndpoint.parse(":9999").toString())
                .isEqualTo("service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi");
        assertThat(JmxEndpoint.parse("[::1]:9999").toString())
                .isEqualTo("service:jmx:rmi:///jndi/rmi://[::1]:9999/jmxrmi");
    }

    @Test
    void serviceUrlsPassThrough() {
        String url = "service:jmx:rmi://h:1/jndi/rmi://h:2/jmxrmi";
        assertThat(JmxEndpoint.parse(url).toString()).isEqualTo(url);
    }

    @Test
    void malformedEndpointsAreExplained() {
        assertThatThrownBy(() -> JmxEndpoint.parse("kafka-a01")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> JmxEndpoint.parse("h:port")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> JmxEndpoint.parse("h:0")).hasMessageContaining("out of range");
    }
}
