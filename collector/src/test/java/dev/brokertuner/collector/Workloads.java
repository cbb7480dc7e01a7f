package dev.brokertuner.collector;

import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.report.WorkloadMeters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workload facts for the collector's tests, shaped like the agent's report ({@code broker.topics[]} workload
 * fields, {@code broker.groups[]}): a built {@link Reports} report given topics and groups.
 */
public final class Workloads {
    private Workloads() {
    }

    /** {@code r} with its broker's topics and groups set (the broker must be ok). */
    public static Report with(Report r, List<TopicFacts> topics, List<GroupFacts> groups) {
        return new Report(r.schemaVersion(), r.reportId(), r.generatedAt(), r.agentVersion(), r.clusterAlias(),
                r.tags(), r.host(), r.broker().withWorkload(topics, groups, WorkloadMeters.empty()), r.findings(),
                r.checks(), r.problems());
    }

    /**
     * A topic as the agent reports it for one of its top K topics.
     *
     * @param codecs codec name, batch count, codec name, batch count...
     */
    public static TopicFacts topic(String name, int partitions, int leaders, double bytesIn, double messagesIn,
                                   double produceRequests, double bytesOut, Double skew, Integer hottest,
                                   String compressionType, int batches, long medianRecords, long medianBytes,
                                   Object... codecs) {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (int i = 0; i + 1 < codecs.length; i += 2) {
            c.put((String) codecs[i], (Integer) codecs[i + 1]);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("compression.type", compressionType);
        config.put("max.message.bytes", "1048588");
        config.put("retention.ms", "604800000");
        config.put("min.insync.replicas", "2");
        config.put("cleanup.policy", "delete");
        TopicBatches b = batches == 0 ? null : new TopicBatches(batches, 0, leaders, 65_536L * leaders,
                medianRecords, medianBytes, medianBytes * 2, c, batches, 0);
        return new TopicFacts(name, 50_000_000_000L, Map.of())
                .withMeters(bytesIn, messagesIn, produceRequests, bytesOut, config)
                .withBatches(b).withPartitions(partitions, leaders, skew, hottest);
    }

    /** A group as its coordinator reports it. */
    public static GroupFacts group(String id, String type, String state, int coordinator, int members,
                                   int staticMembers, List<String> topics, int partitions, Double rebalancesPerHour,
                                   Long lag, String lagTrend, Double lagGrowthPerMinute) {
        return new GroupFacts(id, type, state, coordinator, members, staticMembers, topics, partitions, 42L,
                rebalancesPerHour, lag, lagTrend, lagGrowthPerMinute);
    }
}
