package dev.brokertuner.agent.workload;

/**
 * The 61-byte header of one record batch v2 (magic 2) as it lies in a log segment, big-endian; payloads are never
 * decoded. {@code position} is the batch's byte position in the file it was read from (or in the buffer when parsed
 * without a file), so a caller can tell which part of a segment was sampled.
 *
 * @param position             byte position of the batch's first byte
 * @param baseOffset           offset of the first record
 * @param batchLength          bytes after the length field; the whole batch is {@code 12 + batchLength}
 * @param partitionLeaderEpoch leader epoch the batch was appended under
 * @param magic                always 2 here (legacy message sets end a scan instead)
 * @param crc                  CRC-32C as stored (unsigned, not verified: verifying would read the payload)
 * @param attributes           raw attributes (codec, timestamp type, transactional, control, delete horizon)
 * @param lastOffsetDelta      offset of the last record minus {@code baseOffset}
 * @param baseTimestamp        first timestamp (ms)
 * @param maxTimestamp         largest timestamp (ms)
 * @param producerId           -1 unless the producer is idempotent or transactional
 * @param producerEpoch        producer epoch (-1 without a producer id)
 * @param baseSequence         first sequence number (-1 without a producer id)
 * @param recordsCount         records in the batch (fewer than {@code lastOffsetDelta + 1} after compaction)
 */
public record BatchHeader(long position, long baseOffset, int batchLength, int partitionLeaderEpoch, byte magic,
                          long crc, short attributes, int lastOffsetDelta, long baseTimestamp, long maxTimestamp,
                          long producerId, short producerEpoch, int baseSequence, int recordsCount) {
    /** Attribute bit 3: the timestamps are the broker's append time, not the producer's create time. */
    public static final int TIMESTAMP_TYPE_BIT = 1 << 3;
    /** Attribute bit 4: written by a transactional producer. */
    public static final int TRANSACTIONAL_BIT = 1 << 4;
    /** Attribute bit 5: a control batch (a transaction marker), not data. */
    public static final int CONTROL_BIT = 1 << 5;
    /** Attribute bit 6: the batch carries a delete horizon (set by the log cleaner). */
    public static final int DELETE_HORIZON_BIT = 1 << 6;

    /** The codec from attribute bits 0-2. */
    public Codec codec() {
        return Codec.ofId(attributes);
    }

    /** True when bit 4 is set. */
    public boolean transactional() {
        return (attributes & TRANSACTIONAL_BIT) != 0;
    }

    /** True when bit 5 is set: a commit or abort marker, not produced data. */
    public boolean control() {
        return (attributes & CONTROL_BIT) != 0;
    }

    /** True when bit 3 is set ({@code message.timestamp.type=LogAppendTime}). */
    public boolean logAppendTime() {
        return (attributes & TIMESTAMP_TYPE_BIT) != 0;
    }

    /** True when bit 6 is set. */
    public boolean hasDeleteHorizon() {
        return (attributes & DELETE_HORIZON_BIT) != 0;
    }

    /** True when the producer had a producer id (idempotent or transactional). */
    public boolean idempotent() {
        return producerId >= 0;
    }

    /** Bytes the whole batch takes on disk: {@code 12 + batchLength}. */
    public long sizeInBytes() {
        return BatchHeaders.LOG_OVERHEAD + (long) batchLength;
    }

    /** The offset of the last record. */
    public long lastOffset() {
        return baseOffset + lastOffsetDelta;
    }
}
