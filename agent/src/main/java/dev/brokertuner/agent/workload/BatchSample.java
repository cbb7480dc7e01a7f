package dev.brokertuner.agent.workload;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A summary of sampled batch headers: how big the batches a partition receives are, and how they are produced.
 * Control batches (transaction markers, written by the broker, a few dozen bytes and one record) are counted apart
 * and left out of every other figure, sizes, records and codecs alike: they say nothing about how the producers batch.
 * Medians and p90 are nearest-rank over the data batches (the smallest value with at least half, or 90 %, of the
 * batches at or below it); they are 0 when there is no data batch.
 *
 * @param sampled       headers looked at, control batches included
 * @param controlBatches control batches among them
 * @param medianRecords median {@code recordsCount} of the data batches
 * @param medianBytes   median size on disk of the data batches ({@code 12 + batchLength})
 * @param p90Bytes      90th percentile of that size
 * @param codecs        data batches per codec name ({@code none} for uncompressed), in codec order
 * @param idempotent    data batches with a producer id ({@code producerId >= 0}: idempotent or transactional)
 * @param transactional data batches with the transactional bit
 */
public record BatchSample(int sampled, int controlBatches, long medianRecords, long medianBytes, long p90Bytes,
                          Map<String, Integer> codecs, int idempotent, int transactional) {
    public BatchSample {
        codecs = Collections.unmodifiableMap(new LinkedHashMap<>(codecs));
    }

    /** Data batches in the sample ({@link #sampled} minus {@link #controlBatches}). */
    public int dataBatches() {
        return sampled - controlBatches;
    }

    /** The summary of {@code headers}. */
    public static BatchSample of(List<BatchHeader> headers) {
        int control = 0;
        int idempotent = 0;
        int transactional = 0;
        Map<Codec, Integer> byCodec = new EnumMap<>(Codec.class);
        long[] records = new long[headers.size()];
        long[] bytes = new long[headers.size()];
        int n = 0;
        for (BatchHeader h : headers) {
            if (h.control()) {
                control++;
                continue;
            }
            records[n] = h.recordsCount();
            bytes[n] = h.sizeInBytes();
            n++;
            byCodec.merge(h.codec(), 1, Integer::sum);
            if (h.idempotent()) {
                idempotent++;
            }
            if (h.transactional()) {
                transactional++;
            }
        }
        Map<String, Integer> codecs = new LinkedHashMap<>();
        byCodec.forEach((c, count) -> codecs.put(c.label(), count));
        records = Arrays.copyOf(records, n);
        bytes = Arrays.copyOf(bytes, n);
        Arrays.sort(records);
        Arrays.sort(bytes);
        return new BatchSample(headers.size(), control, rank(records, 50), rank(bytes, 50), rank(bytes, 90), codecs,
                idempotent, transactional);
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static long rank(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int k = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, k - 1)];
    }
}
