package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSampleTest {

    @Test
    void summarisesDataBatchesAndLeavesControlBatchesOut() {
        int txn = BatchHeader.TRANSACTIONAL_BIT;
        int marker = BatchHeader.TRANSACTIONAL_BIT | BatchHeader.CONTROL_BIT;
        byte[] bytes = new Batches()
                .batch(0, 0, 1, 39, -1)          // 100 bytes
                .batch(1, 3, 10, 139, 4)         // 200 bytes, lz4, idempotent
                .batch(11, 3, 20, 239, 4)        // 300 bytes
                .batch(31, 4 | txn, 30, 339, 5)  // 400 bytes, zstd, transactional
                .batch(61, marker, 1, 0, 5)      // control: out of the stats
                .batch(62, 0, 40, 939, -1)       // 1000 bytes
                .bytes();
        BatchSample s = BatchSample.of(BatchHeaders.parse(bytes).batches());
        assertThat(s.sampled()).isEqualTo(6);
        assertThat(s.controlBatches()).isEqualTo(1);
        assertThat(s.dataBatches()).isEqualTo(5);
        assertThat(s.medianRecords()).isEqualTo(20);
        assertThat(s.medianBytes()).isEqualTo(300);
        assertThat(s.p90Bytes()).isEqualTo(1000);
        assertThat(s.codecs()).containsExactly(entry("none", 2), entry("lz4", 2), entry("zstd", 1));
        assertThat(s.idempotent()).isEqualTo(3);
        assertThat(s.transactional()).isEqualTo(1);
    }

    @Test
    void emptyAndControlOnlySamples() {
        BatchSample none = BatchSample.of(List.of());
        assertThat(none.sampled()).isZero();
        assertThat(none.medianBytes()).isZero();
        assertThat(none.codecs()).isEmpty();
        byte[] markers = new Batches().batch(0, BatchHeader.CONTROL_BIT | BatchHeader.TRANSACTIONAL_BIT, 1, 0, 3)
                .bytes();
        BatchSample control = BatchSample.of(BatchHeaders.parse(markers).batches());
        assertThat(control.sampled()).isEqualTo(1);
        assertThat(control.dataBatches()).isZero();
        assertThat(control.transactional()).isZero();
        assertThat(control.medianRecords()).isZero();
    }

    @Test
    void nearestRank() {
        long[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(BatchSample.rank(ten, 50)).isEqualTo(5);
        assertThat(BatchSample.rank(ten, 90)).isEqualTo(9);
        assertThat(BatchSample.rank(new long[] {7}, 90)).isEqualTo(7);
    }
}
