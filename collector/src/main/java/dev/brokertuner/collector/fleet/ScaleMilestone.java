package dev.brokertuner.collector.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One row of the scaling chapter's "Scale Milestones" table (rules of thumb, not measurements). Throughput is in
 * MB/s of 1,000,000 bytes. The API serializes the display texts ({@code throughputText}, {@code brokersText},
 * {@code partitionsText}) with the components: the dashboard shows them as they are.
 *
 * @param name                  e.g. {@code Medium scale}
 * @param fromMBps              lower bound, inclusive
 * @param toMBps                upper bound, exclusive; null for the last row
 * @param minBrokers            brokers the row runs at least
 * @param maxBrokers            brokers the row runs at most; null for "or more"
 * @param minPartitionsPerTopic partitions per topic, lower end
 * @param maxPartitionsPerTopic partitions per topic, upper end; null for "or more"
 */
public record ScaleMilestone(String name, double fromMBps, Double toMBps, int minBrokers, Integer maxBrokers,
                             int minPartitionsPerTopic, Integer maxPartitionsPerTopic) {

    /** The table: under 10 MB/s, 10-100 MB/s, 100 MB/s-1 GB/s, above 1 GB/s. */
    public static final List<ScaleMilestone> TABLE = List.of(
            new ScaleMilestone("Small deployment", 0, 10.0, 3, 3, 3, 6),
            new ScaleMilestone("Medium scale", 10, 100.0, 5, 7, 10, 20),
            new ScaleMilestone("Large scale", 100, 1000.0, 10, null, 30, 50),
            new ScaleMilestone("Enterprise", 1000, null, 20, null, 100, null));

    /** {@code 10-100 MB/s}. */
    @JsonProperty("throughputText")
    public String throughputText() {
        if (toMBps == null) {
            return "> " + mb(fromMBps);
        }
        return fromMBps == 0 ? "< " + mb(toMBps) : mb(fromMBps) + " - " + mb(toMBps);
    }

    /** {@code 5-7}, {@code 10+}. */
    @JsonProperty("brokersText")
    public String brokersText() {
        return maxBrokers == null ? minBrokers + "+" : maxBrokers == minBrokers ? String.valueOf(minBrokers)
                : minBrokers + "-" + maxBrokers;
    }

    /** {@code 10-20}, {@code 100+}. */
    @JsonProperty("partitionsText")
    public String partitionsText() {
        return maxPartitionsPerTopic == null ? minPartitionsPerTopic + "+"
                : minPartitionsPerTopic + "-" + maxPartitionsPerTopic;
    }

    /** The row a cluster moving {@code mbps} belongs to. */
    public static ScaleMilestone of(double mbps) {
        for (ScaleMilestone m : TABLE) {
            if (m.toMBps == null || mbps < m.toMBps) {
                return m;
            }
        }
        return TABLE.get(TABLE.size() - 1);
    }

    private static String mb(double v) {
        return v >= 1000 ? (v / 1000 == Math.rint(v / 1000) ? String.valueOf((long) (v / 1000)) : v / 1000) + " GB/s"
                : (v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)) + " MB/s";
    }
}
