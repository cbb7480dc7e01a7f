package dev.brokertuner.agent.workload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the batch headers at the end of one partition's active segment, bounded by a byte budget.
 *
 * <p>In the partition directory ({@code <log.dir>/<topic>-<partition>}) the active segment is the {@code .log} with the
 * highest base offset (names are 20-digit offsets; {@code .deleted}, {@code .cleaned} and {@code .swap} files are not
 * segments). A just-rolled active segment that is still empty is passed over for the one before it. Its offset index
 * ({@code <base>.index}: 8-byte entries, relative offset int32 and byte position int32, one per
 * {@code log.index.interval.bytes} appended) gives batch boundaries: the read starts at the first entry whose position
 * is at or after {@code size - budget}, so the window reaches the end of the segment, or at the last entry when all
 * lie before that. The active segment's index is preallocated and zero-filled after its last entry; a broker never
 * indexes position 0 (the first append of a segment is never indexed), so the entries in use are those with a
 * position above 0, found by binary search in a few 8-byte reads, not by reading the whole (up to 10 MiB) index.
 *
 * <p>A segment preallocated to {@code segment.bytes} ({@code log.preallocate=true}) is as large as it will ever be and
 * zero-filled after its data: when the first read ends in zero fill with budget to spare, the entry is looked up
 * again for a window ending where the zero fill starts, and the segment read once more from there.
 *
 * <p>A segment no larger than the budget is read whole from byte 0, without the index.
 * Without a usable entry the read starts at byte 0 and covers at most the budget: the first batches of the segment
 * rather than the last ones, but a batch boundary. Reading "the last {@code budget} bytes" instead would land in the
 * middle of a batch. When the index points at something that does not parse as a batch (a stale or damaged index), the
 * read is redone from byte 0 ({@link TailRead.Start#INDEX_REJECTED}).
 *
 * <p>Each file is opened, read with positional reads and closed within the call: the agent never holds a broker's
 * segment open (that would keep deleted segments' disk space allocated). Anything unreadable comes back as
 * {@link TailRead.Unreadable} with its reason, never as an exception. FIFOs and devices are refused.
 */
public final class SegmentTail {
    /** Default byte budget per partition: 64 KiB, about 4 full 16 KiB batches, or dozens of small ones. */
    public static final int DEFAULT_BUDGET = 64 << 10;

    private static final Pattern SEGMENT = Pattern.compile("\\d{20}\\.log");
    private static final int INDEX_ENTRY = 8;

    private SegmentTail() {
    }

    /** {@link #read(Path, int, int)} with the default batch-length cap. */
    public static TailRead read(Path partitionDir, int budgetBytes) {
        return read(partitionDir, budgetBytes, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
    }

    /**
     * Reads at most {@code budgetBytes} of the active segment of {@code partitionDir} and parses the headers there.
     *
     * @param budgetBytes    the most bytes read from the segment (at least {@link BatchHeaders#HEADER_BYTES})
     * @param maxBatchLength batch lengths above this end the scan as nonsense
     */
    public static TailRead read(Path partitionDir, int budgetBytes, int maxBatchLength) {
        return readListed(partitionDir, budgetBytes, maxBatchLength).read();
    }

    /**
     * A full read and whether the segment read is the highest base offset in the directory ({@code false} when a
     * just-rolled empty active segment was passed over: appends to it later do not change the directory's mtime).
     */
    record Listed(TailRead read, boolean newest) {
        static Listed unreadable(Path path, String reason) {
            return new Listed(new TailRead.Unreadable(path, reason), false);
        }
    }

    /** {@link #read(Path, int, int)}, saying whether the segment read is the newest one ({@link PartitionTails}). */
    static Listed readListed(Path partitionDir, int budgetBytes, int maxBatchLength) {
        if (budgetBytes < BatchHeaders.HEADER_BYTES) {
            throw new IllegalArgumentException("budget " + budgetBytes + " is smaller than one batch header");
        }
        if (!Files.isDirectory(partitionDir)) {
            return Listed.unreadable(partitionDir, Files.exists(partitionDir) ? "not a directory"
                    : "no such directory");
        }
        List<Path> segments;
        try {
            segments = segments(partitionDir);
        } catch (IOException | RuntimeException e) {
            return Listed.unreadable(partitionDir, "cannot list: " + e);
        }
        if (segments.isEmpty()) {
            return Listed.unreadable(partitionDir, "no log segment");
        }
        Path log = segments.get(0);
        try {
            for (Path s : segments) {
                log = s;
                if (!Files.isRegularFile(s)) {
                    return Listed.unreadable(s, "not a regular file");
                }
                if (Files.size(s) > 0) {
                    break;
                }
            }
            return new Listed(readSegment(log, budgetBytes, maxBatchLength, 0).read(), log.equals(segments.get(0)));
        } catch (IOException | RuntimeException e) {
            return Listed.unreadable(log, e.toString());
        }
    }

    /**
     * A read of one segment and the index entries found in use (0 when the index was not searched): entries are only
     * appended while a segment is active, so the count bounds the next search from below.
     */
    record Seeked(TailRead read, long indexUsed) {
    }

    /**
     * The tail of one segment file: as {@link #read(Path, int, int)} once the active segment is known.
     *
     * @param usedAtLeast index entries known to be in use from an earlier search of the same file (0 for none)
     */
    static Seeked readSegment(Path log, int budgetBytes, int maxBatchLength, long usedAtLeast) throws IOException {
        long size = Files.size(log);
        Path index = indexOf(log);
        // a segment that fits the budget is read whole; only a larger one needs the index
        Seek seek = size <= budgetBytes ? new Seek(0, 0) : indexSeek(index, size, budgetBytes, usedAtLeast);
        return new Seeked(readSegment(log, index, size, seek.position(), budgetBytes, maxBatchLength), seek.used());
    }

    private static TailRead readSegment(Path log, Path index, long size, long fromIndex, int budgetBytes,
                                        int maxBatchLength) throws IOException {
        if (fromIndex == 0) {
            return readAt(log, 0, budgetBytes, maxBatchLength, TailRead.Start.SEGMENT_START);
        }
        TailRead.Read r = readAt(log, fromIndex, budgetBytes, maxBatchLength, TailRead.Start.INDEX);
        if (r.scan().batches().isEmpty() && r.bytesRead() > 0) {
            return readAt(log, 0, budgetBytes, maxBatchLength, TailRead.Start.INDEX_REJECTED);
        }
        if (r.scan().end() instanceof BatchHeaders.End.ZeroFill z && z.position() - fromIndex < budgetBytes) {
            // a preallocated segment: its size is not its end, the zero fill is; seek again from there
            long again = indexPosition(index, z.position(), budgetBytes);
            if (again > 0 && again < fromIndex) {
                TailRead.Read closer = readAt(log, again, budgetBytes, maxBatchLength, TailRead.Start.INDEX);
                if (!closer.scan().batches().isEmpty()) {
                    return closer;
                }
            }
        }
        return r;
    }

    /** The segments' {@code .log} files, highest base offset first. */
    static List<Path> segments(Path dir) throws IOException {
        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (SEGMENT.matcher(f.getFileName().toString()).matches()) {
                    logs.add(f);
                }
            }
        }
        logs.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return logs;
    }

    private static Path indexOf(Path log) {
        String name = log.getFileName().toString();
        return log.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".index");
    }

    /**
     * The byte position to start reading {@code log} at, from its offset index: the first entry in use with a position
     * at or after {@code logSize - budget}, else the last entry in use; 0 when the index is missing, not a regular
     * file, has no entry in use, or its entry lies beyond the log's end.
     */
    static long indexPosition(Path index, long logSize, int budget) throws IOException {
        return indexSeek(index, logSize, budget, 0).position();
    }

    /** The position {@link #indexPosition} gives, and the entries in use. */
    record Seek(long position, long used) {
    }

    /**
     * {@link #indexPosition}, the search for the entries in use starting at {@code usedAtLeast} when that entry is
     * still in use (galloping forward: a few reads for the entries a gathering adds, not a search over the whole
     * preallocated index); a count the index no longer has (truncated) is ignored.
     */
    static Seek indexSeek(Path index, long logSize, int budget, long usedAtLeast) throws IOException {
        if (!Files.isRegularFile(index)) {
            return new Seek(0, 0);
        }
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.READ)) {
            long entries = ch.size() / INDEX_ENTRY;
            ByteBuffer entry = ByteBuffer.allocate(INDEX_ENTRY).order(ByteOrder.BIG_ENDIAN);
            // entries in use are a prefix with positions above 0; the zero fill follows
            long lo = 0;
            long hi = entries;
            if (usedAtLeast > 0 && usedAtLeast <= entries && position(ch, entry, usedAtLeast - 1) > 0) {
                // entries [0, known) are in use; the first unused one is at most known + step - 1
                long known = usedAtLeast;
                long step = 1;
                while (known + step - 1 < entries && position(ch, entry, known + step - 1) > 0) {
                    known += step;
                    step <<= 1;
                }
                lo = known;
                hi = Math.min(entries, known + step - 1);
            }
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (position(ch, entry, mid) > 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            long used = lo;
            if (used == 0) {
                return new Seek(0, 0);
            }
            long target = Math.max(0, logSize - budget);
            // the entry sought lies a budget's worth of bytes before the end, a few entries back: gallop back from
            // the last one (2 log2 of the distance in reads) before the binary search, not over the whole prefix
            lo = 0;
            hi = used;
            long step = 1;
            long probe = used - 1;
            while (probe > 0 && position(ch, entry, probe) >= target) {
                hi = probe;
                probe = Math.max(0, used - 1 - (step <<= 1));
            }
            lo = probe;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                if (position(ch, entry, mid) < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            long p = position(ch, entry, lo < used ? lo : used - 1);
            return new Seek(p > 0 && p < logSize ? p : 0, used);
        }
    }

    private static long position(FileChannel ch, ByteBuffer entry, long i) throws IOException {
        entry.clear();
        long at = i * INDEX_ENTRY;
        while (entry.hasRemaining()) {
            if (ch.read(entry, at + entry.position()) < 0) {
                return 0;
            }
        }
        return Integer.toUnsignedLong(entry.getInt(4));
    }

    private static TailRead.Read readAt(Path log, long from, int budget, int maxBatchLength, TailRead.Start start)
            throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            int want = (int) Math.max(0, Math.min(budget, size - from));
            ByteBuffer buf = ByteBuffer.allocate(want);
            while (buf.hasRemaining()) {
                if (ch.read(buf, from + buf.position()) < 0) {
                    break;
                }
            }
            buf.flip();
            return new TailRead.Read(log, size, from, buf.remaining(), start,
                    BatchHeaders.parse(buf, from, maxBatchLength));
        }
    }
}
