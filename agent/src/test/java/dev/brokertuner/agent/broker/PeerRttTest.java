package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerRttTest {
    @Test
    void medianOfTheSamples() {
        assertThat(PeerRtt.median(List.of(0.4, 9.0, 0.5, 0.3, 0.6))).isEqualTo(0.5);
        assertThat(PeerRtt.median(List.of(2.0, 1.0))).isEqualTo(1.5);
        assertThat(PeerRtt.median(List.of())).isNull();
    }

    @Test
    void measuresARealListenerAndNothingWhereNoneListens() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(PeerRtt.measure("127.0.0.1", server.getLocalPort())).isNotNull().isPositive();
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(PeerRtt.measure("127.0.0.1", closed)).isNull();
    }
}
