package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PartitionTails over a partition dir shaped like a broker's (a segment of real v2 batch headers and its offset
 * index): the kept window, the appended bytes read, and every case that falls back to a full read.
 */
class PartitionTailsTest {
    @TempDir
    Path dir;

    private static final String BASE = "00000000000000001000";
    private static final int BATCH = 561;
    private static final int BUDGET = 10_000;

    private Path p;
    private Path log;
    private final PartitionTails tails = new PartitionTails();

    /** 100 batches of 1 record and 500 payload bytes (561 bytes each), an index entry every 8; the dir an hour old. */
    @BeforeEach
    void segment() throws IOException {
        p = Files.createDirectories(dir.resolve("t-0"));
        log = p.resolve(BASE + ".log");
        Batches b = new Batches();
        ByteBuffer index = ByteBuffer.allocate(12 * 8);
        for (int i = 0; i < 100; i++) {
            if (i > 0 && i % 8 == 0) {
                index.putInt(i).putInt(i * BATCH);
            }
            b.batch(1000 + i, 0, 1, 500, -1);
        }
        Files.write(log, b.bytes());
        Files.write(p.resolve(BASE + ".index"), index.array());
        age(p);
    }

    /** Sets {@code d}'s mtime an hour back, as a partition dir looks between rolls. */
    private static void age(Path d) throws IOException {
        Files.setLastModifiedTime(d, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    }

    private static void append(Path file, long firstOffset, int batches) throws IOException {
        Batches b = new Batches();
        for (int i = 0; i < batches; i++) {
            b.batch(firstOffset + i, 0, 1, 500, -1);
        }
        Files.write(file, b.bytes(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private PartitionTails.Tail read(int budget) {
        return tails.read(p, budget, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
    }

    private static List<Long> offsets(TailRead r) {
        return ((TailRead.Read) r).scan().batches().stream().map(BatchHeader::baseOffset).toList();
    }

    /** What a full read of the dir gives now, for comparison. */
    private List<Long> fullRead(int budget) {
        return offsets(SegmentTail.read(p, budget));
    }

    @Test
    void aSecondGatheringReadsOnlyTheAppendedBytesAndKeepsTheFullReadsWindow() throws IOException {
        PartitionTails.Tail first = read(BUDGET);
        assertThat(first.how()).isEqualTo(PartitionTails.How.FULL_FIRST);
        assertThat(offsets(first.read())).isEqualTo(fullRead(BUDGET)).hasSize(12);
        assertThat(first.covered()).isEqualTo(12 * BATCH);

        PartitionTails.Tail same = read(BUDGET);
        assertThat(same.how()).isEqualTo(PartitionTails.How.UNCHANGED);
        assertThat(((TailRead.Read) same.read()).bytesRead()).isZero();
        assertThat(((TailRead.Read) same.read()).start()).isEqualTo(TailRead.Start.KEPT);
        assertThat(offsets(same.read())).isEqualTo(offsets(first.read()));
        assertThat(same.covered()).isEqualTo(first.covered());

        append(log, 1100, 5);
        PartitionTails.Tail grown = read(BUDGET);
        assertThat(grown.how()).isEqualTo(PartitionTails.How.APPENDED);
        // the 5 new batches and the last kept batch's header, checked again
        assertThat(((TailRead.Read) grown.read()).bytesRead()).isEqualTo(5 * BATCH + BatchHeaders.HEADER_BYTES);
        // the window slides as a full read's would: batches 88..104, those starting in the last 10,000 bytes
        assertThat(offsets(grown.read())).isEqualTo(fullRead(BUDGET)).hasSize(17).startsWith(1088L).endsWith(1104L);
        assertThat(((TailRead.Read) grown.read()).scan().end()).isEqualTo(new BatchHeaders.End.Complete(105L * BATCH));
        assertThat(tails.size()).isEqualTo(1);
    }

    @Test
    void aPartlyWrittenLastBatchIsReadAgainOnceWhole() throws IOException {
        read(BUDGET);
        byte[] next = Batches.bytes(1100, 0, 1, 500, -1, (byte) 2);
        Files.write(log, java.util.Arrays.copyOf(next, 200), StandardOpenOption.APPEND);
        PartitionTails.Tail part = read(BUDGET);
        assertThat(part.how()).isEqualTo(PartitionTails.How.APPENDED);
        // its header was there, as in a full read
        assertThat(offsets(part.read())).isEqualTo(fullRead(BUDGET)).endsWith(1100L);
        assertThat(((TailRead.Read) part.read()).scan().end())
                .isEqualTo(new BatchHeaders.End.Truncated(100L * BATCH, BATCH, 200, true));

        Files.write(log, java.util.Arrays.copyOfRange(next, 200, next.length), StandardOpenOption.APPEND);
        PartitionTails.Tail whole = read(BUDGET);
        assertThat(whole.how()).isEqualTo(PartitionTails.How.APPENDED);
        assertThat(offsets(whole.read())).isEqualTo(fullRead(BUDGET)).endsWith(1100L);
        assertThat(((TailRead.Read) whole.read()).scan().end()).isEqualTo(new BatchHeaders.End.Complete(101L * BATCH));
    }

    @Test
    void aRollChangesTheDirAndTheNewSegmentIsRead() throws IOException {
        read(BUDGET);
        Path rolled = p.resolve("00000000000000001100.log");
        append(rolled, 1100, 3);
        Files.write(p.resolve("00000000000000001100.index"), new byte[80]);
        PartitionTails.Tail t = read(BUDGET);
        assertThat(t.how()).isEqualTo(PartitionTails.How.FULL_DIR_CHANGED);
        assertThat(((TailRead.Read) t.read()).segment()).isEqualTo(rolled);
        assertThat(offsets(t.read())).containsExactly(1100L, 1101L, 1102L);
    }

    @Test
    void aDirChangedJustBeforeItWasListedIsListedAgain() throws IOException {
        long mtime = Files.getLastModifiedTime(p).toMillis();
        PartitionTails racy = new PartitionTails(() -> mtime + PartitionTails.RACY_MILLIS / 2);
        assertThat(racy.read(p, BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH).how())
                .isEqualTo(PartitionTails.How.FULL_FIRST);
        assertThat(racy.read(p, BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH).how())
                .isEqualTo(PartitionTails.How.FULL_DIR_CHANGED);
        // a dir mtime ahead of the clock (skew) is not trusted either
        PartitionTails ahead = new PartitionTails(() -> mtime - 60_000);
        ahead.read(p, BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
        assertThat(ahead.read(p, BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH).how())
                .isEqualTo(PartitionTails.How.FULL_DIR_CHANGED);
    }

    @Test
    void theRememberedSegmentGoneIsAFullRead() throws IOException {
        read(BUDGET);
        FileTime mtime = Files.getLastModifiedTime(p);
        Files.delete(log);
        append(p.resolve("00000000000000000000.log"), 0, 2);
        // as if the changes fell in the same timestamp tick as the listing
        Files.setLastModifiedTime(p, mtime);
        PartitionTails.Tail t = read(BUDGET);
        assertThat(t.how()).isEqualTo(PartitionTails.How.FULL_GONE);
        assertThat(offsets(t.read())).containsExactly(0L, 1L);
    }

    @Test
    void anotherFileUnderTheSameNameIsAFullRead() throws IOException {
        read(BUDGET);
        FileTime mtime = Files.getLastModifiedTime(p);
        Path other = dir.resolve("other.log");
        append(other, 5000, 3);
        Files.move(other, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(p, mtime);
        PartitionTails.Tail t = read(BUDGET);
        assertThat(t.how()).isEqualTo(PartitionTails.How.FULL_REPLACED);
        assertThat(offsets(t.read())).containsExactly(5000L, 5001L, 5002L);
    }

    @Test
    void aTruncatedSegmentIsAFullRead() throws IOException {
        read(BUDGET);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(50L * BATCH);
        }
        PartitionTails.Tail t = read(BUDGET);
        assertThat(t.how()).isEqualTo(PartitionTails.How.FULL_TRUNCATED);
        assertThat(offsets(t.read())).isEqualTo(fullRead(BUDGET)).endsWith(1049L);
    }

    @Test
    void aTruncationFollowedByOtherAppendsIsSeenInTheLastKeptHeader() throws IOException {
        read(BUDGET);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(90L * BATCH);
        }
        append(log, 7090, 15);
        PartitionTails.Tail t = read(BUDGET);
        assertThat(t.how()).isEqualTo(PartitionTails.How.FULL_OVERWRITTEN);
        assertThat(offsets(t.read())).isEqualTo(fullRead(BUDGET)).endsWith(7104L);
    }

    @Test
    void appendedBytesThatAreNoBatchAreAFullRead() throws IOException {
        read(BUDGET);
        Files.write(log, new byte[]{0, 0, 0, 0, 0, 0, 0, 1, -1, -1, -1, -1, 9, 9, 9, 9, 9, 9, 9, 9},
                StandardOpenOption.APPEND);
        assertThat(read(BUDGET).how()).isEqualTo(PartitionTails.How.FULL_OVERWRITTEN);
    }

    @Test
    void moreAppendedThanTheBudgetIsReadFromTheIndexWithoutListingTheDir() throws IOException {
        read(BUDGET);
        append(log, 1100, 20);
        // the broker's index gains its entries for the new batches
        Files.write(p.resolve(BASE + ".index"), ByteBuffer.allocate(16).putInt(104).putInt(104 * BATCH)
                .putInt(112).putInt(112 * BATCH).array(), StandardOpenOption.APPEND);
        PartitionTails.Tail t = read(BUDGET);
        assertThat(t.how()).isEqualTo(PartitionTails.How.INDEXED);
        assertThat(((TailRead.Read) t.read()).start()).isEqualTo(TailRead.Start.INDEX);
        assertThat(offsets(t.read())).isEqualTo(fullRead(BUDGET)).startsWith(1104L).endsWith(1119L);
        // kept again: the next appends are read alone
        append(log, 1120, 2);
        assertThat(read(BUDGET).how()).isEqualTo(PartitionTails.How.APPENDED);
        // and the index searched from the entries found in use last time
        append(log, 1122, 20);
        Files.write(p.resolve(BASE + ".index"), ByteBuffer.allocate(24).putInt(120).putInt(120 * BATCH)
                .putInt(128).putInt(128 * BATCH).putInt(136).putInt(136 * BATCH).array(), StandardOpenOption.APPEND);
        PartitionTails.Tail again = read(BUDGET);
        assertThat(again.how()).isEqualTo(PartitionTails.How.INDEXED);
        assertThat(offsets(again.read())).isEqualTo(fullRead(BUDGET)).startsWith(1128L).endsWith(1141L);
    }

    @Test
    void aLargerBudgetIsAFullReadAndASmallerOneTrimsTheWindow() throws IOException {
        read(BUDGET);
        assertThat(read(2 * BUDGET).how()).isEqualTo(PartitionTails.How.FULL_BUDGET_GREW);
        PartitionTails.Tail smaller = read(2_000);
        assertThat(smaller.how()).isEqualTo(PartitionTails.How.UNCHANGED);
        // the batches that start in the last 2,000 bytes: 97, 98, 99 (a full read from the index's last entry, 96,
        // has one more, since it starts before that)
        assertThat(offsets(smaller.read())).containsExactly(1097L, 1098L, 1099L);
        assertThat(smaller.covered()).isEqualTo(3 * BATCH);
    }

    @Test
    void aReadThatStopsShortOfTheEndIsKeptUpToWhereItStopped() throws IOException {
        // no usable index entry: the read covers the segment's first batches, not its tail
        Files.write(p.resolve(BASE + ".index"), new byte[8 * 100]);
        age(p);
        PartitionTails.Tail first = read(1_200);
        assertThat(first.how()).isEqualTo(PartitionTails.How.FULL_FIRST);
        assertThat(tails.size()).isEqualTo(1);
        // far more than the budget lies after where it stopped: the segment is read again as a full read does
        PartitionTails.Tail again = read(1_200);
        assertThat(again.how()).isEqualTo(PartitionTails.How.INDEXED);
        assertThat(offsets(again.read())).isEqualTo(fullRead(1_200)).isEqualTo(offsets(first.read()))
                .containsExactly(1000L, 1001L, 1002L);
    }

    @Test
    void aPreallocatedSegmentIsNotKept() throws IOException {
        Files.write(log, new byte[(1 << 20) - 100 * BATCH], StandardOpenOption.APPEND);
        read(BUDGET);
        assertThat(read(BUDGET).how()).isEqualTo(PartitionTails.How.FULL_FIRST);
        assertThat(tails.size()).isZero();
    }

    @Test
    void aPassedOverEmptyActiveSegmentIsNotKept() throws IOException {
        Files.createFile(p.resolve("00000000000000001100.log"));
        age(p);
        PartitionTails.Tail t = read(BUDGET);
        assertThat(((TailRead.Read) t.read()).segment()).isEqualTo(log);
        // its first appends would not change the dir: it is listed every time until it has data
        append(p.resolve("00000000000000001100.log"), 1100, 1);
        PartitionTails.Tail next = read(BUDGET);
        assertThat(next.how()).isEqualTo(PartitionTails.How.FULL_FIRST);
        assertThat(offsets(next.read())).containsExactly(1100L);
    }

    @Test
    void anUnreadableDirIsItsReasonAndNotKept() throws IOException {
        read(BUDGET);
        Path gone = dir.resolve("t-1");
        assertThat(tails.read(gone, BUDGET, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH).read())
                .isEqualTo(new TailRead.Unreadable(gone, "no such directory"));
        try (var files = Files.list(p)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(p);
        PartitionTails.Tail t = read(BUDGET);
        assertThat(t.how()).isEqualTo(PartitionTails.How.FULL_GONE);
        assertThat(t.read()).isEqualTo(new TailRead.Unreadable(p, "no such directory"));
        assertThat(tails.size()).isZero();
    }

    @Test
    void partitionsNoLongerSampledAreDropped() {
        read(BUDGET);
        assertThat(tails.size()).isEqualTo(1);
        tails.retain(Set.of(dir.resolve("t-9")));
        assertThat(tails.size()).isZero();
        assertThat(read(BUDGET).how()).isEqualTo(PartitionTails.How.FULL_FIRST);
    }
}
