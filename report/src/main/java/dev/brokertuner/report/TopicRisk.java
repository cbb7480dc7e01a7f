package dev.brokertuner.report;

import java.util.List;

/**
 * Topics whose replication leaves no room for one broker failure, from the metadata walk of the broker with the
 * lowest node id ({@code describeTopics} for the replication factor, {@code describeConfigs} of each topic for
 * {@code min.insync.replicas}): replication factor 1 (one broker down takes the partition offline, one disk lost loses
 * it), or {@code min.insync.replicas} at or above the replication factor (one replica down and producers with
 * {@code acks=all} get {@code NotEnoughReplicas}).
 *
 * @param topicsChecked topics read (internal ones excluded)
 * @param atRiskTopics  how many of them are at risk
 * @param minIsrKnown   false when the topics' {@code min.insync.replicas} could not be read (only replication factor
 *                      1 was judged)
 * @param examples      at most {@link #MAX_EXAMPLES} of the at-risk topics, by name
 */
public record TopicRisk(int topicsChecked, int atRiskTopics, boolean minIsrKnown, List<Topic> examples) {
    /** How many at-risk topics a report names. */
    public static final int MAX_EXAMPLES = 20;

    public TopicRisk {
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /**
     * One topic's replication.
     *
     * @param name              topic name
     * @param replicationFactor the smallest replica count of its partitions
     * @param minInsyncReplicas its {@code min.insync.replicas}, null when not read
     */
    public record Topic(String name, int replicationFactor, Integer minInsyncReplicas) {
    }
}
