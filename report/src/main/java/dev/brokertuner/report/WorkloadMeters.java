package dev.brokertuner.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Broker-wide request and group meters the workload rules judge, over the agent's sample window (rates per second);
 * each null when its bean could not be read (or the version has no such bean).
 *
 * @param produceRequestsPerSec         {@code RequestMetrics RequestsPerSec request=Produce}, summed over versions
 * @param fetchConsumerRequestsPerSec   {@code RequestMetrics RequestsPerSec request=FetchConsumer}, summed
 * @param produceRequestBytesMean       {@code RequestMetrics RequestBytes request=Produce} mean, bytes
 * @param fetchConsumerRequestBytesMean {@code RequestMetrics RequestBytes request=FetchConsumer} mean, bytes
 * @param fetchConsumerBytesPerRequest  consumer bytes out per consumer fetch request over the window
 *                                      ({@code BytesOutPerSec}, which excludes follower fetches,
 *                                      divided by FetchConsumer requests)
 * @param fetchSessionEvictionsPerSec   {@code FetchSessionCache IncrementalFetchSessionEvictionsPerSec}
 * @param incrementalFetchSessions      {@code FetchSessionCache NumIncrementalFetchSessions}
 * @param produceConversionsPerSec      {@code BrokerTopicMetrics ProduceMessageConversionsPerSec}
 * @param fetchConversionsPerSec        {@code BrokerTopicMetrics FetchMessageConversionsPerSec}
 * @param classicRebalancesPerSec       {@code group-coordinator-metrics group-completed-rebalance-rate}
 * @param consumerRebalancesPerSec      {@code group-coordinator-metrics consumer-group-rebalance-rate} (KIP-848)
 * @param groupsByState                 groups this broker coordinates per state, from the coordinator's gauges
 * @param windowSeconds                 the seconds the rates and means span: the sample window on a first
 *                                      gathering, else from the previous gathering's read to this one's (the agent
 *                                      carries the window's start over); null for one-minute rates (a single read)
 */
public record WorkloadMeters(Double produceRequestsPerSec, Double fetchConsumerRequestsPerSec,
                             Double produceRequestBytesMean, Double fetchConsumerRequestBytesMean,
                             Double fetchConsumerBytesPerRequest, Double fetchSessionEvictionsPerSec,
                             Long incrementalFetchSessions, Double produceConversionsPerSec,
                             Double fetchConversionsPerSec, Double classicRebalancesPerSec,
                             Double consumerRebalancesPerSec, Map<String, Long> groupsByState,
                             Double windowSeconds) {
    public WorkloadMeters {
        groupsByState = groupsByState == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(groupsByState));
    }

    /** Without the rates' span (as before it was reported). */
    public WorkloadMeters(Double produceRequestsPerSec, Double fetchConsumerRequestsPerSec,
                          Double produceRequestBytesMean, Double fetchConsumerRequestBytesMean,
                          Double fetchConsumerBytesPerRequest, Double fetchSessionEvictionsPerSec,
                          Long incrementalFetchSessions, Double produceConversionsPerSec,
                          Double fetchConversionsPerSec, Double classicRebalancesPerSec,
                          Double consumerRebalancesPerSec, Map<String, Long> groupsByState) {
        this(produceRequestsPerSec, fetchConsumerRequestsPerSec, produceRequestBytesMean,
                fetchConsumerRequestBytesMean, fetchConsumerBytesPerRequest, fetchSessionEvictionsPerSec,
                incrementalFetchSessions, produceConversionsPerSec, fetchConversionsPerSec, classicRebalancesPerSec,
                consumerRebalancesPerSec, groupsByState, null);
    }

    /** Nothing read. */
    public static WorkloadMeters empty() {
        return new WorkloadMeters(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
