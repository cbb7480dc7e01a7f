package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupLagTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition OLD_0 = new TopicPartition("orders-v1", 0);

    /** orders is read and caught up to 10 behind each partition; orders-v1 was left a week ago, 90,000 behind. */
    private static final Map<TopicPartition, Long> COMMITTED = Map.of(ORDERS_0, 990L, ORDERS_1, 490L, OLD_0, 10_000L);
    private static final Map<TopicPartition, Long> ENDS = Map.of(ORDERS_0, 1_000L, ORDERS_1, 500L, OLD_0, 100_000L);

    @Test
    void aGroupWithMembersSumsOnlyItsAssignedTopicsAndListsTheStaleOnes() {
        GroupLag l = GroupLag.of(Set.of("orders"), 2, true, COMMITTED, ENDS);
        assertThat(l.lag()).isEqualTo(20L);
        assertThat(l.topics()).containsExactly("orders");
        assertThat(l.partitions()).isEqualTo(2);
        assertThat(l.staleTopics()).containsExactly("orders-v1");
        assertThat(l.staleLag()).isEqualTo(90_000L);
    }

    @Test
    void aGroupWithoutMembersOrAssignmentCountsEveryCommittedPartition() {
        GroupLag empty = GroupLag.of(Set.of(), null, false, COMMITTED, ENDS);
        assertThat(empty.lag()).isEqualTo(90_020L);
        assertThat(empty.topics()).containsExactly("orders", "orders-v1");
        assertThat(empty.partitions()).isEqualTo(3);
        assertThat(empty.staleTopics()).isEmpty();
        assertThat(empty.staleLag()).isNull();
        // members mid-rebalance, no assignment read: nothing to tell stale topics by
        assertThat(GroupLag.of(Set.of(), null, true, COMMITTED, ENDS).lag()).isEqualTo(90_020L);
    }

    @Test
    void anUnknownLatestOffsetMakesOnlyItsSideUnknown() {
        Map<TopicPartition, Long> ends = Map.of(ORDERS_0, 1_000L, ORDERS_1, 500L);
        GroupLag l = GroupLag.of(Set.of("orders"), 2, true, COMMITTED, ends);
        assertThat(l.lag()).isEqualTo(20L);
        assertThat(l.staleLag()).isNull();
        assertThat(l.staleTopics()).containsExactly("orders-v1");
        assertThat(GroupLag.of(Set.of(), null, false, COMMITTED, ends).lag()).isNull();
    }
}
