package dev.brokertuner.agent.rules.workload;

/** The citations the group rules put in rationales and in {@code docs/rules.md}, spelled once. */
final class GroupSources {
    static final String CHAPTER_REBALANCE = "The scaling chapter broker-tuner grew from, \"Avoiding Rebalance Pain\" "
            + "(its rules of thumb, not Kafka's documentation): max.poll.interval.ms=600000, session.timeout.ms=45000, "
            + "heartbeat.interval.ms=15000 (a third of the session timeout), static group membership with "
            + "group.instance.id";
    static final String CHAPTER_CONSUMER = "The scaling chapter broker-tuner grew from, \"Consumer Optimization\" "
            + "(its rules of thumb, not Kafka's documentation): max.poll.records=500, fetch.min.bytes=1024, "
            + "fetch.max.wait.ms=500, processing in batches and in parallel (a worker pool)";
    static final String KIP_345 = "KIP-345, \"Introduce static membership protocol to reduce consumer rebalances\" "
            + "(https://cwiki.apache.org/confluence/display/KAFKA/KIP-345%3A+Introduce+static+membership+protocol+to"
            + "+reduce+consumer+rebalances)";
    static final String KIP_848 = "KIP-848, \"The Next Generation of the Consumer Rebalance Protocol\", generally "
            + "available in Kafka 4.0: group.protocol=consumer on clients 4.0 or later, the coordinator assigns "
            + "incrementally (https://cwiki.apache.org/confluence/display/KAFKA/KIP-848%3A+The+Next+Generation+of+the"
            + "+Consumer+Rebalance+Protocol); Kafka group configs consumer.session.timeout.ms and "
            + "consumer.heartbeat.interval.ms, defaults from the broker's group.consumer.session.timeout.ms and "
            + "group.consumer.heartbeat.interval.ms (https://kafka.apache.org/43/configuration/group-configs/)";
    static final String KAFKA_CONSUMER_CONFIGS = "Kafka 4.0 consumer configs (group.instance.id, session.timeout.ms, "
            + "heartbeat.interval.ms, max.poll.interval.ms, max.poll.records, group.protocol) "
            + "(https://kafka.apache.org/40/configuration/consumer-configs)";
    static final String KAFKA_INTRO_CONSUMERS = "Kafka documentation, Introduction, \"Consumers\": each record is "
            + "delivered to one consumer instance within each subscribing group, and consumption divides the "
            + "partitions over the group's instances, so a group puts at most one consumer to work per partition "
            + "(https://kafka.apache.org/documentation/#intro_consumers)";

    private GroupSources() {
    }
}
