package dev.brokertuner.report;

/**
 * The broker's JMX measurements over the agent's sample window (rates per second, ratios 0..1, latencies in ms).
 * Any value is null when its bean could not be read. Idle ratios are computed from two reads of the idle meter's
 * {@code Count} over the window when the window is positive, else from its one-minute rate; never above 1.
 * {@code requestQueueSize} is the lower of the gauge's reads at the start and the end of the window (held over it).
 * Request times are the {@code kafka.network:type=RequestMetrics} histograms: total time at p50 and p99, and each
 * phase at p99 (request queue: waiting for an I/O thread; local: the broker's own work, e.g. reading the log;
 * remote: waiting on followers or a fetch's long poll; response queue; response send), for Produce, FetchConsumer
 * and FetchFollower. The fetch phases come last in the record (added after the first release of the contract).
 *
 * <p>Replication health and the JVM come after them (added later still): the {@code ReplicaManager} gauges
 * {@code UnderMinIsrPartitionCount}, {@code AtMinIsrPartitionCount}, {@code OfflineReplicaCount}, the
 * {@code IsrExpandsPerSec} rate, the follower's {@code ReplicaFetcherManager MaxLag} (messages, the largest lag of any
 * partition this broker follows), and {@code gcTimeRatio}: the fraction of the window the JVM spent in garbage
 * collection ({@code java.lang:type=GarbageCollector} {@code CollectionTime} deltas summed over the collectors, over the
 * window; null for a single read, since the counters are lifetime totals).
 *
 * {@code requestHandlerIdleRatio} is the broker pool's {@code BrokerRequestHandlerAvgIdlePercent} (KIP-1207) when the
 * broker registers it, else the aggregate {@code RequestHandlerAvgIdlePercent}; {@code brokerRequestHandlerIdleRatio}
 * is set (to the same value) only when the broker pool's own meter was read, so a reader can tell which meter it was.
 *
 * <p>{@code windowSeconds} (added last) is the span of the window's rates, idle ratios and GC ratio: the sample
 * window on a first gathering, else from the previous gathering's end read to this one's (issue 15: that read starts
 * the next window instead of a read at its start); null for a single read.
 */
