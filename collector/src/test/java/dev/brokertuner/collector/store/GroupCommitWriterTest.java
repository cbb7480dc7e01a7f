package dev.brokertuner.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.Summaries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer against a fake store that can hold or fail a batch. */
class GroupCommitWriterTest {
    static final class GatedStore implements ReportStore {
        final CountDownLatch gate = new CountDownLatch(1);
        final List<Integer> batchSizes = new ArrayList<>();
        volatile boolean fail;

        @Override
        public javax.sql.DataSource dataSource() {
            throw new UnsupportedOperationException("the writer never asks for the database");
        }

        @Override
        public List<StoreOutcome> store(List<Incoming> batch) throws StoreException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new StoreException("disk full", null);
            }
            synchronized (batchSizes) {
                batchSizes.add(batch.size());
            }
            return batch.stream().map(i -> StoreOutcome.STORED).toList();
        }

        @Override
        public List<HostSummary> latestSummaries() {
            return List.of();
        }

        @Override
        public java.util.Map<String, String> hostOwners() {
            return java.util.Map.of();
        }

        @Override
        public Optional<byte[]> report(String reportId) {
            return Optional.empty();
        }

        @Override
        public List<HistoryEntry> history(String hostname, int limit) {
            return List.of();
        }

        @Override
        public List<ThroughputSample> throughput(String clusterKey, Instant since) {
            return List.of();
        }

        @Override
        public int deleteReceivedBefore(Instant cutoff) {
            return 0;
        }

        @Override
        public long reportCount() {
            return 0;
        }

        @Override
        public long sizeBytes() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static Incoming incoming(String host) {
        return new Incoming(Summaries.of(Reports.broker(host, 1).build(), Instant.EPOCH, "t"), new byte[] {1});
    }

    @Test
    void refusesWhenFullThenStoresTheQueueInOneBatchAndIndexesIt() throws Exception {
        GatedStore store = new GatedStore();
        FleetIndex index = new FleetIndex();
        try (GroupCommitWriter w = new GroupCommitWriter(store, index, 3)) {
            CompletionStage<StoreOutcome> first = w.submit(incoming("h0"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (w.pending() > 0) {
                assertThat(System.nanoTime()).as("the writer takes the first report").isLessThan(deadline);
                Thread.sleep(5);
            }
            List<CompletionStage<StoreOutcome>> queued = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                queued.add(w.submit(incoming("h" + i)));
            }
            assertThat(queued).doesNotContainNull();
            assertThat(w.submit(incoming("h4"))).as("full: ingest answers 503").isNull();
            store.gate.countDown();
            assertThat(first.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(StoreOutcome.STORED);
            for (var q : queued) {
                assertThat(q.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(StoreOutcome.STORED);
            }
            assertThat(store.batchSizes).containsExactly(1, 3);
            assertThat(index.size()).isEqualTo(4);
            assertThat(w.stored()).isEqualTo(4);
        }
    }

    @Test
    void aFailedBatchFailsItsSubmittersAndMarksTheWriterUnhealthy() throws Exception {
        GatedStore store = new GatedStore();
        store.fail = true;
        store.gate.countDown();
        FleetIndex index = new FleetIndex();
        try (GroupCommitWriter w = new GroupCommitWriter(store, index, 10)) {
            var f = w.submit(incoming("h0")).toCompletableFuture();
            try {
                f.get(10, TimeUnit.SECONDS);
                throw new AssertionError("expected a failure");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StoreException.class).hasMessageContaining("disk full");
            }
            assertThat(w.healthy()).isFalse();
            assertThat(index.size()).isZero();
            store.fail = false;
            assertThat(w.submit(incoming("h1")).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isEqualTo(StoreOutcome.STORED);
            assertThat(w.healthy()).isTrue();
        }
    }

    @Test
    void anotherFailingUseOfTheStoreMakesItUnhealthyButAWorkingReadDoesNotClearAFailedBatch() throws Exception {
        GatedStore store = new GatedStore();
        store.gate.countDown();
        try (GroupCommitWriter w = new GroupCommitWriter(store, new FleetIndex(), 10)) {
            w.observe(false);
            assertThat(w.healthy()).isFalse();
            w.observe(true);
            assertThat(w.healthy()).isTrue();
            store.fail = true;
            try {
                w.submit(incoming("h0")).toCompletableFuture().get(10, TimeUnit.SECONDS);
                throw new AssertionError("expected a failure");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StoreException.class);
            }
            w.observe(true);
            assertThat(w.healthy()).as("reads work, writes failed").isFalse();
            store.fail = false;
            w.submit(incoming("h1")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(w.healthy()).isTrue();
        }
    }
}
