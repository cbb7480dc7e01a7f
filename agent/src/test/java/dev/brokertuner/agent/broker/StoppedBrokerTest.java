package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A broker that stalls, resumes and goes away between reads: the gatherer reports unreachable with the reasons,
 * recovers when the broker answers again, and never throws or hangs.
 */
class StoppedBrokerTest {

    private static void signal(String sig, long pid) throws Exception {
        int code = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid)).inheritIO().start().waitFor();
        assertThat(code).as("kill -" + sig).isZero();
    }

    @Test
    void aStalledThenStoppedBrokerIsUnreachableNotACrash() throws Exception {
        try (KraftBroker broker = KraftBroker.start()) {
            BrokerOptions options = new BrokerOptions();
            options.jmx = "127.0.0.1:" + broker.jmxPort();
            options.bootstrapServer = broker.bootstrap();
            options.serverProperties = broker.serverProperties();
            try (LocalBrokerGatherer gatherer = new LocalBrokerGatherer(
                    new HostPaths(Path.of("/proc"), Path.of("/sys")), options, Duration.ofSeconds(2))) {
                assertThat(gatherer.gather(0).value().status()).as(broker.logTail(20)).isEqualTo(BrokerStatus.OK);

                // a stalled broker (SIGSTOP: think of a long GC pause) answers nothing; the read gives up in time
                signal("STOP", broker.pid());
                BrokerFacts stalled;
                try {
                    stalled = gatherer.gather(0).value();
                } finally {
                    signal("CONT", broker.pid());
                }
                assertThat(stalled.status()).isEqualTo(BrokerStatus.UNREACHABLE);
                assertThat(stalled.reason()).contains("no answer within 2 s");
                // resumed: the gatherer opens a new connection and reads again
                BrokerFacts resumed = gatherer.gather(0).value();
                assertThat(resumed.status()).as(broker.logTail(20)).isEqualTo(BrokerStatus.OK);
                assertThat(resumed.kafkaVersion()).isEqualTo("4.3.1");

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
