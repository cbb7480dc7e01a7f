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
 * @param lag           latest minus committed offset summed over its partitions, null when not read
 */
public record GroupObservation(String groupId, String type, String state, Integer coordinator,
                               Set<String> memberKeys, int staticMembers, List<String> topics, Integer partitions,
                               Long epoch, Long lag) {
    public GroupObservation {
        memberKeys = Set.copyOf(memberKeys);
        topics = List.copyOf(topics);
    }

    /** This observation with its lag and partition facts set. */
    public GroupObservation withOffsets(List<String> topics, Integer partitions, Long lag) {
        return new GroupObservation(groupId, type, state, coordinator, memberKeys, staticMembers, topics, partitions,
                epoch, lag);
    }
}
