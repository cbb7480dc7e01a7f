package dev.brokertuner.collector.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a cluster stands on the scale milestones, from the bytes in per second summed over its brokers (produce
 * traffic, replication excluded: the table sizes for what clients write), and what the scaling chapter's rules of
 * thumb (its table is "rules of thumb, not measurements") would suggest for its row. Stale hosts (no report within
 * the threshold) are left out of every sum and count: their throughput is old. Hosts under
 * {@link Summaries#UNASSIGNED} (neither a cluster id nor an alias) may belong to different clusters, so they are not
 * placed at all. Partitions per topic are only ever a note: the average over all topics is pulled down by small
 * topics and says little about the busy ones.
 *
 * @param bytesInPerSec         summed over the brokers that reported it, null when none did
 * @param bytesOutPerSec        likewise for bytes out
 * @param mbInPerSec            {@code bytesInPerSec} in MB/s (10^6 bytes)
 * @param mbInPerSecPerBroker   that divided by the brokers that reported it
 * @param brokers               brokers in the cluster (hosts reporting within the staleness threshold)
 * @param brokersWithThroughput brokers whose report had a bytes-in rate
 * @param partitions            partition leaders summed over the brokers (the cluster's partitions), null when unknown
 * @param topics                the cluster's topics (internal ones excluded), null when no broker reported them
 * @param partitionsPerTopic    partitions of those topics / topics, null when unknown
 * @param milestone             the row the cluster's throughput falls in, null when throughput is unknown
 * @param next                  the next row up, null at the top or when unknown
 * @param headroomPercent       how far the throughput is through its row's range (0-100), null at the top row
 * @param lacks                 the scaling chapter's rule-of-thumb advice for the cluster's row, each a sentence
 *                              starting {@code rule of thumb (scaling chapter): }; empty when nothing
 * @param notes                 what could not be judged and why
 */
public record ScalePosition(Double bytesInPerSec, Double bytesOutPerSec, Double mbInPerSec,
                            Double mbInPerSecPerBroker, int brokers, int brokersWithThroughput, Long partitions,
                            Integer topics, Double partitionsPerTopic, ScaleMilestone milestone, ScaleMilestone next,
                            Double headroomPercent,
                            List<String> lacks, List<String> notes) {
    public ScalePosition {
        lacks = List.copyOf(lacks);
        notes = List.copyOf(notes);
    }

    /** How each piece of advice starts: the table is the scaling chapter's, not a measurement. */
    public static final String RULE_OF_THUMB = "rule of thumb (scaling chapter): ";

    /**
     * Judges a cluster.
     *
     * @param hosts             the cluster's hosts (latest report each)
     * @param now               the time staleness is judged at
     * @param staleAfterSeconds a host without a report for longer is stale and left out
     */
    public static ScalePosition of(List<HostSummary> hosts, Instant now, long staleAfterSeconds) {
        List<String> lacks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!hosts.isEmpty() && hosts.stream().allMatch(h -> Summaries.UNASSIGNED.equals(h.clusterKey()))) {
            notes.add("these hosts report neither a Kafka cluster id nor a clusterAlias, so they are grouped under '"
                    + Summaries.UNASSIGNED + "' and may belong to different clusters: their throughput is not summed "
                    + "and not placed on the scale milestones (set clusterAlias in the agents' config, or let them "
                    + "read the broker)");
            return new ScalePosition(null, null, null, null, hosts.size(), 0, null, null, null, null, null, null,
                    lacks, notes);
        }
        List<HostSummary> fresh = hosts.stream().filter(h -> !h.staleAt(now, staleAfterSeconds)).toList();
        if (fresh.size() < hosts.size()) {
            notes.add((hosts.size() - fresh.size()) + " stale host(s) left out (no report within "
                    + staleAfterSeconds + " s): their last throughput, partitions and topics are old");
        }
        return judge(fresh, lacks, notes);
    }

    private static ScalePosition judge(List<HostSummary> hosts, List<String> lacks, List<String> notes) {
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
            lacks.add(RULE_OF_THUMB + "consider " + (row.minBrokers() - brokers) + " more broker(s): at "
                    + fmt(mb) + " MB/s this cluster is in the " + row.name() + " row (" + row.throughputText()
                    + "), which the chapter gives " + row.brokersText() + " brokers; it has " + brokers);
        }
        if (next != null && headroom != null && headroom >= 80 && brokers < next.minBrokers()) {
            lacks.add(RULE_OF_THUMB + "plan for " + next.brokersText() + " brokers: the cluster is "
                    + Math.round(headroom) + "% of the way to " + next.throughputText() + " (" + next.name()
                    + "), which the chapter gives " + next.brokersText() + " brokers");
        }
        if (perTopic == null) {
            notes.add("partitions per topic (" + row.partitionsText() + " at this milestone) unknown: no broker "
                    + "reported the cluster's topics (the broker with the lowest node id reads them)"
                    + (withLeaders == 0 ? "" : "; the cluster leads " + leaders + " partitions in all"));
        } else {
            notes.add(RULE_OF_THUMB + "the " + row.name() + " row gives " + row.partitionsText()
                    + " partitions per topic; topics here average " + fmt(perTopic) + " (" + topicPartitions
                    + " over " + topics + " topics). An average over all topics is pulled down by small ones, so "
                    + "judge the busy topics by their own partition counts: a topic's throughput and its "
                    + "consumers' parallelism stop at its partition count");
        }
        return new ScalePosition(in, withOut == 0 ? null : out, mb, mb / withIn, brokers, withIn,
                withLeaders == 0 ? null : leaders, topics, perTopic, row, next, headroom, lacks, notes);
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
