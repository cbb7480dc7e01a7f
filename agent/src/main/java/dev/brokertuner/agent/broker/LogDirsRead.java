package dev.brokertuner.agent.broker;

import dev.brokertuner.report.LogDirUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One successful {@code describeLogDirs} of one broker, kept by {@link AdminReader} and carried into the gatherings
 * until the next read is due ({@link LogDirsDue}).
 *
 * @param nodeId         the broker read
 * @param dirs           bytes per data dir with the filesystem's capacity, each with {@code readAt}
 * @param topicBytes     bytes per topic in those dirs
 * @param partitionBytes bytes per replica (future replicas excluded)
 * @param at             when the broker answered
 * @param nanos          the same on the monotonic clock, for the period and the growth between reads
 * @param basis          what the read described, for telling a change
 */
record LogDirsRead(int nodeId, List<LogDirUsage> dirs, Map<String, Long> topicBytes,
                   Map<TopicPartition, Long> partitionBytes, Instant at, long nanos, LogDirsDue.Basis basis) {
    LogDirsRead {
        dirs = List.copyOf(dirs);
        topicBytes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(topicBytes));
        partitionBytes = Map.copyOf(partitionBytes);
    }
}
