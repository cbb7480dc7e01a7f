package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.WorkloadMeters;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * WorkloadBeans over an in-process MBean server with beans shaped like the broker's (Yammer meters with
 * {@code Count}/{@code OneMinuteRate}, histograms with {@code Count}/{@code Mean}, gauges with {@code Value}): version
 * beans summed, a version that appears later found at the next re-query, absent beans null.
 */
class WorkloadBeansTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AtomicLong clock = new AtomicLong();

    /** A Yammer meter as JMX shows it. */
    public interface MeterMBean {
        long getCount();

        double getOneMinuteRate();
    }

    public static final class Meter implements MeterMBean {
        volatile long count;
        volatile double rate;

        @Override
        public long getCount() {
            return count;
        }

        @Override
        public double getOneMinuteRate() {
            return rate;
        }
    }

    /** A Yammer histogram's count and lifetime mean. */
    public interface HistogramMBean {
        long getCount();

        double getMean();
    }

    public static final class Histogram implements HistogramMBean {
        volatile long count;
        volatile double mean;

        @Override
        public long getCount() {
            return count;
        }

        @Override
        public double getMean() {
            return mean;
        }
    }

    private Meter meter(String name) throws Exception {
        Meter m = new Meter();
        server.registerMBean(m, new ObjectName(name));
        return m;
    }

    private static final String REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=";

    @Test
    void versionsAreSummedAndSizesAveragedOverTheWindow() throws Exception {
        Meter v11 = meter(REQUESTS + "FetchConsumer,version=11");
        Meter v17 = meter(REQUESTS + "FetchConsumer,version=17");
        Meter out = meter("kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec");
        Meter replication = meter("kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesOutPerSec");
        Histogram bytes = new Histogram();
        server.registerMBean(bytes, new ObjectName("kafka.network:type=RequestMetrics,name=RequestBytes,"
                + "request=FetchConsumer"));
        bytes.count = 100;
        bytes.mean = 50;
        WorkloadBeans beans = new WorkloadBeans(clock::get);
        WorkloadBeans.Counters start = beans.start(server);
        v11.count = 1000;
        v17.count = 3000;
        out.count = 500_000;
        // followers fetched more than the consumers did: not subtracted, BytesOut is the consumers' bytes
        replication.count = 1_000_000;
        bytes.count = 4100;
        bytes.mean = (100 * 50 + 4000 * 80) / 4100.0;
        clock.set(2_000_000_000L);
        WorkloadMeters w = beans.end(server, start);
        assertThat(w.fetchConsumerRequestsPerSec()).isEqualTo(2000);
        assertThat(w.fetchConsumerBytesPerRequest()).isEqualTo(125);
        assertThat(w.fetchConsumerRequestBytesMean()).isCloseTo(80, org.assertj.core.data.Offset.offset(1e-9));
        // no Produce version bean: the broker served no produce request, a rate of zero
        assertThat(w.produceRequestsPerSec()).isZero();
        // not registered here: unknown
        assertThat(w.fetchSessionEvictionsPerSec()).isNull();
        assertThat(w.incrementalFetchSessions()).isNull();
        assertThat(w.classicRebalancesPerSec()).isNull();
        assertThat(w.groupsByState()).isEmpty();
    }

    @Test
    void aVersionThatAppearsLaterIsFoundAtTheNextRequery() throws Exception {
        Meter v9 = meter(REQUESTS + "Produce,version=9");
        WorkloadBeans beans = new WorkloadBeans(clock::get);
        v9.rate = 10;
        assertThat(beans.end(server, null).produceRequestsPerSec()).isEqualTo(10);
        Meter v12 = meter(REQUESTS + "Produce,version=12");
        v12.rate = 5;
        // the names are cached between re-queries: the new version is not read yet
        assertThat(beans.end(server, null).produceRequestsPerSec()).isEqualTo(10);
        for (int i = 2; i < WorkloadBeans.REQUERY_EVERY; i++) {
            beans.end(server, null);
        }
        assertThat(beans.end(server, null).produceRequestsPerSec()).isEqualTo(15);
    }

    @Test
    void aVersionRegisteredDuringAWindowIsNeverCountedInIt() throws Exception {
        Meter v9 = meter(REQUESTS + "Produce,version=9");
        WorkloadBeans beans = new WorkloadBeans(clock::get);
        // over two re-query periods, every window gets a new version bean between its start and its end, with a
        // large count (as one registered since the last query would have): a query at a window's end would add it
        for (int k = 0; k < 2 * WorkloadBeans.REQUERY_EVERY + 1; k++) {
            // a single read between the windows shifts where the re-queries fall, so some would fall on an end
            beans.end(server, null);
            WorkloadBeans.Counters start = beans.start(server);
            meter(REQUESTS + "Produce,version=" + (100 + k)).count = 1_000_000;
            v9.count += 10;
            clock.addAndGet(1_000_000_000L);
            assertThat(beans.end(server, start).produceRequestsPerSec()).as("window " + k).isEqualTo(10);
        }
    }

    @Test
    void aVersionBeanThatWentAwayIsRequeriedAtOnce() throws Exception {
        meter(REQUESTS + "Produce,version=9").rate = 4;
        WorkloadBeans beans = new WorkloadBeans(clock::get);
        assertThat(beans.end(server, null).produceRequestsPerSec()).isEqualTo(4);
        server.unregisterMBean(new ObjectName(REQUESTS + "Produce,version=9"));
        meter(REQUESTS + "Produce,version=10").rate = 7;
        beans.end(server, null);
        assertThat(beans.end(server, null).produceRequestsPerSec()).isEqualTo(7);
    }
}
