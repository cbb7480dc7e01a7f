package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.agent.workload.CarriedStart;
import dev.brokertuner.report.BrokerMetrics;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 for the fixed table: a window's start is the previous window's end read when it came over the same
 * connection from the same broker JVM and is at most the bound old; otherwise (first window, a reconnect, a restarted
 * broker, an old read, a failed read) the start is read in the window as before. A real RMI connector on loopback
 * over an MBean server holding a few of the table's beans with set counts, a fake clock, calls counted by the
 * {@link JmxBatch}.
 */
class JmxBrokerReaderCarryTest {
    private static final long SECOND = 1_000_000_000L;

    /** A Yammer meter as JMX shows it. */
    public interface MeterMBean {
        long getCount();

        double getOneMinuteRate();
    }

    /** A meter whose count the test sets. */
    public static final class Meter implements MeterMBean {
        volatile long count;

        @Override
        public long getCount() {
            return count;
        }

        @Override
        public double getOneMinuteRate() {
            return 7;
        }
    }

    /** A gauge as JMX shows it. */
    public interface GaugeMBean {
        Object getValue();
    }

    /** A gauge whose value the test sets. */
    public static final class Gauge implements GaugeMBean {
        volatile Object value;

        Gauge(Object value) {
            this.value = value;
        }

        @Override
        public Object getValue() {
            return value;
        }
    }

    /** The broker JVM's Runtime bean. */
    public interface BrokerRuntimeMBean {
        long getStartTime();
    }

    /** Its start time changes when the broker restarts. */
    public static final class BrokerRuntime implements BrokerRuntimeMBean {
        volatile long startTime = 1_700_000_000_000L;

