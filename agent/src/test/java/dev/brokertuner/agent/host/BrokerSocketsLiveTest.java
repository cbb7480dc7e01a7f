package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.BrokerEndpoints;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Problem;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real broker process on this machine: its listening sockets are found from this machine's
 * {@code /proc/PID/fd} and {@code /proc/PID/net/tcp} when no listener is configured, and its configured loopback
 * listeners are placed on no interface, with a problem naming each (the testkit broker listens on 127.0.0.1 only).
 */
class BrokerSocketsLiveTest {
    @Test
    void theBrokersOwnSocketsAndItsLoopbackListeners() {
        try (KraftBroker broker = KraftBroker.start()) {
            assertThat(broker.remoteJmx()).isTrue();
            LinuxHostGatherer host = new LinuxHostGatherer(new HostPaths(Path.of("/proc"), Path.of("/sys")));
            HostFacts facts = host.gather(List.of(), 0).value();

            Gathered<HostFacts> fromSockets = host.placeListeners(facts,
                    new BrokerEndpoints(null, null, null, List.of(), broker.pid(), broker.jmxPort()));
            assertThat(fromSockets.problems()).extracting(Problem::message)
                    .anySatisfy(m -> assertThat(m).startsWith("listener port " + broker.port() + ":")
                            .contains("127.0.0.1"))
                    .anySatisfy(m -> assertThat(m).startsWith("listener port " + broker.controllerPort() + ":"));
            // the JMX port is the broker's socket too, but not Kafka's
            assertThat(fromSockets.problems()).extracting(Problem::message)
                    .noneMatch(m -> m.startsWith("listener port " + broker.jmxPort() + ":"));

            Gathered<HostFacts> configured = host.placeListeners(facts, new BrokerEndpoints(
                    "PLAINTEXT://127.0.0.1:" + broker.port() + ",CONTROLLER://127.0.0.1:" + broker.controllerPort(),
                    "PLAINTEXT://127.0.0.1:" + broker.port(), "CONTROLLER", List.of(), broker.pid()));
            assertThat(configured.value().nics()).allMatch(n -> n.brokerListeners().isEmpty());
            assertThat(configured.problems()).extracting(Problem::message)
                    .containsExactly("listener PLAINTEXT: no interface holds 127.0.0.1 (loopback, or not local)");
        }
    }
}
