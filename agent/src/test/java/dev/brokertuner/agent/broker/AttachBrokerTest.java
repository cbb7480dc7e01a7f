package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A broker started without {@code -Dcom.sun.management.jmxremote.port}: the gatherer (running as the broker's user)
 * attaches to its JVM by pid and reads JMX through the local management agent.
 */
class AttachBrokerTest {

    @Test
    void aBrokerWithoutAJmxPortIsReadByAttachingToItsPid() {
        try (KraftBroker broker = KraftBroker.builder().withoutRemoteJmx().start()) {
            assertThat(broker.remoteJmx()).isFalse();
            BrokerOptions options = new BrokerOptions();
            options.serverProperties = broker.serverProperties();
            try (LocalBrokerGatherer gatherer = new LocalBrokerGatherer(
                    new HostPaths(Path.of("/proc"), Path.of("/sys")), options)) {
                Gathered<BrokerFacts> g = gatherer.gather(1);
                BrokerFacts b = g.value();
                assertThat(b.status()).as(broker.logTail(20) + "\n" + g.problems()).isEqualTo(BrokerStatus.OK);
                assertThat(b.jmx()).isEqualTo("attach:pid " + broker.pid());
                assertThat(b.kafkaVersion()).isEqualTo("4.3.1");
                assertThat(b.metrics().requestHandlerIdleRatio()).isBetween(0.0, 1.0);
                assertThat(g.problems()).noneSatisfy(p -> assertThat(p.source()).isEqualTo("broker:jmx"));
                // the second read reuses the attached connection
                assertThat(gatherer.gather(0).value().kafkaVersion()).isEqualTo("4.3.1");
            }
        }
    }
}
