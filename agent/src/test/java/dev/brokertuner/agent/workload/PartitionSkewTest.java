package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionSkewTest {
    @Test
    void theFastestLedPartitionOverTheMedian() {
        // over 10 s: partition 2 grew 1 MB, the others 100 KB: 100 KB/s against 10 KB/s
        PartitionSkew s = PartitionSkew.of(Map.of(0, 0L, 1, 0L, 2, 0L, 3, 0L),
                Map.of(0, 100_000L, 1, 100_000L, 2, 1_000_000L, 3, 100_000L), Set.of(0, 1, 2, 3), 10);
        assertThat(s.hottestPartition()).isEqualTo(2);
        assertThat(s.hottestBytesPerSec()).isEqualTo(100_000);
        assertThat(s.medianBytesPerSec()).isEqualTo(10_000);
        assertThat(s.skew()).isEqualTo(10);
        assertThat(s.partitions()).isEqualTo(4);
    }

    @Test
    void anIdleMedianIsFlooredSoATrickleIsNoHotSpot() {
        // 2 KB over 10 s on one partition of three idle ones: 200 B/s over a 1 KiB/s floor
        PartitionSkew s = PartitionSkew.of(Map.of(0, 0L, 1, 0L, 2, 0L), Map.of(0, 2000L, 1, 0L, 2, 0L),
                Set.of(0, 1, 2), 10);
        assertThat(s.skew()).isLessThan(1);
        assertThat(s.medianBytesPerSec()).isZero();
    }

    @Test
    void onlyLedPartitionsThatGrewCount() {
        // partition 1 is followed, not led; partition 2 shrank (retention deleted a segment)
        PartitionSkew s = PartitionSkew.of(Map.of(0, 0L, 1, 0L, 2, 9_000_000L, 3, 0L),
                Map.of(0, 50_000L, 1, 9_000_000L, 2, 10L, 3, 100_000L), Set.of(0, 2, 3), 1);
        assertThat(s.partitions()).isEqualTo(2);
        assertThat(s.hottestPartition()).isEqualTo(3);
    }

    @Test
    void fewerThanTwoRatesOrNoTimeIsNoSkew() {
        assertThat(PartitionSkew.of(Map.of(0, 0L), Map.of(0, 10L), Set.of(0), 10)).isNull();
        assertThat(PartitionSkew.of(Map.of(0, 0L, 1, 0L), Map.of(0, 10L, 1, 5L), Set.of(0, 1), 0)).isNull();
        assertThat(PartitionSkew.of(Map.of(), Map.of(0, 10L, 1, 5L), Set.of(0, 1), 10)).isNull();
    }
}
