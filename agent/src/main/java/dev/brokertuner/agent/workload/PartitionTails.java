package dev.brokertuner.agent.workload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Each sampled partition's batch-header window, kept across gatherings (one per {@link ProducerWorkload}, so one per
 * broker gatherer): the active segment read last time, its inode, where the scan stopped (the end of its last whole
 * batch) and the headers of the batches that start within the last {@code budget} bytes before that point. The window
 * covers what a full read by {@link SegmentTail} covers (the batches in the last {@code budget} bytes of the active
 * segment; a full read starts at the first index entry within them, so up to one {@code log.index.interval.bytes},
 * 4 KiB by default, later), so the sample's medians and p90 keep their meaning: on the next gathering only the bytes
 * appended since are read, their headers added, and those that no longer start within the last {@code budget} bytes
 * dropped. When more bytes were appended than the budget, the kept segment is read again from its index
 * ({@link How#INDEXED}), without listing the directory.
 *
 * <p>The directory is listed again (a full read, as {@link SegmentTail#read}) when anything may have changed which
 * file is the active segment or what it holds ({@link How}): the directory's mtime changed (a roll, a delete, a
 * compaction's swap all add, rename or remove entries; appends do not), or was within {@link #RACY_MILLIS} of the
 * clock when it was read (file timestamps come from a coarse clock, so a change in the same tick would keep the
 * mtime), the remembered file is gone, another inode, shorter than the point read up to (a truncation), the last kept
 * batch's header no longer matches (a truncation followed by appends), the budget grew, the new bytes do not parse as batches, or the last
 * full read could not be kept (its scan ended in a preallocated segment's zero fill or in bytes that are no batch;
 * or a just-rolled empty active segment was passed over, whose appends the directory's mtime would not show). Each file
 * is opened and closed within the call, as in {@link SegmentTail}. State for partitions not sampled in a gathering is
 * dropped ({@link #retain}).
 */
final class PartitionTails {
    /**
     * A directory mtime within this many milliseconds of the clock when the directory was read is not trusted on the
     * next gathering: 2 s covers the coarsest timestamps of the filesystems a broker's data dirs sit on.
     */
    static final long RACY_MILLIS = 2_000;

    /** How a partition's window was had this gathering. */
    enum How {
        /** Nothing kept for the partition: first gathering, newly sampled, or the last read could not be kept. */
        FULL_FIRST,
        /** The directory's mtime changed, or was too recent to trust: listed again. */
        FULL_DIR_CHANGED,
        /** The directory or the remembered segment is gone (or could not be looked at). */
        FULL_GONE,
        /** The remembered segment's path now holds another file (another inode). */
        FULL_REPLACED,
        /** The segment is shorter than the point read up to. */
        FULL_TRUNCATED,
        /** The last kept batch's header changed, or the new bytes are not batches. */
        FULL_OVERWRITTEN,
        /**
         * More bytes were appended since than the partition's budget (the usual case for a busy partition at the
         * daemon's 30 s interval): the kept segment read again from its index, as a full read does, without listing
         * the directory (it has not changed, so the segment is still the active one).
         */
        INDEXED,
        /** The partition's budget is larger than the kept window's. */
        FULL_BUDGET_GREW,
        /** Nothing appended since: the kept window, no byte read. */
        UNCHANGED,
        /** The bytes appended since were read and added to the kept window. */
        APPENDED
    }

    /**
     * One partition's read this gathering.
     *
     * @param read    the headers (the kept window and the new ones), or why there are none
     * @param how     how they were had
     * @param covered the segment bytes the window spans (what a full read would have read): the sampler's budget is
     *                charged by this, so the partitions sampled are the same as with full reads
     */
    record Tail(TailRead read, How how, long covered) {
    }

    /** What is kept of one partition; {@code indexUsed} the index entries last found in use (0: not searched). */
    private record Kept(Path log, Object fileKey, FileTime dirMtime, boolean dirTrusted, int budget, long end,
                        List<BatchHeader> window, long indexUsed) {
    }

    private final Map<Path, Kept> kept = new HashMap<>();
    private final LongSupplier wallMillis;

    PartitionTails() {
        this(System::currentTimeMillis);
    }

    /** @param wallMillis the clock file timestamps are compared with */
    PartitionTails(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    /** Partitions with a kept window (for tests and the harness). */
    int size() {
        return kept.size();
    }

    /** The first of {@code roots}' {@code name} dirs with a kept window, or null. */
    Path kept(List<Path> roots, String name) {
        for (Path r : roots) {
            Path d = r.resolve(name);
            if (kept.containsKey(d)) {
                return d;
            }
        }
        return null;
    }

    /** Drops the state of every partition dir not in {@code sampled}. */
    void retain(Set<Path> sampled) {
        kept.keySet().retainAll(sampled);
    }

    /** The batch headers at the tail of {@code dir}'s active segment within {@code budget} bytes. */
    Tail read(Path dir, int budget, int maxBatchLength) {
        Kept k = kept.remove(dir);
        if (k == null) {
            return full(dir, budget, maxBatchLength, How.FULL_FIRST);
        }
        BasicFileAttributes d;
        BasicFileAttributes f;
        try {
            d = Files.readAttributes(dir, BasicFileAttributes.class);
            if (!k.dirTrusted() || !d.lastModifiedTime().equals(k.dirMtime())) {
                return full(dir, budget, maxBatchLength, How.FULL_DIR_CHANGED);
            }
            f = Files.readAttributes(k.log(), BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return full(dir, budget, maxBatchLength, How.FULL_GONE);
        }
        if (!f.isRegularFile() || !Objects.equals(f.fileKey(), k.fileKey())) {
            return full(dir, budget, maxBatchLength, How.FULL_REPLACED);
        }
        long size = f.size();
        if (size < k.end()) {
            return full(dir, budget, maxBatchLength, How.FULL_TRUNCATED);
        }
        if (budget > k.budget()) {
            return full(dir, budget, maxBatchLength, How.FULL_BUDGET_GREW);
        }
        if (size - k.end() > budget) {
            try {
                SegmentTail.Seeked seeked = SegmentTail.readSegment(k.log(), budget, maxBatchLength, k.indexUsed());
                TailRead r = seeked.read();
                if (r instanceof TailRead.Read read) {
                    keep(dir, k.dirMtime(), true, budget, read, seeked.indexUsed());
                }
                return new Tail(r, How.INDEXED, r instanceof TailRead.Read read ? read.bytesRead() : 0);
            } catch (IOException | RuntimeException e) {
                return full(dir, budget, maxBatchLength, How.FULL_GONE);
            }
        }
        if (size == k.end()) {
            Kept now = budget == k.budget() ? k : trimmed(k, budget, k.end(), List.of());
            kept.put(dir, now);
            return tail(now, size, 0, null, How.UNCHANGED);
        }
        try (FileChannel ch = FileChannel.open(k.log(), StandardOpenOption.READ)) {
            if (!k.window().isEmpty()) {
                BatchHeader last = k.window().get(k.window().size() - 1);
                List<BatchHeader> again = BatchHeaders.parse(read(ch, last.position(), BatchHeaders.HEADER_BYTES),
                        last.position(), maxBatchLength).batches();
                if (again.isEmpty() || !again.get(0).equals(last)) {
                    return full(dir, budget, maxBatchLength, How.FULL_OVERWRITTEN);
                }
            }
            ByteBuffer appended = read(ch, k.end(), (int) (size - k.end()));
            int bytes = appended.remaining();
            BatchHeaders.Scan scan = BatchHeaders.parse(appended, k.end(), maxBatchLength);
            if (!(scan.end() instanceof BatchHeaders.End.Complete
                    || scan.end() instanceof BatchHeaders.End.Truncated)) {
                return full(dir, budget, maxBatchLength, How.FULL_OVERWRITTEN);
            }
            long end = scan.end().position();
            BatchHeader partial = null;
            List<BatchHeader> whole = new ArrayList<>(scan.batches());
            if (!whole.isEmpty() && whole.get(whole.size() - 1).position() >= end) {
                partial = whole.remove(whole.size() - 1);
            }
            Kept now = trimmed(k, budget, end, whole);
            kept.put(dir, now);
            return tail(now, size, bytes + (k.window().isEmpty() ? 0 : BatchHeaders.HEADER_BYTES), partial,
                    How.APPENDED);
        } catch (IOException | RuntimeException e) {
            return full(dir, budget, maxBatchLength, How.FULL_GONE);
        }
    }

    /** {@code k} with {@code added} appended, up to {@code end}, keeping the batches that start in the last budget. */
    private static Kept trimmed(Kept k, int budget, long end, List<BatchHeader> added) {
        List<BatchHeader> window = new ArrayList<>(k.window().size() + added.size());
        for (BatchHeader h : k.window()) {
            if (h.position() >= end - budget) {
                window.add(h);
            }
        }
        window.addAll(added);
        return new Kept(k.log(), k.fileKey(), k.dirMtime(), true, budget, end, List.copyOf(window), k.indexUsed());
    }

    private static Tail tail(Kept k, long size, int bytesRead, BatchHeader partial, How how) {
        List<BatchHeader> headers = k.window();
        if (partial != null) {
            headers = new ArrayList<>(headers);
            headers.add(partial);
        }
        long from = k.window().isEmpty() ? k.end() : k.window().get(0).position();
        BatchHeaders.End end = partial == null ? new BatchHeaders.End.Complete(k.end())
                : new BatchHeaders.End.Truncated(partial.position(), partial.sizeInBytes(), size - partial.position(),
                true);
        return new Tail(new TailRead.Read(k.log(), size, from, bytesRead, TailRead.Start.KEPT,
                new BatchHeaders.Scan(headers, end)), how, Math.min(k.budget(), size - from));
    }

    private Tail full(Path dir, int budget, int maxBatchLength, How how) {
        long now = wallMillis.getAsLong();
        BasicFileAttributes d = null;
        try {
            // the directory's mtime before it is listed: a change during or after the listing shows next time
            d = Files.readAttributes(dir, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            // SegmentTail says why
        }
        SegmentTail.Listed listed = SegmentTail.readListed(dir, budget, maxBatchLength);
        TailRead r = listed.read();
        if (d != null && listed.newest() && r instanceof TailRead.Read read) {
            keep(dir, d.lastModifiedTime(), now - d.lastModifiedTime().toMillis() > RACY_MILLIS, budget, read, 0);
        }
        return new Tail(r, how, r instanceof TailRead.Read read ? read.bytesRead() : 0);
    }

    /**
     * Keeps {@code read}'s window up to where its scan stopped at a batch boundary (the segment's end, or where the
     * budget ran out inside a batch: a read from the index's last entry can stop short of the end); not a scan that
     * ended in zero fill (a preallocated segment, whose size never grows) or in bytes that are no batch.
     */
    private void keep(Path dir, FileTime dirMtime, boolean trusted, int budget, TailRead.Read read, long indexUsed) {
        if (!(read.scan().end() instanceof BatchHeaders.End.Complete
                || read.scan().end() instanceof BatchHeaders.End.Truncated)) {
            return;
        }
        try {
            // a busy segment has grown since it was read: the window still ends where the scan stopped
            BasicFileAttributes f = Files.readAttributes(read.segment(), BasicFileAttributes.class);
            long end = read.scan().end().position();
            if (f.fileKey() == null || !f.isRegularFile() || f.size() < end) {
                return;
            }
            List<BatchHeader> window = read.scan().batches().stream().filter(h -> h.position() < end).toList();
            kept.put(dir, new Kept(read.segment(), f.fileKey(), dirMtime, trusted, budget, end, window, indexUsed));
        } catch (IOException | RuntimeException e) {
            // not kept: read in full next time
        }
    }

    private static ByteBuffer read(FileChannel ch, long from, int want) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(want);
        while (buf.hasRemaining()) {
            if (ch.read(buf, from + buf.position()) < 0) {
                break;
            }
        }
        return buf.flip();
    }
}
