package dev.brokertuner.collector.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a cluster stands on the scale milestones, from the bytes in per second summed over its brokers (produce
 * traffic, replication excluded: the table sizes for what clients write), and what it lacks against its row.
 *
 * @param bytesInPerSec         summed over the brokers that reported it, null when none did
 * @param bytesOutPerSec        likewise for bytes out
 * @param mbInPerSec            {@code bytesInPerSec} in MB/s (10^6 bytes)
 * @param mbInPerSecPerBroker   that divided by the brokers that reported it
 * @param brokers               brokers in the cluster (hosts reporting)
 * @param brokersWithThroughput brokers whose report had a bytes-in rate
 * @param partitions            partition leaders summed over the brokers (the cluster's partitions), null when unknown
 * @param topics                the cluster's topics (internal ones excluded), null when no broker reported them
 * @param partitionsPerTopic    partitions of those topics / topics, null when unknown
 * @param milestone             the row the cluster's throughput falls in, null when throughput is unknown
 * @param next                  the next row up, null at the top or when unknown
 * @param headroomPercent       how far the throughput is through its row's range (0-100), null at the top row
 * @param lacks                 what the cluster lacks against its row, each a sentence; empty when nothing
 * @param notes                 what could not be judged and why
 */
public record ScalePosition(Double bytesInPerSec, Double bytesOutPerSec, Double mbInPerSec,
                            Double mbInPerSecPerBroker, int brokers, int brokersWithThroughput, Long partitions,
                            Integer topics, Double partitionsPerTopic, ScaleMilestone milestone, ScaleMilestone next, Double headroomPercent,
                            List<String> lacks, List<String> notes) {
    public ScalePosition {
        lacks = List.copyOf(lacks);
        notes = List.copyOf(notes);
    }

    /**
     * Judges a cluster.
     *
     * @param hosts the cluster's hosts (latest report each)
     */
    public static ScalePosition of(List<HostSummary> hosts) {
        double in = 0;
        double out = 0;
        int withIn = 0;
        int withOut = 0;
        long leaders = 0;
        int withLeaders = 0;
        Integer topics = null;
        long topicPartitions = 0;
        for (HostSummary h : hosts) {
            if (h.bytesInPerSec() != null) {
                in += h.bytesInPerSec();
                withIn++;
            }
            if (h.bytesOutPerSec() != null) {
                out += h.bytesOutPerSec();
                withOut++;
            }
            if (h.leaderCount() != null) {
                leaders += h.leaderCount();
                withLeaders++;
            }
            if (h.topicCount() != null && h.topicPartitionCount() != null) {
                topics = h.topicCount();
                topicPartitions = h.topicPartitionCount();
            }
        }
        Double perTopic = topics == null || topics == 0 ? null : (double) topicPartitions / topics;
        List<String> lacks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int brokers = hosts.size();
        if (withIn == 0) {
            notes.add("no broker reported its bytes-in rate (broker side unreachable or not gathered), so the "
                    + "cluster cannot be placed on the scale milestones");
            return new ScalePosition(null, withOut == 0 ? null : out, null, null, brokers, 0,
                    withLeaders == 0 ? null : leaders, topics, perTopic, null, null, null, lacks, notes);
        }
        if (withIn < brokers) {
            notes.add((brokers - withIn) + " of " + brokers + " brokers did not report throughput; the sum covers "
                    + withIn);
        }
        double mb = in / 1e6;
        ScaleMilestone row = ScaleMilestone.of(mb);
        int idx = ScaleMilestone.TABLE.indexOf(row);
        ScaleMilestone next = idx + 1 < ScaleMilestone.TABLE.size() ? ScaleMilestone.TABLE.get(idx + 1) : null;
        Double headroom = row.toMBps() == null ? null
                : Math.min(100.0, 100.0 * (mb - row.fromMBps()) / (row.toMBps() - row.fromMBps()));
        if (brokers < row.minBrokers()) {
            lacks.add((row.minBrokers() - brokers) + " more broker(s): at " + fmt(mb) + " MB/s the " + row.name()
                    + " milestone (" + row.throughputText() + ") runs " + row.brokersText() + " brokers, this "
                    + "cluster has " + brokers);
        }
        if (next != null && headroom != null && headroom >= 80 && brokers < next.minBrokers()) {
            lacks.add("plan for " + next.brokersText() + " brokers: the cluster is " + Math.round(headroom)
                    + "% of the way to " + next.throughputText() + " (" + next.name() + ")");
        }
        if (perTopic == null) {
            notes.add("partitions per topic (" + row.partitionsText() + " at this milestone) unknown: no broker "
                    + "reported the cluster's topics (the broker with the lowest node id reads them)"
                    + (withLeaders == 0 ? "" : "; the cluster leads " + leaders + " partitions in all"));
        } else if (perTopic < row.minPartitionsPerTopic()) {
            lacks.add("more partitions per topic: topics average " + fmt(perTopic) + " partitions (" + topicPartitions
                    + " over " + topics + " topics), the " + row.name() + " milestone runs " + row.partitionsText()
                    + "; a topic's throughput and its consumers' parallelism stop at its partition count");
        } else {
            notes.add("topics average " + fmt(perTopic) + " partitions (" + topicPartitions + " over " + topics
                    + " topics); the " + row.name() + " milestone runs " + row.partitionsText());
        }
        return new ScalePosition(in, withOut == 0 ? null : out, mb, mb / withIn, brokers, withIn,
                withLeaders == 0 ? null : leaders, topics, perTopic, row, next, headroom, lacks, notes);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
