package dev.brokertuner.agent.workload;

import java.util.List;
import java.util.Set;

/**
 * One group as one gathering read it, before the history across gatherings is applied ({@link GroupHistory}).
 *
 * @param groupId       the group
 * @param type          {@code classic}, {@code consumer}, {@code share} or {@code streams}
 * @param state         the coordinator's state name, e.g. {@code Stable}
 * @param coordinator   the coordinator's node id, null when unknown
 * @param memberKeys    each member's {@code group.instance.id} when it has one, else its member id: a static member
 *                      that restarts keeps its key, a dynamic one gets a new one
 * @param staticMembers members with a {@code group.instance.id}
 * @param topics        topics the group has committed offsets for or is assigned, sorted
 * @param partitions    partitions with a committed offset or an assignment, null when neither was read
 * @param epoch         the group epoch (KIP-848, share, streams), null when the description has none (classic)
 * @param lag           latest minus committed offset summed over its partitions ({@link GroupLag}: for a group
 *                      with members, the assigned topics only), null when not read
 * @param staleTopics   committed topics no member is assigned ({@link GroupLag}), sorted
 * @param staleLag      their lag, null when none or not known
 */
public record GroupObservation(String groupId, String type, String state, Integer coordinator,
                               Set<String> memberKeys, int staticMembers, List<String> topics, Integer partitions,
                               Long epoch, Long lag, List<String> staleTopics, Long staleLag) {
    public GroupObservation {
        memberKeys = Set.copyOf(memberKeys);
        topics = List.copyOf(topics);
        staleTopics = staleTopics == null ? List.of() : List.copyOf(staleTopics);
    }

    /** Without stale offsets. */
    public GroupObservation(String groupId, String type, String state, Integer coordinator, Set<String> memberKeys,
                            int staticMembers, List<String> topics, Integer partitions, Long epoch, Long lag) {
        this(groupId, type, state, coordinator, memberKeys, staticMembers, topics, partitions, epoch, lag, List.of(),
                null);
    }

    /** This observation with its lag and partition facts set. */
    public GroupObservation withOffsets(List<String> topics, Integer partitions, Long lag) {
        return new GroupObservation(groupId, type, state, coordinator, memberKeys, staticMembers, topics, partitions,
                epoch, lag, staleTopics, staleLag);
    }

    /** This observation with the committed topics nobody consumes and their lag. */
    public GroupObservation withStale(List<String> staleTopics, Long staleLag) {
        return new GroupObservation(groupId, type, state, coordinator, memberKeys, staticMembers, topics, partitions,
                epoch, lag, staleTopics, staleLag);
    }
}
