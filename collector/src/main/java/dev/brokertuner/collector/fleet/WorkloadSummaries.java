package dev.brokertuner.collector.fleet;

import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the workload part of a report ({@code broker.topics[]} workload fields, {@code broker.groups[]}) down to a
 * {@link HostWorkload}: pure, never throws on missing facts. The bounds keep a host's workload to a few kilobytes
 * in memory: the {@link #MAX_TOPICS} topics with the most bytes in (only topics the agent read workload facts for;
 * the agent itself reads them for its top K topics), the {@link #MAX_GROUPS} groups that rebalance most, then lag
 * most. Names are clipped, codec names outside Kafka's five are kept clipped and at most {@link #MAX_CODECS} of them.
 */
public final class WorkloadSummaries {
    /**
     * Most topics a host's summary keeps; with {@link #MAX_GROUPS} about 7 KB per host in memory (docs/collector.md),
     * 70 MB at 10,000 hosts. The busiest topics of a cluster are among its brokers' busiest.
     */
    public static final int MAX_TOPICS = 10;
    /** Most groups a host's summary keeps. */
    public static final int MAX_GROUPS = 10;
    /** Most topic names a group keeps (its count stays exact). */
    public static final int MAX_GROUP_TOPICS = 5;
    /** Longest topic name or group id kept (Kafka's topic names are at most 249 characters). */
    public static final int MAX_NAME = 255;
    /** Most codec names a topic keeps. */
    public static final int MAX_CODECS = 8;
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    private static final List<String> COMPRESSION_TYPES = List.of("producer", "uncompressed", "none", "gzip",
            "snappy", "lz4", "zstd");

    private WorkloadSummaries() {
    }

    /** The workload of {@code b}, null when it carries none (an older agent, the broker down, nothing read). */
    public static HostWorkload of(BrokerFacts b) {
        if (b == null || !b.ok()) {
            return null;
        }
        List<HostTopic> topics = new ArrayList<>();
        if (b.topics() != null) {
            for (TopicFacts t : b.topics()) {
                if (t != null && t.name() != null && hasWorkload(t)) {
                    topics.add(topic(t));
                }
            }
        }
        List<HostGroup> groups = new ArrayList<>();
        if (b.groups() != null) {
            for (GroupFacts g : b.groups()) {
                if (g != null && g.groupId() != null) {
                    groups.add(group(g));
                }
            }
        }
        if (topics.isEmpty() && b.groups() == null) {
            return null;
        }
        topics.sort(Comparator.comparing((HostTopic t) -> t.bytesInPerSec() == null ? -1 : t.bytesInPerSec())
                .reversed().thenComparing(HostTopic::name));
        groups.sort(Comparator.comparing((HostGroup g) -> g.rebalancesPerHour() == null ? -1 : g.rebalancesPerHour())
                .thenComparing(g -> g.lag() == null ? -1 : g.lag()).reversed().thenComparing(HostGroup::groupId));
        int topicsOut = Math.max(0, topics.size() - MAX_TOPICS);
        int groupsOut = Math.max(0, groups.size() - MAX_GROUPS);
        return new HostWorkload(topics.subList(0, topics.size() - topicsOut),
                groups.subList(0, groups.size() - groupsOut), topicsOut, groupsOut, b.groups() != null);
    }

    private static boolean hasWorkload(TopicFacts t) {
        return t.partitions() != null || t.leaderPartitions() != null || t.bytesInPerSec() != null
                || t.messagesInPerSec() != null || t.produceRequestsPerSec() != null || t.bytesOutPerSec() != null
                || t.batches() != null || t.partitionSkew() != null;
    }

    private static HostTopic topic(TopicFacts t) {
        TopicBatches b = t.batches();
        boolean sampled = b != null && b.dataBatches() > 0;
        return new HostTopic(clip(t.name(), MAX_NAME), t.partitions(), t.leaderPartitions(), finite(t.bytesInPerSec()),
                finite(t.bytesOutPerSec()), finite(t.messagesInPerSec()), finite(t.produceRequestsPerSec()),
                finite(t.partitionSkew()), t.hottestPartition(),
                known(t.effective("compression.type").orElse(null), COMPRESSION_TYPES),
                sampled ? b.dataBatches() : null, sampled ? b.medianRecords() : null,
                sampled ? b.medianBytes() : null, sampled ? codecs(b.codecs()) : Map.of(),
                sampled ? b.idempotent() : null, sampled ? b.transactional() : null);
    }

    private static HostGroup group(GroupFacts g) {
        List<String> topics = g.topics().stream().filter(n -> n != null).limit(MAX_GROUP_TOPICS)
                .map(n -> clip(n, MAX_NAME)).toList();
        return new HostGroup(clip(g.groupId(), MAX_NAME), clip(g.type(), 32), clip(g.state(), 32), g.coordinator(),
                g.members(), g.staticMembers(), topics, g.topics().size(), g.partitions(),
                finite(g.rebalancesPerHour()), g.lag(), clip(g.lagTrend(), 32), finite(g.lagGrowthPerMinute()));
    }

    private static Map<String, Integer> codecs(Map<String, Integer> in) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : in.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() <= 0) {
                continue;
            }
            String name = known(e.getKey(), CODECS);
            if (out.containsKey(name) || out.size() < MAX_CODECS) {
                out.merge(name, e.getValue(), Integer::sum);
            }
        }
        return out;
    }

    /** The shared constant for one of {@code names} (so 10,000 summaries share one string), else {@code s} clipped. */
    private static String known(String s, List<String> names) {
        if (s == null) {
            return null;
        }
        for (String n : names) {
            if (n.equalsIgnoreCase(s)) {
                return n;
            }
        }
        return clip(s, 32);
    }

    /**
     * One copy of {@code s} for every summary holding it ({@link String#intern()}: the JVM's string table, whose
     * entries are collected once no summary refers to them). The summaries of 10,000 hosts repeat topic names
     * across a cluster's brokers, and group types, states and codec names across the fleet.
     */
    static String shared(String s) {
        return s == null ? null : s.intern();
    }

    /** {@code m} with its keys {@link #shared(String)}. */
    static Map<String, Integer> sharedKeys(Map<String, Integer> m) {
        Map<String, Integer> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(shared(k), v));
        return Map.copyOf(out);
    }

    private static Double finite(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : d;
    }

    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }
}
