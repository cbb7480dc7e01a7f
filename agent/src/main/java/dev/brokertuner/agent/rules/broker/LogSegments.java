package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.LogDirUsage;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Estimates how many log segments a broker holds, the way Kafka's documentation sizes file descriptors and map
 * areas: one active segment per partition plus the bytes on disk divided by {@code log.segment.bytes} (the docs'
 * partitions x partition size / segment size, summed). Needs the partition count (JMX); without the bytes per data
 * dir it counts only the active segments, a lower bound. Used by the host rules that become exact with a broker.
 *
 * @param segments       estimated segments
 * @param partitions     partitions with a replica here
 * @param segmentBytes   {@code log.segment.bytes} used
 * @param segmentDefault true when {@code log.segment.bytes} was not read and Kafka's 1 GiB default was assumed
 * @param dataBytes      bytes in the data dirs, null when not read
 * @param explanation    the arithmetic, for a rationale
 */
public record LogSegments(long segments, long partitions, long segmentBytes, boolean segmentDefault, Long dataBytes,
                          String explanation) {
    /** Kafka's default {@code log.segment.bytes}, 1 GiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 1L << 30;

    /** The estimate, or empty when the broker was not read or its partition count is unknown. */
    public static Optional<LogSegments> of(BrokerFacts broker) {
        if (broker == null || !broker.ok() || broker.metrics().partitionCount() == null
                || broker.metrics().partitionCount() < 0) {
            return Optional.empty();
        }
        long partitions = broker.metrics().partitionCount();
        ConfigValue seg = broker.configs().get("log.segment.bytes");
        OptionalLong parsed = seg == null ? OptionalLong.empty() : Units.parseLong(seg.value());
        boolean segDefault = parsed.isEmpty() || parsed.getAsLong() <= 0;
        long segmentBytes = segDefault ? DEFAULT_SEGMENT_BYTES : parsed.getAsLong();
        Long dataBytes = null;
        for (LogDirUsage u : broker.logDirs()) {
            if (u.bytes() != null) {
                dataBytes = (dataBytes == null ? 0 : dataBytes) + u.bytes();
            }
        }
        if (dataBytes != null) {
            long rolled = (dataBytes + segmentBytes - 1) / segmentBytes;
            long segments = partitions + rolled;
            return Optional.of(new LogSegments(segments, partitions, segmentBytes, segDefault, dataBytes,
                    "Segments: " + partitions + " partitions (one active segment each) + " + Units.bytes(dataBytes)
                            + " on disk / " + Units.bytes(segmentBytes) + " per segment (" + rolled + ") = "
                            + segments + " (the Kafka docs' partitions x partition size / segment size, summed over "
                            + "partitions)."));
        }
        return Optional.of(new LogSegments(partitions, partitions, segmentBytes, segDefault, null,
                "Segments: at least " + partitions + " (one per partition; log dir sizes unknown, so older segments "
                        + "are not counted)."));
    }

    /** {@code 1073741824} or {@code 1073741824 (default)}. */
    public String segmentBytesText() {
        return segmentBytes + (segmentDefault ? " (default)" : "");
    }
}
