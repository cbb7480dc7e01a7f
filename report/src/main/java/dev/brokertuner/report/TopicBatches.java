package dev.brokertuner.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the record batch headers near the tail of a topic's active segments say about how its producers batch and
 * compress, over the partitions this broker leads that were sampled (payloads are never read). Control batches
 * (transaction markers) are counted apart and left out of every other figure. Medians and p90 are nearest-rank over
 * the data batches; 0 when there is none.
 *
 * @param sampled           headers looked at, control batches included
 * @param controlBatches    control batches among them
 * @param partitionsSampled partitions whose segment tail was read
 * @param bytesRead         bytes read from segments (and their indexes) for this topic in this gathering
 * @param medianRecords     median {@code recordsCount} of the data batches
 * @param medianBytes       median size on disk of the data batches ({@code 12 + batchLength})
 * @param p90Bytes          90th percentile of that size
 * @param codecs            data batches per codec name ({@code none}, {@code gzip}, {@code snappy}, {@code lz4},
 *                          {@code zstd}); the codec on disk is the topic's own when its {@code compression.type}
 *                          makes the broker recompress
 * @param idempotent        data batches with a producer id (idempotent or transactional producers)
 * @param transactional     data batches with the transactional bit
 */
public record TopicBatches(int sampled, int controlBatches, int partitionsSampled, long bytesRead,
                           long medianRecords, long medianBytes, long p90Bytes, Map<String, Integer> codecs,
                           int idempotent, int transactional) {
    public TopicBatches {
        codecs = codecs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(codecs));
    }

    /** Data batches in the sample. */
    public int dataBatches() {
        return sampled - controlBatches;
    }
}
