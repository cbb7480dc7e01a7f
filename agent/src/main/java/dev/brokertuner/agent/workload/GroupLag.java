package dev.brokertuner.agent.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * A group's lag from its committed offsets and the partitions' latest offsets, split by whether the group still
 * consumes the topic. A group with members and an assignment keeps the committed offsets of topics it no longer
 * reads until offset retention drops them (7 days by default); their lag grows with every record produced there
 * and says nothing about the consumers, so for such a group {@code lag} sums only the topics assigned to a member,
 * and the others are {@code staleTopics} with their {@code staleLag}. A group without members (or with no
 * assignment read, e.g. mid-rebalance) has nothing to tell them apart by: every committed partition counts. Pure.
 *
 * @param topics      topics the lag covers (the assigned ones, or all committed when not split), sorted
 * @param partitions  committed partitions the lag covers, or the assigned partitions when more
 * @param lag         latest minus committed, summed; null when a latest offset was not known
 * @param staleTopics committed topics no member is assigned, sorted; empty when not split
 * @param staleLag    their lag summed; null when there are none or a latest offset was not known
 */
public record GroupLag(List<String> topics, Integer partitions, Long lag, List<String> staleTopics, Long staleLag) {
    public GroupLag {
        topics = List.copyOf(topics);
        staleTopics = List.copyOf(staleTopics);
    }

    /**
     * @param assignedTopics topics assigned to the group's members now
     * @param assignedCount  partitions assigned now, null when none was read
     * @param hasMembers     whether the group has members
     * @param committed      committed offset per partition
     * @param ends           latest offset per partition, missing when not known
     */
    public static GroupLag of(Set<String> assignedTopics, Integer assignedCount, boolean hasMembers,
                              Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        boolean split = hasMembers && !assignedTopics.isEmpty();
        TreeSet<String> topics = new TreeSet<>(assignedTopics);
        TreeSet<String> stale = new TreeSet<>();
        long lag = 0;
        long staleLag = 0;
        boolean known = true;
        boolean staleKnown = true;
        int counted = 0;
        for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
            boolean isStale = split && !assignedTopics.contains(e.getKey().topic());
            Long end = ends.get(e.getKey());
            long l = end == null ? 0 : Math.max(0, end - e.getValue());
            if (isStale) {
                stale.add(e.getKey().topic());
                staleLag += l;
                staleKnown &= end != null;
            } else {
                topics.add(e.getKey().topic());
                lag += l;
                known &= end != null;
                counted++;
            }
        }
        Integer partitions = assignedCount == null && counted == 0 ? null
                : Math.max(counted, assignedCount == null ? 0 : assignedCount);
        return new GroupLag(new ArrayList<>(topics), partitions, known ? lag : null, new ArrayList<>(stale),
                stale.isEmpty() || !staleKnown ? null : staleLag);
    }
}