public record BrokerMetrics(
        Double requestHandlerIdleRatio,
        Double networkProcessorIdleRatio,
        Double requestQueueSize,
        Double responseQueueSize,
        Double bytesInPerSec,
        Double bytesOutPerSec,
        Double messagesInPerSec,
        Double replicationBytesInPerSec,
        Double replicationBytesOutPerSec,
        Double produceTotalTimeMsP50,
        Double produceTotalTimeMsP99,
        Double produceRequestQueueTimeMsP99,
        Double produceLocalTimeMsP99,
        Double produceRemoteTimeMsP99,
        Double produceResponseQueueTimeMsP99,
        Double produceResponseSendTimeMsP99,
        Double fetchConsumerTotalTimeMsP50,
        Double fetchConsumerTotalTimeMsP99,
        Double fetchConsumerRequestQueueTimeMsP99,
        Double fetchFollowerTotalTimeMsP50,
        Double fetchFollowerTotalTimeMsP99,
        Double fetchFollowerRequestQueueTimeMsP99,
        Double logFlushRatePerSec,
        Double logFlushTimeMsP99,
        Long partitionCount,
        Long leaderCount,
        Long underReplicatedPartitions,
        Long offlineLogDirectoryCount,
        Double isrShrinksPerSec,
        Double fetchConsumerLocalTimeMsP99,
        Double fetchConsumerRemoteTimeMsP99,
        Double fetchConsumerResponseQueueTimeMsP99,
        Double fetchConsumerResponseSendTimeMsP99,
        Double fetchFollowerLocalTimeMsP99,
        Double fetchFollowerRemoteTimeMsP99,
        Double fetchFollowerResponseQueueTimeMsP99,
        Double fetchFollowerResponseSendTimeMsP99,
        Long underMinIsrPartitionCount,
        Long atMinIsrPartitionCount,
        Long offlineReplicaCount,
        Double isrExpandsPerSec,
        Long replicaMaxLag,
        Double gcTimeRatio,
        Double brokerRequestHandlerIdleRatio,
        Double windowSeconds) {

    /** The metrics before the window's span was reported ({@code windowSeconds} unknown). */
    public BrokerMetrics(Double requestHandlerIdleRatio, Double networkProcessorIdleRatio, Double requestQueueSize,
                         Double responseQueueSize, Double bytesInPerSec, Double bytesOutPerSec,
                         Double messagesInPerSec, Double replicationBytesInPerSec, Double replicationBytesOutPerSec,
                         Double produceTotalTimeMsP50, Double produceTotalTimeMsP99,
                         Double produceRequestQueueTimeMsP99, Double produceLocalTimeMsP99,
                         Double produceRemoteTimeMsP99, Double produceResponseQueueTimeMsP99,
                         Double produceResponseSendTimeMsP99, Double fetchConsumerTotalTimeMsP50,
                         Double fetchConsumerTotalTimeMsP99, Double fetchConsumerRequestQueueTimeMsP99,
                         Double fetchFollowerTotalTimeMsP50, Double fetchFollowerTotalTimeMsP99,
                         Double fetchFollowerRequestQueueTimeMsP99, Double logFlushRatePerSec,
                         Double logFlushTimeMsP99, Long partitionCount, Long leaderCount,
                         Long underReplicatedPartitions, Long offlineLogDirectoryCount, Double isrShrinksPerSec,
                         Double fetchConsumerLocalTimeMsP99, Double fetchConsumerRemoteTimeMsP99,
                         Double fetchConsumerResponseQueueTimeMsP99, Double fetchConsumerResponseSendTimeMsP99,
                         Double fetchFollowerLocalTimeMsP99, Double fetchFollowerRemoteTimeMsP99,
                         Double fetchFollowerResponseQueueTimeMsP99, Double fetchFollowerResponseSendTimeMsP99,
                         Long underMinIsrPartitionCount, Long atMinIsrPartitionCount, Long offlineReplicaCount,
                         Double isrExpandsPerSec, Long replicaMaxLag, Double gcTimeRatio,
                         Double brokerRequestHandlerIdleRatio) {
        this(requestHandlerIdleRatio, networkProcessorIdleRatio, requestQueueSize, responseQueueSize, bytesInPerSec,
                bytesOutPerSec, messagesInPerSec, replicationBytesInPerSec, replicationBytesOutPerSec,
                produceTotalTimeMsP50, produceTotalTimeMsP99, produceRequestQueueTimeMsP99, produceLocalTimeMsP99,
                produceRemoteTimeMsP99, produceResponseQueueTimeMsP99, produceResponseSendTimeMsP99,
                fetchConsumerTotalTimeMsP50, fetchConsumerTotalTimeMsP99, fetchConsumerRequestQueueTimeMsP99,
                fetchFollowerTotalTimeMsP50, fetchFollowerTotalTimeMsP99, fetchFollowerRequestQueueTimeMsP99,
                logFlushRatePerSec, logFlushTimeMsP99, partitionCount, leaderCount, underReplicatedPartitions,
                offlineLogDirectoryCount, isrShrinksPerSec, fetchConsumerLocalTimeMsP99, fetchConsumerRemoteTimeMsP99,
                fetchConsumerResponseQueueTimeMsP99, fetchConsumerResponseSendTimeMsP99, fetchFollowerLocalTimeMsP99,
                fetchFollowerRemoteTimeMsP99, fetchFollowerResponseQueueTimeMsP99, fetchFollowerResponseSendTimeMsP99,
                underMinIsrPartitionCount, atMinIsrPartitionCount, offlineReplicaCount, isrExpandsPerSec,
                replicaMaxLag, gcTimeRatio, brokerRequestHandlerIdleRatio, null);
    }

    /**
     * These measurements with the seconds their rates and ratios span: the sample window, or from the previous
     * gathering's end read to this one's when the window's start was carried over (issue 15); null for a single read.
     */
    public BrokerMetrics withWindowSeconds(Double seconds) {
        return new BrokerMetrics(requestHandlerIdleRatio, networkProcessorIdleRatio, requestQueueSize,
                responseQueueSize, bytesInPerSec, bytesOutPerSec, messagesInPerSec, replicationBytesInPerSec,
                replicationBytesOutPerSec, produceTotalTimeMsP50, produceTotalTimeMsP99, produceRequestQueueTimeMsP99,
                produceLocalTimeMsP99, produceRemoteTimeMsP99, produceResponseQueueTimeMsP99,
                produceResponseSendTimeMsP99, fetchConsumerTotalTimeMsP50, fetchConsumerTotalTimeMsP99,
                fetchConsumerRequestQueueTimeMsP99, fetchFollowerTotalTimeMsP50, fetchFollowerTotalTimeMsP99,
                fetchFollowerRequestQueueTimeMsP99, logFlushRatePerSec, logFlushTimeMsP99, partitionCount, leaderCount,
                underReplicatedPartitions, offlineLogDirectoryCount, isrShrinksPerSec, fetchConsumerLocalTimeMsP99,
                fetchConsumerRemoteTimeMsP99, fetchConsumerResponseQueueTimeMsP99, fetchConsumerResponseSendTimeMsP99,
                fetchFollowerLocalTimeMsP99, fetchFollowerRemoteTimeMsP99, fetchFollowerResponseQueueTimeMsP99,
                fetchFollowerResponseSendTimeMsP99, underMinIsrPartitionCount, atMinIsrPartitionCount,
                offlineReplicaCount, isrExpandsPerSec, replicaMaxLag, gcTimeRatio, brokerRequestHandlerIdleRatio,
                seconds);
    }

    /** The metrics before replication health, GC and the broker pool's own idle meter were read (those unknown). */
    public BrokerMetrics(Double requestHandlerIdleRatio, Double networkProcessorIdleRatio, Double requestQueueSize,
                         Double responseQueueSize, Double bytesInPerSec, Double bytesOutPerSec,
                         Double messagesInPerSec, Double replicationBytesInPerSec, Double replicationBytesOutPerSec,
                         Double produceTotalTimeMsP50, Double produceTotalTimeMsP99,
                         Double produceRequestQueueTimeMsP99, Double produceLocalTimeMsP99,
                         Double produceRemoteTimeMsP99, Double produceResponseQueueTimeMsP99,
                         Double produceResponseSendTimeMsP99, Double fetchConsumerTotalTimeMsP50,
                         Double fetchConsumerTotalTimeMsP99, Double fetchConsumerRequestQueueTimeMsP99,
                         Double fetchFollowerTotalTimeMsP50, Double fetchFollowerTotalTimeMsP99,
                         Double fetchFollowerRequestQueueTimeMsP99, Double logFlushRatePerSec,
                         Double logFlushTimeMsP99, Long partitionCount, Long leaderCount,
                         Long underReplicatedPartitions, Long offlineLogDirectoryCount, Double isrShrinksPerSec,
                         Double fetchConsumerLocalTimeMsP99, Double fetchConsumerRemoteTimeMsP99,
                         Double fetchConsumerResponseQueueTimeMsP99, Double fetchConsumerResponseSendTimeMsP99,
                         Double fetchFollowerLocalTimeMsP99, Double fetchFollowerRemoteTimeMsP99,
                         Double fetchFollowerResponseQueueTimeMsP99, Double fetchFollowerResponseSendTimeMsP99) {
        this(requestHandlerIdleRatio, networkProcessorIdleRatio, requestQueueSize, responseQueueSize, bytesInPerSec,
                bytesOutPerSec, messagesInPerSec, replicationBytesInPerSec, replicationBytesOutPerSec,
                produceTotalTimeMsP50, produceTotalTimeMsP99, produceRequestQueueTimeMsP99, produceLocalTimeMsP99,
                produceRemoteTimeMsP99, produceResponseQueueTimeMsP99, produceResponseSendTimeMsP99,
                fetchConsumerTotalTimeMsP50, fetchConsumerTotalTimeMsP99, fetchConsumerRequestQueueTimeMsP99,
                fetchFollowerTotalTimeMsP50, fetchFollowerTotalTimeMsP99, fetchFollowerRequestQueueTimeMsP99,
                logFlushRatePerSec, logFlushTimeMsP99, partitionCount, leaderCount, underReplicatedPartitions,
                offlineLogDirectoryCount, isrShrinksPerSec, fetchConsumerLocalTimeMsP99, fetchConsumerRemoteTimeMsP99,
                fetchConsumerResponseQueueTimeMsP99, fetchConsumerResponseSendTimeMsP99, fetchFollowerLocalTimeMsP99,
                fetchFollowerRemoteTimeMsP99, fetchFollowerResponseQueueTimeMsP99, fetchFollowerResponseSendTimeMsP99,
                null, null, null, null, null, null, null);
    }

    /** With replication health and GC, without the broker pool's own idle meter. */
    public BrokerMetrics(Double requestHandlerIdleRatio, Double networkProcessorIdleRatio, Double requestQueueSize,
                         Double responseQueueSize, Double bytesInPerSec, Double bytesOutPerSec,
                         Double messagesInPerSec, Double replicationBytesInPerSec, Double replicationBytesOutPerSec,
                         Double produceTotalTimeMsP50, Double produceTotalTimeMsP99,
                         Double produceRequestQueueTimeMsP99, Double produceLocalTimeMsP99,
                         Double produceRemoteTimeMsP99, Double produceResponseQueueTimeMsP99,
                         Double produceResponseSendTimeMsP99, Double fetchConsumerTotalTimeMsP50,
                         Double fetchConsumerTotalTimeMsP99, Double fetchConsumerRequestQueueTimeMsP99,
                         Double fetchFollowerTotalTimeMsP50, Double fetchFollowerTotalTimeMsP99,
                         Double fetchFollowerRequestQueueTimeMsP99, Double logFlushRatePerSec,
                         Double logFlushTimeMsP99, Long partitionCount, Long leaderCount,
                         Long underReplicatedPartitions, Long offlineLogDirectoryCount, Double isrShrinksPerSec,
                         Double fetchConsumerLocalTimeMsP99, Double fetchConsumerRemoteTimeMsP99,
                         Double fetchConsumerResponseQueueTimeMsP99, Double fetchConsumerResponseSendTimeMsP99,
                         Double fetchFollowerLocalTimeMsP99, Double fetchFollowerRemoteTimeMsP99,
                         Double fetchFollowerResponseQueueTimeMsP99, Double fetchFollowerResponseSendTimeMsP99,
                         Long underMinIsrPartitionCount, Long atMinIsrPartitionCount, Long offlineReplicaCount,
                         Double isrExpandsPerSec, Long replicaMaxLag, Double gcTimeRatio) {
        this(requestHandlerIdleRatio, networkProcessorIdleRatio, requestQueueSize, responseQueueSize, bytesInPerSec,
                bytesOutPerSec, messagesInPerSec, replicationBytesInPerSec, replicationBytesOutPerSec,
                produceTotalTimeMsP50, produceTotalTimeMsP99, produceRequestQueueTimeMsP99, produceLocalTimeMsP99,
                produceRemoteTimeMsP99, produceResponseQueueTimeMsP99, produceResponseSendTimeMsP99,
                fetchConsumerTotalTimeMsP50, fetchConsumerTotalTimeMsP99, fetchConsumerRequestQueueTimeMsP99,
                fetchFollowerTotalTimeMsP50, fetchFollowerTotalTimeMsP99, fetchFollowerRequestQueueTimeMsP99,
                logFlushRatePerSec, logFlushTimeMsP99, partitionCount, leaderCount, underReplicatedPartitions,
                offlineLogDirectoryCount, isrShrinksPerSec, fetchConsumerLocalTimeMsP99, fetchConsumerRemoteTimeMsP99,
                fetchConsumerResponseQueueTimeMsP99, fetchConsumerResponseSendTimeMsP99, fetchFollowerLocalTimeMsP99,
                fetchFollowerRemoteTimeMsP99, fetchFollowerResponseQueueTimeMsP99, fetchFollowerResponseSendTimeMsP99,
                underMinIsrPartitionCount, atMinIsrPartitionCount, offlineReplicaCount, isrExpandsPerSec,
                replicaMaxLag, gcTimeRatio, null);
    }

    /** With the broker pool's own idle meter, without replication health and GC. */
    public BrokerMetrics(Double requestHandlerIdleRatio, Double networkProcessorIdleRatio, Double requestQueueSize,
                         Double responseQueueSize, Double bytesInPerSec, Double bytesOutPerSec,
                         Double messagesInPerSec, Double replicationBytesInPerSec, Double replicationBytesOutPerSec,
                         Double produceTotalTimeMsP50, Double produceTotalTimeMsP99,
                         Double produceRequestQueueTimeMsP99, Double produceLocalTimeMsP99,
                         Double produceRemoteTimeMsP99, Double produceResponseQueueTimeMsP99,
                         Double produceResponseSendTimeMsP99, Double fetchConsumerTotalTimeMsP50,
                         Double fetchConsumerTotalTimeMsP99, Double fetchConsumerRequestQueueTimeMsP99,
                         Double fetchFollowerTotalTimeMsP50, Double fetchFollowerTotalTimeMsP99,
                         Double fetchFollowerRequestQueueTimeMsP99, Double logFlushRatePerSec,
                         Double logFlushTimeMsP99, Long partitionCount, Long leaderCount,
                         Long underReplicatedPartitions, Long offlineLogDirectoryCount, Double isrShrinksPerSec,
                         Double fetchConsumerLocalTimeMsP99, Double fetchConsumerRemoteTimeMsP99,
                         Double fetchConsumerResponseQueueTimeMsP99, Double fetchConsumerResponseSendTimeMsP99,
                         Double fetchFollowerLocalTimeMsP99, Double fetchFollowerRemoteTimeMsP99,
                         Double fetchFollowerResponseQueueTimeMsP99, Double fetchFollowerResponseSendTimeMsP99,
                         Double brokerRequestHandlerIdleRatio) {
        this(requestHandlerIdleRatio, networkProcessorIdleRatio, requestQueueSize, responseQueueSize, bytesInPerSec,
                bytesOutPerSec, messagesInPerSec, replicationBytesInPerSec, replicationBytesOutPerSec,
                produceTotalTimeMsP50, produceTotalTimeMsP99, produceRequestQueueTimeMsP99, produceLocalTimeMsP99,
                produceRemoteTimeMsP99, produceResponseQueueTimeMsP99, produceResponseSendTimeMsP99,
                fetchConsumerTotalTimeMsP50, fetchConsumerTotalTimeMsP99, fetchConsumerRequestQueueTimeMsP99,
                fetchFollowerTotalTimeMsP50, fetchFollowerTotalTimeMsP99, fetchFollowerRequestQueueTimeMsP99,
                logFlushRatePerSec, logFlushTimeMsP99, partitionCount, leaderCount, underReplicatedPartitions,
                offlineLogDirectoryCount, isrShrinksPerSec, fetchConsumerLocalTimeMsP99, fetchConsumerRemoteTimeMsP99,
                fetchConsumerResponseQueueTimeMsP99, fetchConsumerResponseSendTimeMsP99, fetchFollowerLocalTimeMsP99,
                fetchFollowerRemoteTimeMsP99, fetchFollowerResponseQueueTimeMsP99, fetchFollowerResponseSendTimeMsP99,
                null, null, null, null, null, null, brokerRequestHandlerIdleRatio);
    }

    /** These measurements with the broker pool's own idle meter read (it is then also the request handler idle). */
    public BrokerMetrics withBrokerRequestHandlerIdleRatio(Double ratio) {
        return new BrokerMetrics(ratio, networkProcessorIdleRatio, requestQueueSize, responseQueueSize, bytesInPerSec,
                bytesOutPerSec, messagesInPerSec, replicationBytesInPerSec, replicationBytesOutPerSec,
                produceTotalTimeMsP50, produceTotalTimeMsP99, produceRequestQueueTimeMsP99, produceLocalTimeMsP99,
                produceRemoteTimeMsP99, produceResponseQueueTimeMsP99, produceResponseSendTimeMsP99,
                fetchConsumerTotalTimeMsP50, fetchConsumerTotalTimeMsP99, fetchConsumerRequestQueueTimeMsP99,
                fetchFollowerTotalTimeMsP50, fetchFollowerTotalTimeMsP99, fetchFollowerRequestQueueTimeMsP99,
                logFlushRatePerSec, logFlushTimeMsP99, partitionCount, leaderCount, underReplicatedPartitions,
                offlineLogDirectoryCount, isrShrinksPerSec, fetchConsumerLocalTimeMsP99, fetchConsumerRemoteTimeMsP99,
                fetchConsumerResponseQueueTimeMsP99, fetchConsumerResponseSendTimeMsP99, fetchFollowerLocalTimeMsP99,
                fetchFollowerRemoteTimeMsP99, fetchFollowerResponseQueueTimeMsP99, fetchFollowerResponseSendTimeMsP99,
                underMinIsrPartitionCount, atMinIsrPartitionCount, offlineReplicaCount, isrExpandsPerSec,
                replicaMaxLag, gcTimeRatio, ratio, windowSeconds);
    }

    /** All unknown. */
    public static BrokerMetrics empty() {
        return new BrokerMetrics(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    /**
     * These metrics with the replication-health and GC values set.
     *
     * @return a copy; the other values unchanged
     */
    public BrokerMetrics withReplicationAndGc(Long underMinIsr, Long atMinIsr, Long offlineReplicas,
                                              Double isrExpands, Long maxLag, Double gcRatio) {
        return new BrokerMetrics(requestHandlerIdleRatio, networkProcessorIdleRatio, requestQueueSize,
                responseQueueSize, bytesInPerSec, bytesOutPerSec, messagesInPerSec, replicationBytesInPerSec,
                replicationBytesOutPerSec, produceTotalTimeMsP50, produceTotalTimeMsP99, produceRequestQueueTimeMsP99,
                produceLocalTimeMsP99, produceRemoteTimeMsP99, produceResponseQueueTimeMsP99,
                produceResponseSendTimeMsP99, fetchConsumerTotalTimeMsP50, fetchConsumerTotalTimeMsP99,
                fetchConsumerRequestQueueTimeMsP99, fetchFollowerTotalTimeMsP50, fetchFollowerTotalTimeMsP99,
                fetchFollowerRequestQueueTimeMsP99, logFlushRatePerSec, logFlushTimeMsP99, partitionCount, leaderCount,
                underReplicatedPartitions, offlineLogDirectoryCount, isrShrinksPerSec, fetchConsumerLocalTimeMsP99,
                fetchConsumerRemoteTimeMsP99, fetchConsumerResponseQueueTimeMsP99, fetchConsumerResponseSendTimeMsP99,
                fetchFollowerLocalTimeMsP99, fetchFollowerRemoteTimeMsP99, fetchFollowerResponseQueueTimeMsP99,
                fetchFollowerResponseSendTimeMsP99, underMinIsr, atMinIsr, offlineReplicas, isrExpands, maxLag,
                gcRatio, brokerRequestHandlerIdleRatio, windowSeconds);
    }
}
