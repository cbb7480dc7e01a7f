package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.report.WorkloadMeters;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 for the broker-wide workload counters: a window's start is the previous window's end when recent, over the
 * same connection and broker JVM, and the version names are not due for a re-query; otherwise it is read in the
 * window. Recorded counts, a fake clock, calls counted.
 */
class WorkloadBeansCarryTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String REQUESTS = "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=";

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private CountedConnection.Runtime runtime;
    private WorkloadBeansTest.Meter produce;

    @BeforeEach
    void register() throws Exception {
        runtime = CountedConnection.runtime(server, 1_700_000_000_000L);
        produce = new WorkloadBeansTest.Meter();
        server.registerMBean(produce, new ObjectName(REQUESTS + "Produce,version=11"));
    }

    private WorkloadBeans beans() {
        return new WorkloadBeans(clock::get, JmxBatch.sequential(clock::get), Duration.ofSeconds(120));
    }

    /** One window {@code gap} s after the last end: 5 s long, {@code requests} produce requests during it. */
    private WorkloadMeters window(WorkloadBeans beans, CountedConnection c, long gap, long requests)
            throws Exception {
        clock.addAndGet((gap - 5) * SECOND);
        WorkloadBeans.Counters start = beans.start(c.connection);
        produce.count += requests;
        clock.addAndGet(5 * SECOND);
        return beans.end(c.connection, start);
    }

    @Test
    void theSecondWindowStartsAtTheFirstsEndAndSpansTheGap() throws Exception {
        WorkloadBeans beans = beans();
        CountedConnection c = CountedConnection.over(server);
        WorkloadMeters first = window(beans, c, 5, 500);
        assertThat(beans.lastCarried()).isFalse();
        assertThat(first.produceRequestsPerSec()).isCloseTo(100, within(1e-9));
        assertThat(first.windowSeconds()).isCloseTo(5, within(1e-9));
        int firstCalls = c.getAttributes.getAndSet(0);
        WorkloadMeters second = window(beans, c, 30, 3_000);
        assertThat(beans.lastCarried()).isTrue();
        assertThat(second.windowSeconds()).isCloseTo(30, within(1e-9));
        assertThat(second.produceRequestsPerSec()).isCloseTo(100, within(1e-9));
        // the start's counters (1 version bean, 2 request sizes, 4 meters, the coordinator) are not read again
        assertThat(firstCalls - c.getAttributes.get()).isEqualTo(1 + 2 + 4 + 1);
    }

    @Test
    void aReconnectARestartOrAnOldReadReadsTheStartInTheWindow() throws Exception {
        WorkloadBeans beans = beans();
        CountedConnection c = CountedConnection.over(server);
        window(beans, c, 5, 500);
        window(beans, CountedConnection.over(server), 30, 500);
        assertThat(beans.lastCarried()).as("a new connection").isFalse();
        CountedConnection d = CountedConnection.over(server);
        window(beans, d, 30, 500);
        runtime.startTime += 1;
        produce.count = 0;
        WorkloadMeters restarted = window(beans, d, 30, 500);
        assertThat(beans.lastCarried()).as("a restarted broker").isFalse();
        assertThat(restarted.produceRequestsPerSec()).isCloseTo(100, within(1e-9));
        window(beans, d, 30 + 121, 500);
        assertThat(beans.lastCarried()).as("older than the bound").isFalse();
    }

    @Test
    void everyRequeryOfTheVersionNamesReadsTheStartInTheWindow() throws Exception {
        WorkloadBeans beans = beans();
        CountedConnection c = CountedConnection.over(server);
        int carried = 0;
        for (int i = 0; i < 2 * WorkloadBeans.REQUERY_EVERY; i++) {
            // a version bean that appears later is summed from a window whose start was read with it
            if (i == 7) {
                // with the lifetime count it had when found: it must never land in one window
                WorkloadBeansTest.Meter v12 = new WorkloadBeansTest.Meter();
                v12.count = 1_000_000;
                server.registerMBean(v12, new ObjectName(REQUESTS + "Produce,version=12"));
            }
            WorkloadMeters w = window(beans, c, 30, 3_000);
            // 3,000 requests in the 5 s window: over the window when its start was read, over 30 s when carried
            assertThat(w.produceRequestsPerSec()).as("window " + i)
                    .isCloseTo(beans.lastCarried() ? 100 : 600, within(1e-9));
            assertThat(beans.lastCarried()).as("window " + i).isEqualTo(i % WorkloadBeans.REQUERY_EVERY != 0);
            carried += beans.lastCarried() ? 1 : 0;
        }
        assertThat(carried).isEqualTo(2 * WorkloadBeans.REQUERY_EVERY - 2);
    }
}
