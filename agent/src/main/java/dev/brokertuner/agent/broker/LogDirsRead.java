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
 * @param partitionBytes bytes per replica (future replicas excluded); empty in the read kept between gatherings
 *                       ({@link #kept()}): only the gathering that read them needs them, and {@code TopicPartitions}
 *                       keeps what the growth needs, so 10,000 replicas are not held twice
 * @param at             when the broker answered
 * @param nanos          the same on the monotonic clock, for the period and the growth between reads
 * @param basis          what the read described, for telling a change
 */
record LogDirsRead(int nodeId, List<LogDirUsage> dirs, Map<String, Long> topicBytes,
                   Map<TopicPartition, Long> partitionBytes, Instant at, long nanos, LogDirsDue.Basis basis) {
    LogDirsRead {
        // the maps are the reader's own, built for this read and never changed after: wrapped, not copied
        dirs = List.copyOf(dirs);
        topicBytes = java.util.Collections.unmodifiableMap(topicBytes);
        partitionBytes = java.util.Collections.unmodifiableMap(partitionBytes);
    }

    /** This read as it is kept for the gatherings after it: without the sizes per replica. */
    LogDirsRead kept() {
        return partitionBytes.isEmpty() ? this
                : new LogDirsRead(nodeId, dirs, topicBytes, Map.of(), at, nanos, basis);
    }

    /** This read with the partition count and offline dirs JMX gave beside it (unknown ones left as they were). */
    LogDirsRead seen(Long partitionCount, Long offlineLogDirs) {
        LogDirsDue.Basis b = basis;
        return new LogDirsRead(nodeId, dirs, topicBytes, partitionBytes, at, nanos, new LogDirsDue.Basis(b.pid(),
                b.processStart(), partitionCount != null ? partitionCount : b.partitionCount(),
                offlineLogDirs != null ? offlineLogDirs : b.offlineLogDirs(), b.dataDirs(), b.topics()));
    }
}
