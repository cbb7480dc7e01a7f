package dev.brokertuner.agent.workload;

/**
 * One topic's {@code BrokerTopicMetrics} rates on this broker over the sample window (per second); each null when
 * its meter was not read (a topic without traffic here has no per-topic bean yet).
 *
 * @param bytesInPerSec         {@code BytesInPerSec,topic=} (appends this broker leads)
 * @param messagesInPerSec      {@code MessagesInPerSec,topic=}
 * @param produceRequestsPerSec {@code TotalProduceRequestsPerSec,topic=} (one per partition per produce request)
 * @param bytesOutPerSec        {@code BytesOutPerSec,topic=}
 */
public record TopicRates(Double bytesInPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                         Double bytesOutPerSec) {
}
