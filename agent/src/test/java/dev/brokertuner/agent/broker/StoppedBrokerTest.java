package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A broker that goes away between reads: the gatherer reports unreachable with the reasons, and never throws. */
class StoppedBrokerTest {

    @Test
    void aStoppedBrokerIsUnreachableNotACrash() {
        try (KraftBroker broker = KraftBroker.start()) {
            BrokerOptions options = new BrokerOptions();
            options.jmx = "127.0.0.1:" + broker.jmxPort();
            options.bootstrapServer = broker.bootstrap();
            options.serverProperties = broker.serverProperties();
            try (LocalBrokerGatherer gatherer = new LocalBrokerGatherer(
                    new HostPaths(Path.of("/proc"), Path.of("/sys")), options)) {
                assertThat(gatherer.gather(0).value().status()).as(broker.logTail(20)).isEqualTo(BrokerStatus.OK);

                broker.stop();
                Gathered<BrokerFacts> g = gatherer.gather(1);
                BrokerFacts b = g.value();
                assertThat(b.status()).isEqualTo(BrokerStatus.UNREACHABLE);
                assertThat(b.reason()).contains("JMX").contains("127.0.0.1:" + broker.jmxPort())
                        .contains("AdminClient " + broker.bootstrap());
                assertThat(b.process()).as("the process is gone").isNull();
                assertThat(b.metrics().requestHandlerIdleRatio()).isNull();
                assertThat(b.nodeId()).as("still known from server.properties").isEqualTo(1);

            }
        }
    }
}
