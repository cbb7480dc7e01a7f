package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchHeadersTest {

    @Test
    void readsEveryHeaderFieldAndWalksByBatchLength() {
        byte[] bytes = new Batches().batch(100, 0, 3, 40, -1).batch(103, 0, 5, 200, 9).bytes();
        BatchHeaders.Scan scan = BatchHeaders.parse(bytes);
        assertThat(scan.end()).isEqualTo(new BatchHeaders.End.Complete(bytes.length));
        assertThat(scan.batches()).hasSize(2);
        BatchHeader first = scan.batches().get(0);
        assertThat(first).isEqualTo(new BatchHeader(0, 100, 49 + 40, 7, (byte) 2, 0xCAFEBABEL, (short) 0, 2,
                1_700_000_000_000L, 1_700_000_000_500L, -1, (short) -1, -1, 3));
        assertThat(first.sizeInBytes()).isEqualTo(61 + 40);
        assertThat(first.lastOffset()).isEqualTo(102);
        assertThat(first.idempotent()).isFalse();
        BatchHeader second = scan.batches().get(1);
        assertThat(second.position()).isEqualTo(61 + 40);
        assertThat(second.baseOffset()).isEqualTo(103);
        assertThat(second.recordsCount()).isEqualTo(5);
        assertThat(second.producerId()).isEqualTo(9);
        assertThat(second.producerEpoch()).isEqualTo((short) 3);
        assertThat(second.baseSequence()).isEqualTo(42);
        assertThat(second.idempotent()).isTrue();
    }

    @Test
    void everyCodecBit() {
        Batches b = new Batches();
        for (int id = 0; id < 8; id++) {
            b.batch(id, id, 1, 10, -1);
        }
        assertThat(BatchHeaders.parse(b.bytes()).batches()).extracting(BatchHeader::codec).containsExactly(
                Codec.NONE, Codec.GZIP, Codec.SNAPPY, Codec.LZ4, Codec.ZSTD, Codec.UNKNOWN, Codec.UNKNOWN,
                Codec.UNKNOWN);
        assertThat(Arrays.stream(Codec.values()).map(Codec::label))
                .containsExactly("none", "gzip", "snappy", "lz4", "zstd", "unknown");
    }

    @Test
    void transactionalControlAndOtherAttributeBits() {
        int zstdTxn = 4 | BatchHeader.TRANSACTIONAL_BIT;
        int marker = BatchHeader.TRANSACTIONAL_BIT | BatchHeader.CONTROL_BIT;
        int appendTime = 3 | BatchHeader.TIMESTAMP_TYPE_BIT | BatchHeader.DELETE_HORIZON_BIT;
        var batches = BatchHeaders.parse(new Batches().batch(0, zstdTxn, 10, 30, 5).batch(10, marker, 1, 0, 5)
                .batch(11, appendTime, 2, 8, -1).bytes()).batches();
        assertThat(batches.get(0).transactional()).isTrue();
        assertThat(batches.get(0).control()).isFalse();
        assertThat(batches.get(0).codec()).isEqualTo(Codec.ZSTD);
        assertThat(batches.get(1).transactional()).isTrue();
        assertThat(batches.get(1).control()).isTrue();
        assertThat(batches.get(1).codec()).isEqualTo(Codec.NONE);
        assertThat(batches.get(2).transactional()).isFalse();
        assertThat(batches.get(2).control()).isFalse();
        assertThat(batches.get(2).logAppendTime()).isTrue();
        assertThat(batches.get(2).hasDeleteHorizon()).isTrue();
        assertThat(batches.get(2).codec()).isEqualTo(Codec.LZ4);
    }

    @Test
    void aTruncatedTailStopsCleanlyAtEveryCut() {
        byte[] whole = new Batches().batch(0, 0, 2, 50, -1).batch(2, 1, 4, 80, -1).bytes();
        int second = 61 + 50;
        for (int cut = second; cut < whole.length; cut++) {
            BatchHeaders.Scan scan = BatchHeaders.parse(Arrays.copyOf(whole, cut));
            if (cut == second) {
                assertThat(scan.end()).isEqualTo(new BatchHeaders.End.Complete(second));
                assertThat(scan.batches()).hasSize(1);
                continue;
            }
            assertThat(scan.end()).as("cut at %d", cut).isInstanceOf(BatchHeaders.End.Truncated.class);
            BatchHeaders.End.Truncated t = (BatchHeaders.End.Truncated) scan.end();
            assertThat(t.position()).isEqualTo(second);
            assertThat(t.available()).isEqualTo(cut - second);
            boolean header = cut - second >= BatchHeaders.HEADER_BYTES;
            assertThat(t.headerIncluded()).as("cut at %d", cut).isEqualTo(header);
            // a batch whose header is whole is returned even though its records lie beyond the bytes given
            assertThat(scan.batches()).hasSize(header ? 2 : 1);
        }
    }

    @Test
    void legacyMessageSetsAreReportedNotParsed() {
        for (byte magic : new byte[] {0, 1}) {
            byte[] bytes = new Batches().batch(0, 0, 1, 10, -1).raw(Batches.bytes(1, 0, 1, 10, -1, magic)).bytes();
            BatchHeaders.Scan scan = BatchHeaders.parse(bytes);
            assertThat(scan.batches()).hasSize(1);
            assertThat(scan.end()).isEqualTo(new BatchHeaders.End.Legacy(71, magic));
            assertThat(scan.end().reason()).contains("legacy message set (magic " + magic + ")");
        }
    }

    @Test
    void anUnknownMagicEndsTheScan() {
        BatchHeaders.Scan scan = BatchHeaders.parse(Batches.bytes(0, 0, 1, 10, -1, (byte) 3));
        assertThat(scan.batches()).isEmpty();
        assertThat(scan.end()).isEqualTo(new BatchHeaders.End.UnknownMagic(0, (byte) 3));
    }

    @Test
    void hugeNegativeAndShortLengthsEndTheScanWithAReason() {
        byte[] huge = new Batches().batch(0, 0, 1, 10, -1).batch(1, 0, 1, 10, -1).bytes();
        ByteBuffer.wrap(huge).putInt(71 + 8, 0x7FFF_FFF0);
        BatchHeaders.Scan scan = BatchHeaders.parse(huge);
        assertThat(scan.batches()).hasSize(1);
        assertThat(scan.end()).isInstanceOf(BatchHeaders.End.Nonsense.class);
        assertThat(scan.end().position()).isEqualTo(71);
        assertThat(scan.end().reason()).contains("above the cap of " + BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);

        // a custom cap: a real 1 KiB batch is nonsense under a 512-byte cap
        byte[] kib = new Batches().batch(0, 0, 1, 1024, -1).bytes();
        assertThat(BatchHeaders.parse(ByteBuffer.wrap(kib), 4096, 512).end())
                .isInstanceOf(BatchHeaders.End.Nonsense.class).extracting(BatchHeaders.End::position).isEqualTo(4096L);

        byte[] negative = Batches.bytes(0, 0, 1, 10, -1, (byte) 2);
        ByteBuffer.wrap(negative).putInt(8, -5);
        assertThat(BatchHeaders.parse(negative).end().reason()).startsWith("negative batchLength -5");

        byte[] shorter = Batches.bytes(0, 0, 1, 10, -1, (byte) 2);
        ByteBuffer.wrap(shorter).putInt(8, 20);
        assertThat(BatchHeaders.parse(shorter).end().reason()).contains("shorter than a v2 header");

        byte[] negativeCount = Batches.bytes(0, 0, 1, 10, -1, (byte) 2);
        ByteBuffer.wrap(negativeCount).putInt(57, -1);
        assertThat(BatchHeaders.parse(negativeCount).end()).isInstanceOf(BatchHeaders.End.Nonsense.class);
    }

    @Test
    void zeroFillOfAPreallocatedSegmentIsTheEnd() {
        byte[] bytes = new Batches().batch(0, 0, 1, 10, -1).raw(new byte[4096]).bytes();
        BatchHeaders.Scan scan = BatchHeaders.parse(bytes);
        assertThat(scan.batches()).hasSize(1);
        assertThat(scan.end()).isEqualTo(new BatchHeaders.End.ZeroFill(71));
    }

    @Test
    void emptyAndTinyInputs() {
        assertThat(BatchHeaders.parse(new byte[0]).end()).isEqualTo(new BatchHeaders.End.Complete(0));
        assertThat(BatchHeaders.parse(new byte[5]).end()).isInstanceOf(BatchHeaders.End.Truncated.class);
        assertThat(BatchHeaders.parse(Arrays.copyOf(Batches.bytes(0, 0, 1, 0, -1, (byte) 2), 16)).end())
                .isInstanceOf(BatchHeaders.End.Truncated.class);
    }

    @Test
    void positionsAreFilePositionsAndTheBufferIsLeftAlone() {
        byte[] bytes = new Batches().batch(0, 0, 1, 10, -1).batch(1, 0, 1, 10, -1).bytes();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        BatchHeaders.Scan scan = BatchHeaders.parse(buf, 1_000_000, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
        assertThat(scan.batches()).extracting(BatchHeader::position).containsExactly(1_000_000L, 1_000_071L);
        assertThat(buf.position()).isZero();
    }
}
