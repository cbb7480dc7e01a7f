package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 4, over real loopback sockets: headers that trickle in slower than the header deadline, a body
 * slower than the body deadline and an idle keep-alive connection are closed; one address cannot hold more than
 * its connection cap; and the collector answers others throughout. Waits are bounded by socket read timeouts, never
 * asserted on.
 */
class SlowlorisTest {
    private static final String LIMITS = "headerTimeoutSeconds: 1\nbodyTimeoutSeconds: 2\n";

    @Test
    void headersTricklingPastTheDeadlineAreClosedWhileOthersAreServed(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), LIMITS)) {
            try (Socket s = Hostile.socket(c.port())) {
                String slow = "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + "a".repeat(300) + "\r\n\r\n";
                // one byte every 50 ms: each byte would reset an idle timeout; the whole would take 16 s
                assertThat(Hostile.trickleUntilClosed(s, slow, 50)).as("closed before the headers completed")
                        .isTrue();
            }
            assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(c.app().connectionsTimedOut()).isPositive();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHeaderDeadline(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), LIMITS)) {
            try (Socket s = Hostile.socket(c.port())) {
                Hostile.Read r = Hostile.readToClose(s);
                assertThat(r.closed()).isTrue();
                assertThat(r.text()).isEmpty();
            }
        }
    }

    @Test
    void aBodyTricklingPastItsDeadlineIsClosedAndHoldsNothing(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), LIMITS)) {
            try (Socket s = Hostile.socket(c.port())) {
                Hostile.write(s, "POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + CollectorFixture.TOKEN + "\r\nContent-Length: 1000\r\n\r\n");
                assertThat(Hostile.trickleUntilClosed(s, "{" + " ".repeat(999), 50)).isTrue();
            }
            assertThat(IngestMemoryTest.held(c)).isZero();
            assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheHeaderDeadline(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), LIMITS)) {
            try (Socket s = Hostile.socket(c.port())) {
                Hostile.write(s, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                Hostile.Read r = Hostile.readToClose(s);
                assertThat(r.text()).startsWith("HTTP/1.1 200");
                assertThat(r.closed()).as("closed by the collector, not by the read timeout").isTrue();
            }
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanItsConnectionCap(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), "maxConnectionsPerAddress: 3\n")) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(Hostile.socket(c.port()));
                }
                try (Socket fourth = Hostile.socket(c.port())) {
                    Hostile.Read r = Hostile.readToClose(fourth);
                    assertThat(r.closed()).isTrue();
                    assertThat(r.text()).isEmpty();
                }
                assertThat(c.app().connectionsRefused()).isPositive();
                // the first three still work
                Hostile.write(held.get(0), "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(Hostile.readStatus(held.get(0))).isEqualTo("HTTP/1.1 200 OK");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            int status = 0;
            for (int i = 0; i < 100 && status != 200; i++) {
                try {
                    status = c.get("/health", null).statusCode();
                } catch (Exception e) {
                    Thread.sleep(50);
                }
            }
            assertThat(status).as("closing them frees the address").isEqualTo(200);
        }
    }
}
