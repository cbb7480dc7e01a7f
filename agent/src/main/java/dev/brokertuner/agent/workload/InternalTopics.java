package dev.brokertuner.agent.workload;

/**
 * Kafka's internal topics ({@code __consumer_offsets}, {@code __transaction_state}, {@code __share_group_state}
 * and any other name Kafka reserves with a leading {@code __}): written by the brokers themselves, not by
 * producers a user can tune, so no workload read or workload rule looks at them.
 */
public final class InternalTopics {
    private InternalTopics() {
    }

    /** Whether {@code topic} is one of Kafka's internal topics (its name starts with {@code __}). */
    public static boolean internal(String topic) {
        return topic != null && topic.startsWith("__");
    }
}