        @Override
        public long getStartTime() {
            return startTime;
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final Meter idle = new Meter();
    private final Meter bytesIn = new Meter();
    private final BrokerRuntime runtime = new BrokerRuntime();
    private JMXConnectorServer connector;
    private JmxSession session;
    private JmxBatch batch;
    private CarriedStart<JmxSample> carried;

    @BeforeEach
    void start() throws Exception {
        server.registerMBean(idle,
                new ObjectName("kafka.server:type=KafkaRequestHandlerPool,name=BrokerRequestHandlerAvgIdlePercent"));
        server.registerMBean(bytesIn, new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec"));
        server.registerMBean(new Gauge(3), new ObjectName("kafka.network:type=RequestChannel,name=RequestQueueSize"));
        server.registerMBean(new Gauge(2_000), new ObjectName("kafka.server:type=ReplicaManager,name=PartitionCount"));
        server.registerMBean(runtime, new ObjectName("java.lang:type=Runtime"));
        connector = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("service:jmx:rmi://127.0.0.1"),
                null, server);
        connector.start();
        session = new JmxSession(connector.getAddress(), null, null, clock::get);
        batch = JmxBatch.sequential(clock::get);
        carried = new CarriedStart<>(Duration.ofSeconds(120));
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        connector.stop();
    }

    private JmxBrokerReader reader() {
        // a 5 s window: the sleeper moves the clock while the counts grow
        return new JmxBrokerReader(session, Set.of("CONTROLLER"), false, clock::get, ms -> {
            idle.count += 5 * SECOND / 4;
            bytesIn.count += 5_000;
            clock.addAndGet(ms * 1_000_000L);
        }, null, batch, carried);
    }

    /** One window {@code gap} s after the last one's end; in the gap the idle meter and bytes grow as in the window. */
    private BrokerMetrics window(JmxBrokerReader reader, long gap) {
        long before = gap - 5;
        idle.count += before * SECOND / 4;
        bytesIn.count += before * 1_000;
        clock.addAndGet(before * SECOND);
        JmxReading r = reader.read(5);
        assertThat(r).isInstanceOf(JmxReading.Read.class);
        return ((JmxReading.Read) r).metrics();
    }

    @Test
    void theSecondWindowStartsAtTheFirstsEndAndSpansTheGap() {
        JmxBrokerReader reader = reader();
        BrokerMetrics first = window(reader, 5);
        assertThat(reader.lastCarried()).isFalse();
        assertThat(first.windowSeconds()).isCloseTo(5, within(1e-9));
        assertThat(first.bytesInPerSec()).isCloseTo(1_000, within(1e-6));
        assertThat(first.requestHandlerIdleRatio()).isCloseTo(0.25, within(1e-9));
        long firstCalls = batch.calls();

        BrokerMetrics second = window(reader, 30);
        assertThat(reader.lastCarried()).isTrue();
        assertThat(second.windowSeconds()).isCloseTo(30, within(1e-9));
        assertThat(second.bytesInPerSec()).isCloseTo(1_000, within(1e-6));
        assertThat(second.requestHandlerIdleRatio()).isCloseTo(0.25, within(1e-9));
        assertThat(second.requestQueueSize()).isEqualTo(3.0);
        assertThat(second.partitionCount()).isEqualTo(2_000L);
        // the window-start read of the table (its counted beans and the request queue) is not made again; the
        // broker's start time is read once per window instead
        assertThat(firstCalls - (batch.calls() - firstCalls)).isEqualTo(BrokerBeans.windowStart().size());
    }

    @Test
    void aReconnectReadsTheStartInTheWindow() {
        JmxBrokerReader reader = reader();
        window(reader, 5);
        session.broken(new java.io.IOException("test: dropped"));
        BrokerMetrics after = window(reader, 30);
        assertThat(reader.lastCarried()).isFalse();
        assertThat(after.windowSeconds()).isCloseTo(5, within(1e-9));
        window(reader, 30);
        assertThat(reader.lastCarried()).as("carried again over the new connection").isTrue();
    }

    @Test
    void aRestartedBrokerReadsTheStartInTheWindow() {
        JmxBrokerReader reader = reader();
        window(reader, 5);
        runtime.startTime += 60_000;
        idle.count = 0;
        bytesIn.count = 0;
        BrokerMetrics restarted = window(reader, 30);
        assertThat(reader.lastCarried()).isFalse();
        assertThat(restarted.windowSeconds()).isCloseTo(5, within(1e-9));
        assertThat(restarted.bytesInPerSec()).isCloseTo(1_000, within(1e-6));
    }

    @Test
    void aReadOlderThanTheBoundReadsTheStartInTheWindow() {
        JmxBrokerReader reader = reader();
        window(reader, 5);
        window(reader, 120);
        assertThat(reader.lastCarried()).as("115 s old: within the bound").isTrue();
        BrokerMetrics late = window(reader, 121 + 5);
        assertThat(reader.lastCarried()).isFalse();
        assertThat(late.windowSeconds()).isCloseTo(5, within(1e-9));
    }

    @Test
    void aFailedReadFailsAndASingleReadSpansNoWindowAndKeepsNothing() throws Exception {
        JmxBrokerReader reader = reader();
        JmxReading single = reader.read(0);
        assertThat(single).isInstanceOf(JmxReading.Read.class);
        assertThat(((JmxReading.Read) single).metrics().windowSeconds()).isNull();
        window(reader, 30);
        assertThat(reader.lastCarried()).as("a single read starts no window").isFalse();
        connector.stop();
        assertThat(reader.read(5)).isInstanceOf(JmxReading.Failed.class);
        assertThat(reader.lastCarried()).isFalse();
    }

    @Test
    void withoutACarryEveryWindowReadsItsStart() {
        JmxBrokerReader reader = new JmxBrokerReader(session, Set.of("CONTROLLER"), false, clock::get,
                ms -> clock.addAndGet(ms * 1_000_000L), null, batch);
        reader.read(5);
        clock.addAndGet(25 * SECOND);
        JmxReading second = reader.read(5);
        assertThat(reader.lastCarried()).isFalse();
        assertThat(((JmxReading.Read) second).metrics().windowSeconds()).isCloseTo(5, within(1e-9));
    }
}
