package dev.brokertuner.report;

/**
 * Bytes a broker holds in one data dir ({@code describeLogDirs}), against the mount's capacity.
 *
 * @param path        the data dir
 * @param bytes       bytes of partition data Kafka reports there
 * @param totalBytes  filesystem capacity, null when unknown
 * @param usableBytes filesystem free bytes, null when unknown
 * @param error       set when the broker reported the dir offline or in error
 */
public record LogDirUsage(String path, Long bytes, Long totalBytes, Long usableBytes, String error) {
}
