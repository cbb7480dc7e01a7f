package dev.brokertuner.agent.gather;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerEndpointsTest {
    @Test
    void jmxPortFromEveryLabelShape() {
        assertThat(BrokerEndpoints.jmxPort("127.0.0.1:9999")).isEqualTo(9999);
        assertThat(BrokerEndpoints.jmxPort("[::1]:9101")).isEqualTo(9101);
        assertThat(BrokerEndpoints.jmxPort("service:jmx:rmi:///jndi/rmi://10.0.0.5:7199/jmxrmi")).isEqualTo(7199);
        assertThat(BrokerEndpoints.jmxPort("attach:pid 4242")).isNull();
        assertThat(BrokerEndpoints.jmxPort(null)).isNull();
    }
}
