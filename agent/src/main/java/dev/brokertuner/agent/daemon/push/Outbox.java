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
 * entry is either wholly there or not at all (leftover temp files are deleted on open). Bounded by count and bytes:
 * when full, the oldest entries are dropped and counted. Thread-safe.
 */
public final class Outbox {
    private static final Pattern NAME = Pattern.compile("(\\d{20})-([A-Za-z0-9._-]{1,100})\\.json\\.gz");

    /** One queued report. */
    public record Entry(long sequence, String reportId, Path file, long bytes) {
    }

    private final Path dir;
    private final int maxReports;
    private final long maxBytes;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long totalBytes;
    private long nextSequence;
    private long dropped;

    private Outbox(Path dir, int maxReports, long maxBytes) {
        this.dir = dir;
        this.maxReports = maxReports;
        this.maxBytes = maxBytes;
    }

    /** Opens (creating when needed) the outbox in {@code dir}, recovering what a previous run left. */
    public static Outbox open(Path dir, int maxReports, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        Outbox box = new Outbox(dir, maxReports, maxBytes);
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
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(gzipBody);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
        entries.addLast(new Entry(seq, reportId, target, gzipBody.length));
        totalBytes += gzipBody.length;
        dropped += droppedNow;
        return droppedNow;
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

    /** Entries dropped because the outbox was full, since this process opened it. */
    public synchronized long dropped() {
        return dropped;
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
