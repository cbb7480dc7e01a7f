package dev.brokertuner.collector.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reports topic as {@code broker-tuner-collector topic create} makes it: partitions bound how many collectors
 * share the load (one partition is consumed by one group member), replication and {@code min.insync.replicas 2}
 * (with three or more replicas) so an acknowledged report survives a broker's loss, a retention of a few days (the
 * topic is a buffer: the store keeps the history), {@code compression.type producer} (the agents compress with
 * zstd) and {@code cleanup.policy delete}.
 *
 * @param name              the topic
 * @param partitions        partitions (default 12)
 * @param replicationFactor replicas of each partition (default 3)
 * @param retentionHours    how long records stay (default 72)
 */
public record TopicSpec(String name, int partitions, short replicationFactor, int retentionHours) {
    public static final int DEFAULT_PARTITIONS = 12;
    public static final short DEFAULT_REPLICATION = 3;
    public static final int DEFAULT_RETENTION_HOURS = 72;

    public TopicSpec {
        if (!name.matches("[A-Za-z0-9._-]{1,249}") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a Kafka topic name (1-249 of letters, digits, "
                    + "'.', '_', '-')");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be 1-10000, got " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > 32) {
            throw new IllegalArgumentException("replication factor must be 1-32, got " + replicationFactor);
        }
        if (retentionHours < 1 || retentionHours > 24 * 365) {
            throw new IllegalArgumentException("retention must be 1-8760 hours, got " + retentionHours);
        }
    }

    /** The topic-level configs it sets. */
    public Map<String, String> configs() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("retention.ms", Long.toString(retentionHours * 3_600_000L));
        c.put("cleanup.policy", "delete");
        c.put("compression.type", "producer");
        if (replicationFactor >= 3) {
            c.put("min.insync.replicas", "2");
        }
        return c;
    }
}
