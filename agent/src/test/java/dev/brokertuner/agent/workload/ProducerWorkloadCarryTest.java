package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.TopicFacts;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: from the second gathering on, a top topic's window starts at the previous gathering's end read (only the
 * end is read, the rates span the gap), and every case that must not carry falls back to the start read in the
 * window: the first gathering, a topic new to the top K, a new connection, a restarted broker, a read too old; a
 * counter that went back anyway (the topic created again) leaves that rate unknown. Recorded counts over an in-JVM
 * MBean server, a fake clock, calls counted.
 */
class ProducerWorkloadCarryTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int SAMPLE = 5;

    private MBeanServer server;
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private CountedConnection.Runtime runtime;
    private TopicMetersTest.Meter hotBytes;
    private TopicMetersTest.Meter hotRequests;
    private TopicMetersTest.Meter coldBytes;

    @BeforeEach
    void beans() throws Exception {
        server = MBeanServerFactory.newMBeanServer();
        runtime = CountedConnection.runtime(server, 1_700_000_000_000L);
        hotBytes = meter("BytesInPerSec", "hot", 900);
        hotRequests = meter("TotalProduceRequestsPerSec", "hot", 9);
        coldBytes = meter("BytesInPerSec", "cold", 1);
    }

    private TopicMetersTest.Meter meter(String name, String topic, double fiveMinuteRate) throws Exception {
        TopicMetersTest.Meter m = new TopicMetersTest.Meter(0, fiveMinuteRate);
        server.registerMBean(m, new ObjectName("kafka.server:type=BrokerTopicMetrics,name=" + name + ",topic="
                + topic));
        return m;
    }

    private ProducerWorkload workload() {
        return workload(1);
    }

    private ProducerWorkload workload(int k) {
        return new ProducerWorkload(k, 1 << 20, 20, clock::get, JmxBatch.sequential(clock::get),
                new CarriedStart<>(Duration.ofSeconds(120)));
    }

    private static BrokerFacts facts() {
        return Snapshots.hostAndBroker(h -> { }, b -> b.topic("hot", 10L).topic("cold", 5_000L)).broker();
    }

    private static TopicFacts topic(Gathered<BrokerFacts> g, String name) {
        return g.value().topics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * One gathering {@code gap} seconds after the last one's end: the sample window passes on the fake clock, the
     * meters grow by {@code bytes} and {@code requests} during it.
     */
    private Gathered<BrokerFacts> gather(ProducerWorkload w, MBeanServerConnection c, long gap, long bytes,
                                         long requests) {
        clock.addAndGet((gap - SAMPLE) * SECOND);
        long g = w.begin();
        w.around(g, () -> c, SAMPLE, () -> {
            hotBytes.count += bytes;
            hotRequests.count += requests;
            clock.addAndGet(SAMPLE * SECOND);
            return null;
        });
        return w.withMeters(facts(), null);
    }

    @Test
    void fromTheSecondGatheringOnlyTheEndIsReadAndTheRatesSpanTheGap() {
        ProducerWorkload w = workload();
        CountedConnection c = CountedConnection.over(server);
        Gathered<BrokerFacts> first = gather(w, c.connection, SAMPLE, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1));
        assertThat(topic(first, "hot").bytesInPerSec()).isCloseTo(1_000.0, within(1e-9));
        assertThat(topic(first, "hot").ratesSeconds()).isCloseTo(SAMPLE, within(1e-9));
        int firstCalls = c.getAttributes.get();

        c.getAttributes.set(0);
        // 30 s after the first gathering's end: 30,000 bytes in during this window (none between the windows)
        Gathered<BrokerFacts> second = gather(w, c.connection, 30, 30_000, 300);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(1, 0));
        assertThat(topic(second, "hot").ratesSeconds()).as("from the first gathering's end read")
                .isCloseTo(30.0, within(1e-9));
        assertThat(topic(second, "hot").bytesInPerSec()).isCloseTo(1_000.0, within(1e-9));
        assertThat(topic(second, "hot").produceRequestsPerSec()).isCloseTo(10.0, within(1e-9));
        // the first: busiest's FiveMinuteRate reads (2 topics), the start and the end (2 beans of hot each, 2 more
        // answer not registered); the second: the broker's start time and the end only
        assertThat(firstCalls).isEqualTo(2 + 1 + 4 + 4);
        assertThat(c.getAttributes.get()).isEqualTo(1 + 4);
    }

    @Test
    void aTopicNewToTheTopKReadsItsStartInTheWindow() {
        ProducerWorkload w = workload();
        CountedConnection c = CountedConnection.over(server);
        gather(w, c.connection, SAMPLE, 5_000, 50);
        // hot goes quiet: measured 0 bytes/s it leaves the top 1 to cold (more bytes here)
        gather(w, c.connection, 30, 0, 0);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(1, 0));
        coldBytes.count = 100;
        clock.addAndGet(25 * SECOND);
        long g = w.begin();
        w.around(g, () -> c.connection, SAMPLE, () -> {
            coldBytes.count += 500;
            clock.addAndGet(SAMPLE * SECOND);
            return null;
        });
        Gathered<BrokerFacts> third = w.withMeters(facts(), null);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1));
        assertThat(topic(third, "cold").bytesInPerSec()).isCloseTo(100.0, within(1e-9));
        assertThat(topic(third, "cold").ratesSeconds()).isCloseTo(SAMPLE, within(1e-9));
    }

    @Test
    void aNewConnectionReadsTheStartInTheWindow() {
        ProducerWorkload w = workload();
        gather(w, CountedConnection.over(server).connection, SAMPLE, 5_000, 50);
        Gathered<BrokerFacts> second = gather(w, CountedConnection.over(server).connection, 30, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1));
        assertThat(topic(second, "hot").ratesSeconds()).isCloseTo(SAMPLE, within(1e-9));
    }

    @Test
    void aRestartedBrokerReadsTheStartInTheWindow() {
        ProducerWorkload w = workload();
        CountedConnection c = CountedConnection.over(server);
        gather(w, c.connection, SAMPLE, 5_000, 50);
        // the broker started again (behind a proxy that kept the connection): its counters begin again at zero
        runtime.startTime += 60_000;
        hotBytes.count = 0;
        hotRequests.count = 0;
        Gathered<BrokerFacts> second = gather(w, c.connection, 30, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1));
        assertThat(topic(second, "hot").bytesInPerSec()).isCloseTo(1_000.0, within(1e-9));
    }

    @Test
    void aReadOlderThanTheBoundReadsTheStartInTheWindow() {
        ProducerWorkload w = workload();
        CountedConnection c = CountedConnection.over(server);
        gather(w, c.connection, SAMPLE, 5_000, 50);
        // the next window starts 121 s after the last end (a suspended host, a long stall)
        Gathered<BrokerFacts> second = gather(w, c.connection, 121 + SAMPLE, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1));
        assertThat(topic(second, "hot").ratesSeconds()).isCloseTo(SAMPLE, within(1e-9));
    }

    @Test
    void aTopicWithoutBeansAtTheLastEndReadsItsStartAgain() throws Exception {
        ProducerWorkload w = workload(2);
        CountedConnection c = CountedConnection.over(server);
        server.unregisterMBean(new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=cold"));
        // busiest lists hot only now; the facts' bytes rank cold in for the next window
        gather(w, c.connection, SAMPLE, 5_000, 50);
        gather(w, c.connection, 30, 5_000, 50);
        assertThat(w.lastStarts()).as("cold had no bean at the last end").isEqualTo(new ProducerWorkload.Starts(1, 1));
        coldBytes = meter("BytesInPerSec", "cold", 1);
        Gathered<BrokerFacts> third = gather(w, c.connection, 30, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(1, 1));
        assertThat(topic(third, "cold").bytesInPerSec()).as("its start read in the window, now it exists").isZero();
        gather(w, c.connection, 30, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(2, 0));
    }

    @Test
    void withoutTheBrokersStartTimeNothingIsCarried() throws Exception {
        server.unregisterMBean(new ObjectName("java.lang:type=Runtime"));
        ProducerWorkload w = workload();
        CountedConnection c = CountedConnection.over(server);
        gather(w, c.connection, SAMPLE, 5_000, 50);
        gather(w, c.connection, 30, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1));
    }

    @Test
    void aCounterThatWentBackUnderTheSameBrokerLeavesThatRateUnknown() {
        // both topics in the top K, so that hot's unknown rate does not rank it out
        ProducerWorkload w = workload(2);
        CountedConnection c = CountedConnection.over(server);
        gather(w, c.connection, SAMPLE, 5_000, 50);
        // the topic deleted and created again between the gatherings: its meters start again at zero
        hotBytes.count = 0;
        hotRequests.count = 0;
        Gathered<BrokerFacts> second = gather(w, c.connection, 30, 100, 1);
        assertThat(topic(second, "hot").bytesInPerSec()).isNull();
        assertThat(topic(second, "hot").produceRequestsPerSec()).isNull();
        // the end read after it starts the next window
        Gathered<BrokerFacts> third = gather(w, c.connection, 30, 3_000, 30);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(2, 0));
        assertThat(topic(third, "hot").bytesInPerSec()).isCloseTo(100.0, within(1e-9));
    }
}
