package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.broker.KafkaProbe;
import dev.brokertuner.agent.broker.ProbeResult;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bootstrap port that does not speak Kafka, against real servers on loopback: each is named for what it is, with
 * what it answered; the real broker passes, plaintext and with TLS expected.
 */
class KafkaProbeTest {
    @TempDir
    static Path tmp;
    static ForeignServers servers;
    static KraftBroker broker;
    final KafkaProbe probe = new KafkaProbe(Duration.ofSeconds(3), Duration.ofSeconds(2));

    @BeforeAll
    static void start() {
        servers = new ForeignServers();
        broker = KraftBroker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        servers.close();
        broker.close();
    }

    static String at(int port) {
        return "127.0.0.1:" + port;
    }

    @Test
    void theRealBrokerSpeaksKafka() {
        assertThat(probe.probe(broker.bootstrap(), false)).isInstanceOf(ProbeResult.Kafka.class);
    }

    @Test
    void anHttpServerIsNamedWithItsStatusLine() throws Exception {
        int port = servers.http();
        ProbeResult r = probe.probe(at(port), false);
        assertThat(r).isInstanceOfSatisfying(ProbeResult.NotKafka.class, n -> {
            assertThat(n.kind()).isEqualTo(ProbeResult.Kind.HTTP);
            assertThat(n.reason()).startsWith(at(port) + " does not speak the Kafka protocol (answered 'HTTP/1.1 4")
                    .contains("...'").doesNotContain("\r").doesNotContain("\n");
        });
    }

    @Test
    void aTlsListenerReachedAsPlaintextIsNamedAsTls() throws Exception {
        int port = servers.tls(tmp);
        ProbeResult r = probe.probe(at(port), false);
        assertThat(r).isInstanceOfSatisfying(ProbeResult.NotKafka.class, n -> {
            assertThat(n.kind()).isEqualTo(ProbeResult.Kind.TLS);
            assertThat(n.reason()).contains("TLS alert record", "security.protocol");
        });
        // and with TLS expected, the handshake passes and the HTTPS answer behind it is named
        assertThat(probe.probe(at(port), true)).isInstanceOfSatisfying(ProbeResult.NotKafka.class, n -> {
            assertThat(n.kind()).isEqualTo(ProbeResult.Kind.HTTP);
            assertThat(n.reason()).contains("answered 'HTTP/1.1 400", "behind TLS");
        });
    }

    @Test
    void aPlaintextBrokerProbedWithTlsSaysTheHandshakeFailed() {
        ProbeResult r = probe.probe(broker.bootstrap(), true);
        assertThat(r).isInstanceOfSatisfying(ProbeResult.NotKafka.class, n -> {
            assertThat(n.kind()).isEqualTo(ProbeResult.Kind.NOT_TLS);
            assertThat(n.reason()).contains("TLS handshake", "PLAINTEXT");
        });
    }

    @Test
    void randomBytesAreQuotedInHexAndBounded() throws Exception {
        int port = servers.randomBytes();
        ProbeResult r = probe.probe(at(port), false);
        assertThat(r).isInstanceOfSatisfying(ProbeResult.NotKafka.class, n -> {
            assertThat(n.kind()).isEqualTo(ProbeResult.Kind.OTHER_BYTES);
            assertThat(n.reason()).contains("does not speak the Kafka protocol (answered bytes 0x9f");
            assertThat(n.reason().length()).isLessThan(200);
        });
    }

    @Test
    void aServerThatClosesOrSaysNothingIsNamedSo() throws Exception {
        assertThat(probe.probe(at(servers.closing()), false)).isInstanceOfSatisfying(ProbeResult.NotKafka.class,
                n -> assertThat(n.kind()).isIn(ProbeResult.Kind.CLOSED));
        assertThat(probe.probe(at(servers.silent()), false)).isInstanceOfSatisfying(ProbeResult.NotKafka.class,
                n -> {
                    assertThat(n.kind()).isEqualTo(ProbeResult.Kind.TIMEOUT);
                    assertThat(n.reason()).contains("sent nothing");
                });
    }

    @Test
    void aClosedPortIsNoConnectionNotAVerdict() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(probe.probe(at(port), false)).isInstanceOf(ProbeResult.NoConnection.class);
        assertThat(probe.probe("no-port-here", false)).isInstanceOf(ProbeResult.NoConnection.class);
    }
}
