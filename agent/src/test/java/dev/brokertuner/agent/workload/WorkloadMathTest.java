package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadMathTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void ratesAndMeansOverTheWindow() {
        WorkloadBeans.Counters start = new WorkloadBeans.Counters(Map.of("FetchConsumer.requests", 1000.0,
                "bytesOut", 5_000_000.0, "replicationBytesOut", 1_000_000.0, "Produce.bytes.count", 10.0,
                "Produce.bytes.sum", 10_000.0), 0);
        WorkloadBeans.Counters end = new WorkloadBeans.Counters(Map.of("FetchConsumer.requests", 21_000.0,
                "bytesOut", 7_000_000.0, "replicationBytesOut", 2_000_000.0, "Produce.bytes.count", 20.0,
                "Produce.bytes.sum", 60_000.0), 10 * SECOND);
        WorkloadMath m = WorkloadMath.window(start, end);
        assertThat(m.rate("FetchConsumer.requests")).isEqualTo(2000);
        // BytesOut excludes follower fetches: 2 MB / 10 s of consumer bytes over 2000 fetches/s, replication aside
        assertThat(m.consumerBytesPerFetch()).isEqualTo(100);
        // 10 requests of 5000 bytes in the window, although the lifetime mean is 3000
        assertThat(m.mean("Produce.bytes")).isEqualTo(5000);
        assertThat(m.rate("missing")).isNull();
    }

    @Test
    void replicationOutLargerThanBytesOutDoesNotMakeConsumerFetchesEmpty() {
        // RF=3: followers fetch about twice the bytes in, more than the consumers' BytesOut; BytesOut is already
        // the consumers' share, so 10 MB/s over 1000 fetches/s is 10 kB per fetch, not 0
        WorkloadBeans.Counters start = new WorkloadBeans.Counters(Map.of("FetchConsumer.requests", 0.0,
                "bytesOut", 0.0, "replicationBytesOut", 0.0), 0);
        WorkloadBeans.Counters end = new WorkloadBeans.Counters(Map.of("FetchConsumer.requests", 10_000.0,
                "bytesOut", 100_000_000.0, "replicationBytesOut", 200_000_000.0), 10 * SECOND);
        assertThat(WorkloadMath.window(start, end).consumerBytesPerFetch()).isEqualTo(10_000);
    }

    @Test
    void aCounterThatShrankIsUnknownNotNegative() {
        WorkloadBeans.Counters start = new WorkloadBeans.Counters(Map.of("evictions", 500.0), 0);
        WorkloadBeans.Counters end = new WorkloadBeans.Counters(Map.of("evictions", 3.0), 5 * SECOND);
        assertThat(WorkloadMath.window(start, end).rate("evictions")).isNull();
    }

    @Test
    void noConsumerFetchesMeansNoBytesPerFetch() {
        WorkloadBeans.Counters c = new WorkloadBeans.Counters(Map.of("FetchConsumer.requests", 7.0,
                "bytesOut", 100.0, "replicationBytesOut", 100.0), 0);
        WorkloadBeans.Counters d = new WorkloadBeans.Counters(Map.of("FetchConsumer.requests", 7.0,
                "bytesOut", 900.0, "replicationBytesOut", 900.0), SECOND);
        assertThat(WorkloadMath.window(c, d).consumerBytesPerFetch()).isNull();
    }

    @Test
    void aSingleReadUsesTheOneMinuteRatesAndLifetimeMeans() {
        WorkloadBeans.Counters one = new WorkloadBeans.Counters(Map.of("FetchConsumer.requests.rate", 40.0,
                "bytesOut.rate", 9000.0, "replicationBytesOut.rate", 1000.0, "FetchConsumer.bytes.count", 4.0,
                "FetchConsumer.bytes.sum", 400.0), 0);
        WorkloadMath m = WorkloadMath.single(one);
        assertThat(m.rate("FetchConsumer.requests")).isEqualTo(40);
        assertThat(m.consumerBytesPerFetch()).isEqualTo(225);
        assertThat(m.mean("FetchConsumer.bytes")).isEqualTo(100);
    }
}
