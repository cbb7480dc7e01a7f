package dev.brokertuner.agent.workload;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses record batch v2 headers from bytes of a log segment ({@code <log.dir>/<topic>-<partition>/<base>.log}) that
 * start at a batch boundary, and walks from batch to batch by {@code batchLength} without decoding any payload: only
 * the 61 header bytes of each batch are looked at, the records after them are skipped.
 *
 * <p>A scan never throws on what it reads. It ends with an {@link End} saying why: the bytes ran out exactly at a
 * batch boundary ({@link End.Complete}), in the middle of a batch ({@link End.Truncated}; when the batch's whole
 * header was present it is still returned, the rest of the batch lies beyond the bytes given), zero fill from a
 * preallocated segment ({@link End.ZeroFill}), a v0/v1 message set ({@link End.Legacy}), another magic byte
 * ({@link End.UnknownMagic}), or a length or count no broker writes ({@link End.Nonsense}: negative, shorter than a
 * header, or above the cap). The cap only guards against garbage: skipping a large real batch costs nothing, since
 * its bytes are never read.
 *
 * <p>The CRC is reported, not verified: verifying it would read every payload byte.
 */
public final class BatchHeaders {
    /** Bytes before {@code batchLength} counts: baseOffset (8) and batchLength (4). */
    public static final int LOG_OVERHEAD = 12;
    /** Bytes of a v2 batch header, up to and including {@code recordsCount}. */
    public static final int HEADER_BYTES = 61;
    /** The smallest {@code batchLength} a v2 batch can have (a header and no records). */
    public static final int MIN_BATCH_LENGTH = HEADER_BYTES - LOG_OVERHEAD;
    /**
     * Default cap on {@code batchLength}: 128 MiB, far above {@code message.max.bytes} (1 MiB by default) and the
     * largest values operators set; anything above it is taken for garbage.
     */
    public static final int DEFAULT_MAX_BATCH_LENGTH = 128 << 20;

    private static final int MAGIC_AT = 16;

    private BatchHeaders() {
    }

    /** The headers found and why the scan stopped. */
    public record Scan(List<BatchHeader> batches, End end) {
        public Scan {
            batches = List.copyOf(batches);
        }
    }

    /** Why a scan stopped; {@link #position()} is the byte position where it did. */
    public sealed interface End permits End.Complete, End.Truncated, End.ZeroFill, End.Legacy, End.UnknownMagic,
            End.Nonsense {
        /** Byte position (in the file, or the buffer) where the scan stopped. */
        long position();

        /** One line for a report or a log. */
        String reason();

        /** The bytes ended exactly after the last batch. */
        record Complete(long position) implements End {
            @Override
            public String reason() {
                return "ended at a batch boundary at " + position;
            }
        }

        /**
         * The bytes ended inside a batch: {@code available} of its {@code needed} bytes were there.
         * {@code headerIncluded} is true when its whole header was present and it is the last of the batches.
         */
        record Truncated(long position, long needed, long available, boolean headerIncluded) implements End {
            @Override
            public String reason() {
                return "bytes end inside the batch at " + position + " (" + available + " of " + needed + " bytes"
                        + (headerIncluded ? ", header read" : "") + ")";
            }
        }

        /** Zeroes where the next batch should start: a preallocated segment's unwritten end. */
        record ZeroFill(long position) implements End {
            @Override
            public String reason() {
                return "zero fill from " + position + " (preallocated, not yet written)";
            }
        }

        /** A v0 or v1 message set (magic 0 or 1), written by or for clients before Kafka 0.11. */
        record Legacy(long position, byte magic) implements End {
            @Override
            public String reason() {
                return "legacy message set (magic " + magic + ") at " + position + ": not read";
            }
        }

        /** A magic byte other than 0, 1 or 2: not a batch this parser knows, or not a batch boundary. */
        record UnknownMagic(long position, byte magic) implements End {
            @Override
            public String reason() {
                return "unknown magic " + magic + " at " + position;
            }
        }

        /** A length or count no broker writes: the bytes are not a batch (or not at a batch boundary). */
        record Nonsense(long position, String detail) implements End {
            @Override
            public String reason() {
                return detail + " at " + position;
            }
        }
    }

    /** Parses {@code bytes} as starting at position 0, with the default cap. */
    public static Scan parse(byte[] bytes) {
        return parse(ByteBuffer.wrap(bytes), 0, DEFAULT_MAX_BATCH_LENGTH);
    }

    /**
     * Parses the remaining bytes of {@code buffer} (its position and limit are left alone); {@code basePosition} is
     * the file position of the buffer's first remaining byte, used for the positions reported.
     *
     * @param maxBatchLength the largest {@code batchLength} taken for real
     */
    public static Scan parse(ByteBuffer buffer, long basePosition, int maxBatchLength) {
        ByteBuffer b = buffer.slice().order(ByteOrder.BIG_ENDIAN);
        int limit = b.limit();
        List<BatchHeader> batches = new ArrayList<>();
        int at = 0;
        while (true) {
            long pos = basePosition + at;
            int left = limit - at;
            if (left == 0) {
                return new Scan(batches, new End.Complete(pos));
            }
            if (left < LOG_OVERHEAD) {
                return new Scan(batches, new End.Truncated(pos, LOG_OVERHEAD, left, false));
            }
            long baseOffset = b.getLong(at);
            int batchLength = b.getInt(at + 8);
            if (baseOffset == 0 && batchLength == 0) {
                return new Scan(batches, new End.ZeroFill(pos));
            }
            if (batchLength < 0 || batchLength > maxBatchLength) {
                return new Scan(batches, new End.Nonsense(pos, batchLength < 0 ? "negative batchLength " + batchLength
                        : "batchLength " + batchLength + " above the cap of " + maxBatchLength));
            }
            long whole = LOG_OVERHEAD + (long) batchLength;
            if (left <= MAGIC_AT) {
                return new Scan(batches, new End.Truncated(pos, whole, left, false));
            }
            byte magic = b.get(at + MAGIC_AT);
            if (magic == 0 || magic == 1) {
                return new Scan(batches, new End.Legacy(pos, magic));
            }
            if (magic != 2) {
                return new Scan(batches, new End.UnknownMagic(pos, magic));
            }
            if (batchLength < MIN_BATCH_LENGTH) {
                return new Scan(batches, new End.Nonsense(pos, "batchLength " + batchLength
                        + " shorter than a v2 header (" + MIN_BATCH_LENGTH + ")"));
            }
            if (left < HEADER_BYTES) {
                return new Scan(batches, new End.Truncated(pos, whole, left, false));
            }
            BatchHeader h = new BatchHeader(pos, baseOffset, batchLength, b.getInt(at + 12), magic,
                    Integer.toUnsignedLong(b.getInt(at + 17)), b.getShort(at + 21), b.getInt(at + 23),
                    b.getLong(at + 27), b.getLong(at + 35), b.getLong(at + 43), b.getShort(at + 51),
                    b.getInt(at + 53), b.getInt(at + 57));
            if (h.lastOffsetDelta() < 0 || h.recordsCount() < 0) {
                return new Scan(batches, new End.Nonsense(pos, "negative lastOffsetDelta " + h.lastOffsetDelta()
                        + " or recordsCount " + h.recordsCount()));
            }
            batches.add(h);
            if (whole > left) {
                return new Scan(batches, new End.Truncated(pos, whole, left, true));
            }
            at += (int) whole;
        }
    }
}
