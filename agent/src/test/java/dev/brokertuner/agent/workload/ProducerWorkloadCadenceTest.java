package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.TopicFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the per-topic meters are read when due ({@link MeterCadence}), not every gathering. A gathering within
 * the period makes no per-topic {@code getAttributes} call and reports the last read's rates, carried, with their
 * span and read time; a due one reads the end only and its rates span the time since the last read; a reconnect or a
 * restarted broker reads at once. Recorded counts over an in-JVM MBean server, a fake clock, calls counted.
 */
class ProducerWorkloadCadenceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int SAMPLE = 5;
    private static final Duration PERIOD = Duration.ofSeconds(90);
    private static final Instant EPOCH = Instant.parse("2026-12-01T22:00:00Z");

    private MBeanServer server;
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private CountedConnection.Runtime runtime;
    private TopicMetersTest.Meter hotBytes;
    private TopicMetersTest.Meter hotRequests;

    @BeforeEach
    void beans() throws Exception {
        server = MBeanServerFactory.newMBeanServer();
        runtime = CountedConnection.runtime(server, 1_700_000_000_000L);
        hotBytes = meter("BytesInPerSec", "hot", 900);
        hotRequests = meter("TotalProduceRequestsPerSec", "hot", 9);
        meter("BytesInPerSec", "cold", 1);
    }

    private TopicMetersTest.Meter meter(String name, String topic, double fiveMinuteRate) throws Exception {
        TopicMetersTest.Meter m = new TopicMetersTest.Meter(0, fiveMinuteRate);
        server.registerMBean(m, new ObjectName("kafka.server:type=BrokerTopicMetrics,name=" + name + ",topic="
                + topic));
        return m;
    }

    /** The wall clock follows the fake nanoTime, so that a read's time is checkable. */
    private final Clock wall = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return EPOCH.plusNanos(clock.get());
        }
    };

    private ProducerWorkload workload() {
        return new ProducerWorkload(1, 1 << 20, 20, clock::get, JmxBatch.sequential(clock::get),
                new CarriedStart<>(MeterCadence.bound(PERIOD)), PERIOD, wall);
    }

    private static BrokerFacts facts() {
        return Snapshots.hostAndBroker(h -> { }, b -> b.topic("hot", 10L).topic("cold", 5_000L)).broker();
    }

    private static TopicFacts hot(Gathered<BrokerFacts> g) {
        return g.value().topics().stream().filter(t -> t.name().equals("hot")).findFirst().orElseThrow();
    }

    /** One gathering 30 s after the last one's end; the meters grow by {@code bytes} and {@code requests} in it. */
    private Gathered<BrokerFacts> gather(ProducerWorkload w, MBeanServerConnection c, long bytes, long requests) {
        clock.addAndGet((30 - SAMPLE) * SECOND);
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
    void aGatheringWithinThePeriodMakesNoPerTopicCallAndCarriesTheLastRates() {
        ProducerWorkload w = workload();
        CountedConnection c = CountedConnection.over(server);
        Gathered<BrokerFacts> first = gather(w, c.connection, 5_000, 50);
        Instant firstRead = hot(first).ratesReadAt();
        assertThat(hot(first).ratesCarried()).isFalse();
        assertThat(firstRead).isEqualTo(wall.instant());
        assertThat(hot(first).bytesInPerSec()).isCloseTo(1_000.0, within(1e-9));

        for (int i = 0; i < 2; i++) {
            c.getAttributes.set(0);
            // traffic goes on between the reads: it shows in the next due read, not in the carried rates
            Gathered<BrokerFacts> carried = gather(w, c.connection, 60_000, 600);
            assertThat(c.getAttributes.get()).as("the broker's start time only").isEqualTo(1);
            assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 0, 1));
            TopicFacts t = hot(carried);
            assertThat(t.ratesCarried()).isTrue();
            assertThat(t.ratesReadAt()).isEqualTo(firstRead);
            assertThat(t.bytesInPerSec()).isEqualTo(hot(first).bytesInPerSec());
            assertThat(t.produceRequestsPerSec()).isEqualTo(hot(first).produceRequestsPerSec());
            assertThat(t.ratesSeconds()).isEqualTo(hot(first).ratesSeconds());
        }

        c.getAttributes.set(0);
        // 90 s after the first read: due, only its end read, the rates over the 90 s since
        Gathered<BrokerFacts> due = gather(w, c.connection, 60_000, 600);
        assertThat(c.getAttributes.get()).as("the start time and the 4 meters' end").isEqualTo(1 + 4);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(1, 0, 0));
        TopicFacts t = hot(due);
        assertThat(t.ratesCarried()).isFalse();
        assertThat(t.ratesSeconds()).isCloseTo(90.0, within(1e-9));
        assertThat(t.ratesReadAt()).isEqualTo(firstRead.plusSeconds(90));
        // 180,000 bytes and 1,800 partition batches over 90 s
        assertThat(t.bytesInPerSec()).isCloseTo(2_000.0, within(1e-9));
        assertThat(t.produceRequestsPerSec()).isCloseTo(20.0, within(1e-9));
    }

    @Test
    void aNewConnectionOrARestartedBrokerReadsAtOnce() {
        ProducerWorkload w = workload();
        gather(w, CountedConnection.over(server).connection, 5_000, 50);
        CountedConnection other = CountedConnection.over(server);
        Gathered<BrokerFacts> reconnected = gather(w, other.connection, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1, 0));
        assertThat(hot(reconnected).ratesCarried()).isFalse();
        assertThat(hot(reconnected).ratesSeconds()).isCloseTo(SAMPLE, within(1e-9));

        runtime.startTime += 60_000;
        hotBytes.count = 0;
        hotRequests.count = 0;
        Gathered<BrokerFacts> restarted = gather(w, other.connection, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1, 0));
        assertThat(hot(restarted).bytesInPerSec()).isCloseTo(1_000.0, within(1e-9));
        assertThat(hot(restarted).ratesCarried()).isFalse();
    }

    @Test
    void aFailedReadCarriesNothingAndTheNextReadsAtOnce() {
        ProducerWorkload w = workload();
        CountedConnection c = CountedConnection.over(server);
        gather(w, c.connection, 5_000, 50);
        long g = w.begin();
        w.around(g, () -> {
            throw new java.io.IOException("connection refused");
        }, SAMPLE, () -> null);
        Gathered<BrokerFacts> failed = w.withMeters(facts(), null);
        assertThat(hot(failed).bytesInPerSec()).isNull();
        assertThat(hot(failed).ratesCarried()).isNull();
        assertThat(failed.problems()).anyMatch(p -> p.message().contains("per-topic meters not read"));
        gather(w, c.connection, 5_000, 50);
        assertThat(w.lastStarts()).isEqualTo(new ProducerWorkload.Starts(0, 1, 0));
    }
}
