package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SegmentTail over hand-built partition directories: index seeks, zero-filled and stale indexes, unreadable input. */
class SegmentTailTest {
    @TempDir
    Path dir;

    private static final String BASE = "00000000000000001000";

    /** 100 batches of 1 record and 500 payload bytes (561 bytes each); an index entry every 8 batches. */
    private List<Long> writeSegment(Path partition, String base, int zeroEntries) throws IOException {
        Files.createDirectories(partition);
        Batches b = new Batches();
        List<Long> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i > 0 && i % 8 == 0) {
                entries.add((long) i * 561);
            }
            b.batch(1000 + i, 0, 1, 500, -1);
        }
        Files.write(partition.resolve(base + ".log"), b.bytes());
        ByteBuffer index = ByteBuffer.allocate((entries.size() + zeroEntries) * 8);
        for (long p : entries) {
            index.putInt((int) (p / 561)).putInt((int) p);
        }
        Files.write(partition.resolve(base + ".index"), index.array());
        return entries;
    }

    @Test
    void seeksThroughTheIndexToTheEndWithinTheBudget() throws IOException {
        Path p = dir.resolve("t-0");
        writeSegment(p, BASE, 0);
        TailRead r = SegmentTail.read(p, 10_000);
        assertThat(r).isInstanceOf(TailRead.Read.class);
        TailRead.Read read = (TailRead.Read) r;
        // size 56,100: the first entry at or after 46,100 is batch 88 at 49,368
        assertThat(read.start()).isEqualTo(TailRead.Start.INDEX);
        assertThat(read.startPosition()).isEqualTo(88L * 561);
        assertThat(read.bytesRead()).isEqualTo(12 * 561);
        assertThat(read.reachedEnd()).isTrue();
        assertThat(read.scan().batches()).hasSize(12);
        assertThat(read.scan().batches().get(11).baseOffset()).isEqualTo(1099);
        assertThat(read.scan().end()).isInstanceOf(BatchHeaders.End.Complete.class);
        assertThat(read.segment().getFileName().toString()).isEqualTo(BASE + ".log");
    }

    @Test
    void aSegmentThatFitsTheBudgetIsReadWholeWithoutTheIndex() throws IOException {
        Path p = dir.resolve("t-7");
        writeSegment(p, BASE, 0);
        TailRead.Read read = (TailRead.Read) SegmentTail.read(p, 56_100);
        assertThat(read.start()).isEqualTo(TailRead.Start.SEGMENT_START);
        assertThat(read.scan().batches()).hasSize(100);
        assertThat(read.scan().end()).isEqualTo(new BatchHeaders.End.Complete(56_100));
    }

    @Test
    void aPreallocatedZeroFilledIndexIsSearchedForItsLastEntry() throws IOException {
        Path p = dir.resolve("t-1");
        writeSegment(p, BASE, 8000);
        TailRead.Read read = (TailRead.Read) SegmentTail.read(p, 2_000);
        // the first entry at or after 54,100 does not exist: the last one in use (batch 96) is taken
        assertThat(read.start()).isEqualTo(TailRead.Start.INDEX);
        assertThat(read.startPosition()).isEqualTo(96L * 561);
        // 2,000 bytes hold 3 whole batches and the header of a fourth, whose records lie past the budget
        assertThat(read.scan().batches()).extracting(BatchHeader::baseOffset)
                .containsExactly(1096L, 1097L, 1098L, 1099L);
        assertThat(read.scan().end()).isEqualTo(new BatchHeaders.End.Truncated(99L * 561, 561, 317, true));
        assertThat(read.reachedEnd()).isFalse();
    }

    @Test
    void aPreallocatedSegmentIsReadAgainFromWhereItsZeroFillStarts() throws IOException {
        Path p = dir.resolve("t-8");
        writeSegment(p, BASE, 100);
        Files.write(p.resolve(BASE + ".log"), new byte[(1 << 20) - 56_100], StandardOpenOption.APPEND);
        TailRead.Read read = (TailRead.Read) SegmentTail.read(p, 10_000);
        // the last entry (batch 96) gave 4 batches and zero fill at 56,100; the entry at or after 46,100 is batch 88
        assertThat(read.segmentBytes()).isEqualTo(1 << 20);
        assertThat(read.start()).isEqualTo(TailRead.Start.INDEX);
        assertThat(read.startPosition()).isEqualTo(88L * 561);
        assertThat(read.scan().batches()).hasSize(12);
        assertThat(read.scan().end()).isEqualTo(new BatchHeaders.End.ZeroFill(56_100));
    }

    @Test
    void aFifoWhereTheActiveSegmentShouldBeIsRefused() throws Exception {
        Path p = dir.resolve("t-9");
        writeSegment(p, "00000000000000000000", 0);
        Path fifo = p.resolve(BASE + ".log");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        assertThat(SegmentTail.read(p, 4096)).isEqualTo(new TailRead.Unreadable(fifo, "not a regular file"));
    }

    @Test
    void withoutAnIndexEntryTheScanStartsAtTheSegmentStartWithinTheBudget() throws IOException {
        Path p = dir.resolve("t-2");
        writeSegment(p, BASE, 0);
        Files.write(p.resolve(BASE + ".index"), new byte[8 * 100]);
        TailRead.Read zeroIndex = (TailRead.Read) SegmentTail.read(p, 1_200);
        assertThat(zeroIndex.start()).isEqualTo(TailRead.Start.SEGMENT_START);
        assertThat(zeroIndex.startPosition()).isZero();
        assertThat(zeroIndex.bytesRead()).isEqualTo(1_200);
        assertThat(zeroIndex.scan().batches()).extracting(BatchHeader::baseOffset).containsExactly(1000L, 1001L, 1002L);

        Files.delete(p.resolve(BASE + ".index"));
        assertThat(((TailRead.Read) SegmentTail.read(p, 1_200)).start()).isEqualTo(TailRead.Start.SEGMENT_START);
    }

    @Test
    void anIndexPointingAtNoBatchIsRejected() throws IOException {
        Path p = dir.resolve("t-3");
        writeSegment(p, BASE, 0);
        // a stale index: its entry points into the middle of a batch
        Files.write(p.resolve(BASE + ".index"), ByteBuffer.allocate(8).putInt(90).putInt(90 * 561 + 100).array());
        TailRead.Read read = (TailRead.Read) SegmentTail.read(p, 2_000);
        assertThat(read.start()).isEqualTo(TailRead.Start.INDEX_REJECTED);
        assertThat(read.startPosition()).isZero();
        assertThat(read.scan().batches()).hasSize(4);

        // an entry beyond the end of the log is not used
        Files.write(p.resolve(BASE + ".index"), ByteBuffer.allocate(8).putInt(90).putInt(1 << 30).array());
        assertThat(((TailRead.Read) SegmentTail.read(p, 2_000)).start()).isEqualTo(TailRead.Start.SEGMENT_START);
    }

    @Test
    void theActiveSegmentIsTheHighestBaseOffsetAndAnEmptyOneIsPassedOver() throws IOException {
        Path p = dir.resolve("t-4");
        writeSegment(p, "00000000000000000000", 0);
        writeSegment(p, BASE, 0);
        Files.writeString(p.resolve("00000000000000005000.log.deleted"), "gone");
        Files.writeString(p.resolve("leader-epoch-checkpoint"), "0\n");
        assertThat(((TailRead.Read) SegmentTail.read(p, 2_000)).segment().getFileName().toString())
                .isEqualTo(BASE + ".log");
        Files.createFile(p.resolve("00000000000000002000.log"));
        Files.write(p.resolve("00000000000000002000.index"), new byte[800]);
        assertThat(((TailRead.Read) SegmentTail.read(p, 2_000)).segment().getFileName().toString())
                .isEqualTo(BASE + ".log");
    }

    @Test
    void unreadableInputIsAReason() throws IOException {
        assertThat(SegmentTail.read(dir.resolve("missing"), 4096))
                .isEqualTo(new TailRead.Unreadable(dir.resolve("missing"), "no such directory"));
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(SegmentTail.read(file, 4096)).isEqualTo(new TailRead.Unreadable(file, "not a directory"));
        Path empty = Files.createDirectories(dir.resolve("t-5"));
        assertThat(SegmentTail.read(empty, 4096)).isEqualTo(new TailRead.Unreadable(empty, "no log segment"));
        Path dirAsLog = Files.createDirectories(dir.resolve("t-6").resolve(BASE + ".log"));
        assertThat(SegmentTail.read(dirAsLog.getParent(), 4096))
                .isEqualTo(new TailRead.Unreadable(dirAsLog, "not a regular file"));
    }
}
