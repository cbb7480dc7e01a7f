package dev.brokertuner.agent.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The skew between the partitions of one topic this broker leads, from the growth of their sizes between two
 * gatherings ({@code describeLogDirs}): the fastest partition's byte rate over the median partition's. The median is
 * floored at {@link #MEDIAN_FLOOR_BYTES_PER_SEC} so that a topic whose partitions are mostly idle does not turn a
 * trickle on one of them into a large ratio (broker-tuner's own choice, not Kafka's). A partition whose size shrank
 * (retention deleted a segment, or it was truncated) has no rate this time and is left out. Pure.
 *
 * @param skew                the fastest rate over the (floored) median rate
 * @param hottestPartition    the fastest partition
 * @param hottestBytesPerSec  its rate
 * @param medianBytesPerSec   the median rate (not floored)
 * @param partitions          how many led partitions had a rate
 */
public record PartitionSkew(double skew, int hottestPartition, double hottestBytesPerSec, double medianBytesPerSec,
                            int partitions) {
    /** The floor under the median rate in the ratio: 1 KiB/s. */
    public static final double MEDIAN_FLOOR_BYTES_PER_SEC = 1024;

    /**
     * The skew, or null with fewer than two led partitions with a rate, or no time between the two sizes.
     *
     * @param before  partition to size at the earlier gathering
     * @param now     partition to size now
     * @param led     the partitions this broker leads
     * @param seconds time between the two
     */
    public static PartitionSkew of(Map<Integer, Long> before, Map<Integer, Long> now, Set<Integer> led,
                                   double seconds) {
        if (seconds <= 0) {
            return null;
        }
        List<double[]> rates = new ArrayList<>();
        for (Integer p : led) {
            Long a = before.get(p);
            Long b = now.get(p);
            if (a == null || b == null || b < a) {
                continue;
            }
            rates.add(new double[] {p, (b - a) / seconds});
        }
        if (rates.size() < 2) {
            return null;
        }
        // fastest first; ties go to the lower partition number, so the answer does not depend on map order
        rates.sort((x, y) -> x[1] != y[1] ? Double.compare(y[1], x[1]) : Double.compare(x[0], y[0]));
        double[] sorted = rates.stream().mapToDouble(r -> r[1]).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double hottest = rates.get(0)[1];
        return new PartitionSkew(hottest / Math.max(median, MEDIAN_FLOOR_BYTES_PER_SEC), (int) rates.get(0)[0],
                hottest, median, n);
    }
}
