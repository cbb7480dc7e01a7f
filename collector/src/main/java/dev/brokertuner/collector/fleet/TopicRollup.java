package dev.brokertuner.collector.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One topic across the brokers of a cluster that reported it (each broker reports the topic's traffic it leads, so
 * rates and leader partitions add up). A value is null when no broker reported it. A topic outside a broker's top K
 * (agent) or {@link WorkloadSummaries#MAX_TOPICS} (collector) is missing from that broker's report, so its sums
 * cover only {@code brokers}: compare {@code leaderPartitions} with {@code partitions} to see how much.
 *
 * @param name                   the topic
 * @param brokers                brokers reporting it
 * @param hosts                  those brokers' hostnames, sorted
 * @param partitions             the topic's partitions in the cluster (the largest count reported)
 * @param leaderPartitions       partitions led by the reporting brokers, summed
 * @param bytesInPerSec          summed
 * @param bytesOutPerSec         summed
 * @param messagesInPerSec       summed
 * @param produceRequestsPerSec  summed
 * @param mbPerSecPerPartition   bytes in per led partition, in MB/s (10^6 bytes), over the brokers that reported
 *                               both their bytes in and a non-zero leader count (the scaling chapter's rule of thumb
 *                               is about 100 MB/s per partition)
 * @param maxPartitionSkew       the largest partition skew (fastest led partition over the median) any broker
 *                               reported
 * @param skewHost               the broker that reported it
 * @param hottestPartition       the partition it named
 * @param compressionType        the topic's effective {@code compression.type}, brokers' distinct values joined with
 *                               {@code +} (they agree unless a change is under way)
 * @param codecs                 sampled data batches per codec, summed over the brokers
 * @param batchesSampled         data batches sampled, summed
 * @param medianRecords          the median of the brokers' median records per batch, each weighted by the data
 *                               batches it sampled
 * @param medianBytes            likewise for bytes per batch
 * @param idempotentBatches      sampled data batches with a producer id, summed
 * @param transactionalBatches   sampled data batches with the transactional bit, summed
 */
public record TopicRollup(String name, int brokers, List<String> hosts, Integer partitions, Integer leaderPartitions,
                          Double bytesInPerSec, Double bytesOutPerSec, Double messagesInPerSec,
                          Double produceRequestsPerSec, Double mbPerSecPerPartition, Double maxPartitionSkew,
                          String skewHost, Integer hottestPartition, String compressionType,
                          Map<String, Integer> codecs, Integer batchesSampled, Long medianRecords, Long medianBytes,
                          Integer idempotentBatches, Integer transactionalBatches) {
    public TopicRollup {
        hosts = List.copyOf(hosts);
        codecs = Map.copyOf(codecs);
    }

    /**
     * One broker's view of a topic.
     *
     * @param hostname the broker's host
     * @param topic    what it reported
     */
    public record Seen(String hostname, HostTopic topic) {
    }

    /** The rollup of one topic's {@code seen} (all of the same name, one per broker). */
    public static TopicRollup of(String name, List<Seen> seen) {
        List<Seen> byHost = seen.stream().sorted(Comparator.comparing(Seen::hostname)).toList();
        Integer partitions = null;
        Long leaders = null;
        Sum in = new Sum();
        Sum out = new Sum();
        Sum messages = new Sum();
        Sum requests = new Sum();
        double perPartitionBytes = 0;
        long perPartitionLeaders = 0;
        Seen skew = null;
        TreeSet<String> compression = new TreeSet<>();
        Map<String, Integer> codecs = new TreeMap<>();
        Integer sampled = null;
        Integer idempotent = null;
        Integer transactional = null;
        List<long[]> records = new ArrayList<>();
        List<long[]> bytes = new ArrayList<>();
        for (Seen s : byHost) {
            HostTopic t = s.topic();
            if (t.partitions() != null) {
                partitions = partitions == null ? t.partitions() : Math.max(partitions, t.partitions());
            }
            if (t.leaderPartitions() != null) {
                leaders = (leaders == null ? 0 : leaders) + t.leaderPartitions();
                if (t.bytesInPerSec() != null && t.leaderPartitions() > 0) {
                    perPartitionBytes += t.bytesInPerSec();
                    perPartitionLeaders += t.leaderPartitions();
                }
            }
            in.add(t.bytesInPerSec());
            out.add(t.bytesOutPerSec());
            messages.add(t.messagesInPerSec());
            requests.add(t.produceRequestsPerSec());
            if (t.partitionSkew() != null && (skew == null || t.partitionSkew() > skew.topic().partitionSkew())) {
                skew = s;
            }
            if (t.compressionType() != null) {
                compression.add(t.compressionType());
            }
            t.codecs().forEach((k, v) -> codecs.merge(k, v, Integer::sum));
            if (t.dataBatches() != null) {
                sampled = (sampled == null ? 0 : sampled) + t.dataBatches();
                if (t.medianRecords() != null) {
                    records.add(new long[] {t.medianRecords(), t.dataBatches()});
                }
                if (t.medianBytes() != null) {
                    bytes.add(new long[] {t.medianBytes(), t.dataBatches()});
                }
                if (t.idempotent() != null) {
                    idempotent = (idempotent == null ? 0 : idempotent) + t.idempotent();
                }
                if (t.transactional() != null) {
                    transactional = (transactional == null ? 0 : transactional) + t.transactional();
                }
            }
        }
        return new TopicRollup(name, byHost.size(), byHost.stream().map(Seen::hostname).toList(), partitions,
                leaders == null ? null : (int) Math.min(Integer.MAX_VALUE, leaders), in.value(), out.value(),
                messages.value(), requests.value(),
                perPartitionLeaders == 0 ? null : perPartitionBytes / perPartitionLeaders / 1e6,
                skew == null ? null : skew.topic().partitionSkew(), skew == null ? null : skew.hostname(),
                skew == null ? null : skew.topic().hottestPartition(),
                compression.isEmpty() ? null : String.join("+", compression), codecs, sampled,
                weightedMedian(records), weightedMedian(bytes), idempotent, transactional);
    }

    /**
     * The value at which the cumulative weight reaches half the total, over {@code (value, weight)} pairs: the
     * median of the brokers' medians, each counting as many times as it had batches. Null without weight.
     */
    static Long weightedMedian(List<long[]> pairs) {
        List<long[]> sorted = pairs.stream().filter(p -> p[1] > 0).sorted(Comparator.comparingLong(p -> p[0]))
                .toList();
        long total = sorted.stream().mapToLong(p -> p[1]).sum();
        long seen = 0;
        for (long[] p : sorted) {
            seen += p[1];
            if (2 * seen >= total) {
                return p[0];
            }
        }
        return null;
    }

    /** A sum that stays null until something is added. */
    private static final class Sum {
        private double total;
        private boolean any;

        void add(Double v) {
            if (v != null) {
                total += v;
                any = true;
            }
        }

        Double value() {
            return any ? total : null;
        }
    }
}
