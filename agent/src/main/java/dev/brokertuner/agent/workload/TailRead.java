package dev.brokertuner.agent.workload;

import java.nio.file.Path;

/** What {@link SegmentTail} read from one partition directory: headers, or the reason there are none. */
public sealed interface TailRead permits TailRead.Read, TailRead.Unreadable {

    /** How the read's start position was chosen. */
    enum Start {
        /** From the segment's offset index: the entry closest to {@code size - budget} (at or after it). */
        INDEX,
        /** From byte 0: the segment fits the budget, or the index had no entry in use (or is missing). */
        SEGMENT_START,
        /** From byte 0 because the index pointed at something that is not a batch (a stale or damaged index). */
        INDEX_REJECTED,
        /**
         * The window kept from earlier gatherings ({@link PartitionTails}), with the bytes appended since read; the
         * start position is its first batch's.
         */
        KEPT
    }

    /**
     * The headers read from {@code segment}.
     *
     * @param segment       the {@code .log} file read
     * @param segmentBytes  its size when read
     * @param startPosition where the read started (a batch boundary)
     * @param bytesRead     bytes read from there (at most the budget)
     * @param start         how {@code startPosition} was chosen
     * @param scan          the headers and why the scan stopped
     */
    record Read(Path segment, long segmentBytes, long startPosition, int bytesRead, Start start,
                BatchHeaders.Scan scan) implements TailRead {
        /** True when the bytes read reach the end of the segment as it was when read. */
        public boolean reachedEnd() {
            return startPosition + bytesRead >= segmentBytes;
        }
    }

    /** Nothing could be read: a missing or unreadable directory or file, no segment, not a regular file. */
    record Unreadable(Path path, String reason) implements TailRead {
    }
}
