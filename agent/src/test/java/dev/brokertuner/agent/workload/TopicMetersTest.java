package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TopicMeters over an in-JVM MBean server holding Yammer-shaped meters (Count, OneMinuteRate, FiveMinuteRate). */
class TopicMetersTest {
    public interface MeterMBean {
        long getCount();

        double getOneMinuteRate();

        double getFiveMinuteRate();
    }

    public static final class Meter implements MeterMBean {
        volatile long count;
        final double rate;

        Meter(long count, double rate) {
            this.count = count;
            this.rate = rate;
        }

        @Override
        public long getCount() {
            return count;
        }

        @Override
        public double getOneMinuteRate() {
            return rate;
        }

        @Override
        public double getFiveMinuteRate() {
            return rate;
        }
    }

    private MBeanServer server;
    private final AtomicLong clock = new AtomicLong();

    private Meter register(String meter, String topic, long count, double rate) throws Exception {
        Meter m = new Meter(count, rate);
        server.registerMBean(m, new ObjectName("kafka.server:type=BrokerTopicMetrics,name=" + meter
                + (topic == null ? "" : ",topic=" + topic)));
        return m;
    }

    @BeforeEach
    void server() {
        server = MBeanServerFactory.newMBeanServer();
    }

    @Test
    void ratesAreCountDifferencesOverEachBeansOwnReadTimes() throws Exception {
        Meter bytes = register("BytesInPerSec", "clicks", 1000, 0);
        Meter requests = register("TotalProduceRequestsPerSec", "clicks", 10, 0);
        TopicMeters meters = new TopicMeters(() -> clock.addAndGet(1_000_000_000L));
        TopicMeters.Counts start = meters.counts(server, List.of("clicks", "quiet"));
        bytes.count = 1000 + 8000;
        requests.count = 10 + 80;
        TopicMeters.Counts end = meters.counts(server, List.of("clicks", "quiet"));
        Map<String, TopicRates> rates = TopicMeters.rates(start, end);
        // each bean read 1 s apart by the fake clock; bytes and requests are the first and second reads of a
        // topic: both 2 s apart between windows (two beans read per topic)
        assertThat(rates.get("clicks").bytesInPerSec()).isCloseTo(4000.0, within(1e-6));
        assertThat(rates.get("clicks").produceRequestsPerSec()).isCloseTo(40.0, within(1e-6));
        assertThat(rates.get("clicks").messagesInPerSec()).as("no such bean").isNull();
        assertThat(rates.get("quiet")).isEqualTo(new TopicRates(null, null, null, null));
    }

    @Test
    void aCountThatWentBackIsUnknownNotNegative() throws Exception {
        Meter bytes = register("BytesInPerSec", "recreated", 5000, 0);
        TopicMeters meters = new TopicMeters(() -> clock.addAndGet(1_000_000_000L));
        TopicMeters.Counts start = meters.counts(server, List.of("recreated"));
        bytes.count = 10;
        assertThat(TopicMeters.rates(start, meters.counts(server, List.of("recreated"))).get("recreated")
                .bytesInPerSec()).isNull();
    }

    @Test
    void busiestRanksThePerTopicBeansByFiveMinuteRateLeavingInternalTopicsOut() throws Exception {
        register("BytesInPerSec", null, 0, 9e9);
        register("BytesInPerSec", "__consumer_offsets", 0, 9e9);
        register("BytesInPerSec", "a", 0, 10);
        register("BytesInPerSec", "b", 0, 300);
        register("BytesInPerSec", "c", 0, 20);
        TopicMeters meters = new TopicMeters(clock::incrementAndGet);
        assertThat(meters.busiest(server, 2)).containsExactly("b", "c");
        assertThat(meters.busiest(server, 5)).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void withoutAWindowTheOneMinuteRatesAreRead() throws Exception {
        register("MessagesInPerSec", "t", 0, 12.5);
        TopicMeters meters = new TopicMeters(clock::incrementAndGet);
        assertThat(meters.oneMinuteRates(server, List.of("t")).get("t").messagesInPerSec()).isEqualTo(12.5);
    }
}
