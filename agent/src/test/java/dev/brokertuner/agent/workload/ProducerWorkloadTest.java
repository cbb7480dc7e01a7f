package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.TopicFacts;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ProducerWorkload's bookkeeping over an in-JVM MBean server (no AdminClient: configs and leaders stay unknown):
 * the window's meters land on the top K topics only, a window from an earlier gathering is never used, and a JMX
 * failure is a problem.
 */
class ProducerWorkloadTest {
    private MBeanServer server;
    private final AtomicLong clock = new AtomicLong();
    private TopicMetersTest.Meter hotBytes;

    @BeforeEach
    void beans() throws Exception {
        server = MBeanServerFactory.newMBeanServer();
        hotBytes = new TopicMetersTest.Meter(0, 900);
        server.registerMBean(hotBytes, new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,"
                + "topic=hot"));
        server.registerMBean(new TopicMetersTest.Meter(0, 1), new ObjectName("kafka.server:type=BrokerTopicMetrics,"
                + "name=BytesInPerSec,topic=cold"));
    }

    private static BrokerFacts facts() {
        return Snapshots.hostAndBroker(h -> { }, b -> b.topic("hot", 10L).topic("cold", 5_000L)).broker();
    }

    private static TopicFacts topic(Gathered<BrokerFacts> g, String name) {
        return g.value().topics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theWindowsRatesLandOnTheTopKOnly() {
        ProducerWorkload w = new ProducerWorkload(1, 1 << 20, 20, () -> clock.addAndGet(500_000_000L));
        long g = w.begin();
        String out = w.around(g, () -> server, 1, () -> {
            hotBytes.count = 4000;
            return "bean table";
        });
        assertThat(out).isEqualTo("bean table");
        Gathered<BrokerFacts> read = w.withMeters(facts(), null);
        assertThat(read.problems()).isEmpty();
        assertThat(topic(read, "hot").bytesInPerSec()).as("4000 bytes over 0.5 s of the fake clock")
                .isEqualTo(8000.0);
        assertThat(topic(read, "cold").bytesInPerSec()).as("outside the top 1").isNull();
        assertThat(topic(read, "hot").config()).as("no AdminClient: configs unknown").isEmpty();
    }

    @Test
    void aLateWindowFromAnEarlierGatheringIsDropped() {
        ProducerWorkload w = new ProducerWorkload(1, 1 << 20, 20, () -> clock.addAndGet(500_000_000L));
        long stale = w.begin();
        w.begin();
        w.around(stale, () -> server, 1, () -> {
            hotBytes.count = 4000;
            return null;
        });
        Gathered<BrokerFacts> read = w.withMeters(facts(), null);
        assertThat(read.value().topics()).allSatisfy(t -> assertThat(t.bytesInPerSec()).isNull());
    }

    @Test
    void aJmxFailureIsAProblemAndTheBeanTableStillRuns() {
        ProducerWorkload w = new ProducerWorkload(1, 1 << 20, 20, clock::incrementAndGet);
        long g = w.begin();
        String out = w.around(g, () -> {
            throw new IOException("connection refused");
        }, 1, () -> "bean table");
        assertThat(out).isEqualTo("bean table");
        Gathered<BrokerFacts> read = w.withMeters(facts(), null);
        assertThat(read.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("per-topic meters not read").contains("connection refused"));
    }

    @Test
    void withoutABrokerProcessHereNoDataDirIsRead() {
        ProducerWorkload w = new ProducerWorkload(1, 1 << 20, 20, clock::incrementAndGet);
        BrokerFacts facts = facts();
        Gathered<BrokerFacts> out = w.withBatches(new Gathered<>(facts, java.util.List.of()),
                Snapshots.host(h -> h.dataDir(new dev.brokertuner.report.DataDir("/var/lib/kafka", "/", "xfs", true,
                        java.util.List.of("sda"), null, null, null, false))).host(), true, pid -> true);
        assertThat(out.value()).isSameAs(facts);
        assertThat(out.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("no broker process found on this host"));
    }
}
