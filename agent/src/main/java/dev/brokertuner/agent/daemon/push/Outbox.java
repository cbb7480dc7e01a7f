package dev.brokertuner.agent.daemon.push;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's durable queue of reports waiting for the collector: one file per report in {@code outboxDir}, named
 * {@code <sequence>-<reportId>.json.gz} and holding the exact gzip body to POST. An append writes a temp file,
 * fsyncs it, renames it into place atomically and fsyncs the directory, so after a {@code kill -9} or power loss an
 * entry is either wholly there or not at all (leftover temp files are deleted on open, and a failed write deletes its
 * own). Bounded by count and bytes: when full, the oldest entries are dropped and counted. When the disk is full
 * (ENOSPC, quota) the oldest entries are dropped one by one, counted apart, until the newest report fits: the queue
 * keeps the newest reports, not the oldest. A write that fails for any reason leaves the outbox
 * {@linkplain #problem() degraded} with the reason until a write succeeds. Thread-safe.
 */
public final class Outbox {
    private static final Pattern NAME = Pattern.compile("(\\d{20})-([A-Za-z0-9._-]{1,100})\\.json\\.gz");

    /** One queued report. */
    public record Entry(long sequence, String reportId, Path file, long bytes) {
    }

    /** Writes one temp file's bytes durably: the seam a test uses to fail a write the way a full disk does. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path file, byte[] body) throws IOException;

        /** The real writer: write every byte, then fsync. */
        FileWriter DURABLE = (file, body) -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(body);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
        };
    }

    private final Path dir;
    private final int maxReports;
    private final long maxBytes;
    private final FileWriter writer;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long totalBytes;
    private long nextSequence;
    private long dropped;
    private long droppedForSpace;
    private String problem;

    private Outbox(Path dir, int maxReports, long maxBytes, FileWriter writer) {
        this.dir = dir;
        this.maxReports = maxReports;
        this.maxBytes = maxBytes;
        this.writer = writer;
    }

    /** Opens (creating when needed) the outbox in {@code dir}, recovering what a previous run left. */
    public static Outbox open(Path dir, int maxReports, long maxBytes) throws IOException {
        return open(dir, maxReports, maxBytes, FileWriter.DURABLE);
    }

    /** As {@link #open(Path, int, long)}, writing files through {@code writer}. */
    public static Outbox open(Path dir, int maxReports, long maxBytes, FileWriter writer) throws IOException {
        Files.createDirectories(dir);
        Outbox box = new Outbox(dir, maxReports, maxBytes, writer);
        List<Entry> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (m.matches()) {
                    found.add(new Entry(Long.parseLong(m.group(1)), m.group(2), f, Files.size(f)));
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        for (Entry e : found) {
            box.entries.addLast(e);
            box.totalBytes += e.bytes();
        }
        box.nextSequence = found.isEmpty() ? 1 : found.get(found.size() - 1).sequence() + 1;
        if (!Files.isWritable(dir)) {
            box.problem = "the outbox " + dir + " is not writable: reports cannot be queued for the collector";
        }
        return box;
    }

    /**
     * Appends a report durably, dropping the oldest entries first when the bounds would be exceeded.
     *
     * @return how many entries were dropped to make room
     */
    public synchronized int append(String reportId, byte[] gzipBody) throws IOException {
        if (!reportId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("report id not usable as a file name: " + reportId);
        }
        int droppedNow = 0;
        while (!entries.isEmpty()
                && (entries.size() + 1 > maxReports || totalBytes + gzipBody.length > maxBytes)) {
            removeFile(entries.pollFirst());
            droppedNow++;
        }
        long seq = nextSequence++;
        Path target = dir.resolve(String.format("%020d-%s.json.gz", seq, reportId));
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        int droppedForSpaceNow = 0;
        while (true) {
            try {
                writeAndRename(tmp, target, gzipBody);
                break;
            } catch (IOException e) {
                deleteQuietly(tmp);
                if (!noSpace(e) || entries.isEmpty()) {
                    dropped += droppedNow + droppedForSpaceNow;
                    droppedForSpace += droppedForSpaceNow;
                    problem = "cannot queue reports in " + dir + ": " + reason(e)
                            + (noSpace(e) ? " (the outbox is empty: nothing left to drop)" : "");
                    throw e;
                }
                removeFile(entries.pollFirst());
                droppedForSpaceNow++;
            }
        }
        syncDirectory();
        problem = null;
        droppedForSpace += droppedForSpaceNow;
        droppedNow += droppedForSpaceNow;
        entries.addLast(new Entry(seq, reportId, target, gzipBody.length));
        totalBytes += gzipBody.length;
        dropped += droppedNow;
        return droppedNow;
    }

    private void writeAndRename(Path tmp, Path target, byte[] body) throws IOException {
        writer.write(tmp, body);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** True for the errors that dropping older entries can cure: the disk or the quota is full. */
    static boolean noSpace(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left on device") || m.contains("Disk quota exceeded");
    }

    private static String reason(IOException e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + m + ")";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return m.isEmpty() ? kind : m;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a read-only or vanished directory: nothing was written there either
        }
    }

    /**
     * Why the outbox cannot queue reports, when the last write failed (or the directory is not writable at open);
     * empty once a write succeeds.
     */
    public synchronized Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The oldest entry, if any. */
    public synchronized Optional<Entry> peek() {
        return Optional.ofNullable(entries.peekFirst());
    }

    /** The body of an entry. */
    public byte[] read(Entry entry) throws IOException {
        return Files.readAllBytes(entry.file());
    }

    /** Removes a delivered (or rejected) entry; a no-op when it was already dropped. */
    public synchronized void remove(Entry entry) throws IOException {
        if (entries.remove(entry)) {
            removeFile(entry);
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long bytes() {
        return totalBytes;
    }

    /** Entries dropped because the outbox was full or the disk was, since this process opened it. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Of {@link #dropped()}, those dropped because the disk was full, to make room for a newer report. */
    public synchronized long droppedForSpace() {
        return droppedForSpace;
    }

    public Path dir() {
        return dir;
    }

    private void removeFile(Entry e) throws IOException {
        totalBytes -= e.bytes();
        Files.deleteIfExists(e.file());
    }

    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems refuse to open a directory for fsync; the rename itself is still atomic.
        }
    }
}
