package dev.brokertuner.report;

import java.time.Instant;

/**
 * Bytes a broker holds in one data dir ({@code describeLogDirs}), against the mount's capacity.
 *
 * @param path        the data dir
 * @param bytes       bytes of partition data Kafka reports there
 * @param totalBytes  filesystem capacity, null when unknown
 * @param usableBytes filesystem free bytes, null when unknown
 * @param error       set when the broker reported the dir offline or in error
 * @param readAt      when {@code describeLogDirs} answered with these figures: the daemon reads it every
 *                    {@code broker.logDirsSeconds} (or sooner on a change) and carries the last read in between,
 *                    so this can be earlier than the report's {@code at}; two reports with the same {@code readAt}
 *                    hold one read, not two. Null when not said (hand-built facts, older agents)
 */
public record LogDirUsage(String path, Long bytes, Long totalBytes, Long usableBytes, String error, Instant readAt) {
    /** Without the read's time (not said). */
    public LogDirUsage(String path, Long bytes, Long totalBytes, Long usableBytes, String error) {
        this(path, bytes, totalBytes, usableBytes, error, null);
    }
}
