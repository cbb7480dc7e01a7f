package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JmxSessionTest {
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void backsOffAfterAFailedConnectAndDoublesTheWait() throws Exception {
        AtomicLong now = new AtomicLong(0);
        try (JmxSession session = new JmxSession(JmxEndpoint.parse("127.0.0.1:" + closedPort()), null, null,
                now::get)) {
            assertThatThrownBy(session::connection).hasMessageStartingWith("JMX service:jmx:rmi")
                    .hasMessageNotContaining("retrying");
            // within the backoff: no new attempt, the last reason and when the next one comes
            now.addAndGet(500_000_000L);
            assertThatThrownBy(session::connection).hasMessageContaining("retrying in 1 s");
            now.addAndGet(600_000_000L);
            assertThatThrownBy(session::connection).hasMessageNotContaining("retrying");
            now.addAndGet(1_000_000_000L);
            assertThatThrownBy(session::connection).hasMessageContaining("retrying in 1 s");
            now.addAndGet(1_100_000_000L);
            assertThatThrownBy(session::connection).hasMessageNotContaining("retrying");
            assertThat(session.connects()).isZero();
        }
    }

    @Test
    void reasonsAreTheInnermostCause() {
        Exception e = new IOException("Failed to retrieve RMIServer stub",
                new IllegalStateException("wrapped", new java.net.ConnectException("Connection refused")));
        assertThat(JmxSession.reason(e)).isEqualTo("Connection refused");
    }
}
