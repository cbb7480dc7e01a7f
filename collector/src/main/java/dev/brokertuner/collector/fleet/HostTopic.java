package dev.brokertuner.collector.fleet;

import java.util.Map;

/**
 * What the cluster's Topics view needs of one topic on one host, cut from the report's {@code broker.topics[]}
 * workload fields ({@link WorkloadSummaries}): small, because the latest one of every host lives in memory. Every
 * value is null when the report did not carry it.
 *
 * @param name                  the topic (clipped to {@link WorkloadSummaries#MAX_NAME} characters)
 * @param partitions            partitions of the topic in the cluster
 * @param leaderPartitions      of those, the ones this broker leads
 * @param bytesInPerSec         {@code BytesInPerSec,topic=} on this broker (leader traffic)
 * @param bytesOutPerSec        {@code BytesOutPerSec,topic=}
 * @param messagesInPerSec      {@code MessagesInPerSec,topic=}
 * @param produceRequestsPerSec {@code TotalProduceRequestsPerSec,topic=}
 * @param partitionSkew         the fastest led partition's byte rate over the median led partition's
 * @param hottestPartition      the partition with that rate
 * @param compressionType       the topic's effective {@code compression.type}
 * @param dataBatches           data batches sampled (control batches left out), null when none was read
 * @param medianRecords         median records per sampled data batch, with dataBatches
 * @param medianBytes           median bytes per sampled data batch, with dataBatches
 * @param codecs                sampled data batches per codec ({@code none} for uncompressed); empty when none
 * @param idempotent            sampled data batches with a producer id, with dataBatches
 * @param transactional         sampled data batches with the transactional bit, with dataBatches
 */
public record HostTopic(String name, Integer partitions, Integer leaderPartitions, Double bytesInPerSec,
                        Double bytesOutPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                        Double partitionSkew, Integer hottestPartition, String compressionType, Integer dataBatches,
                        Long medianRecords, Long medianBytes, Map<String, Integer> codecs, Integer idempotent,
                        Integer transactional) {
    public HostTopic {
        // the brokers of a cluster report the same topic names: one copy of each (also when read from the store)
        name = WorkloadSummaries.shared(name);
        compressionType = WorkloadSummaries.shared(compressionType);
        codecs = codecs == null ? Map.of() : WorkloadSummaries.sharedKeys(codecs);
    }
}
