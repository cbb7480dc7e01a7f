package dev.brokertuner.agent.workload;

/**
 * One topic's {@code BrokerTopicMetrics} rates on this broker over the window (per second); each null when
 * its meter was not read (a topic without traffic here has no per-topic bean yet).
 *
 * @param bytesInPerSec         {@code BytesInPerSec,topic=} (appends this broker leads)
 * @param messagesInPerSec      {@code MessagesInPerSec,topic=}
 * @param produceRequestsPerSec {@code TotalProduceRequestsPerSec,topic=} (one per partition per produce request)
 * @param bytesOutPerSec        {@code BytesOutPerSec,topic=}
 * @param seconds               the longest time between the two reads of one of its beans (the sample window, or
 *                              from the previous gathering's read when its start was carried over); null for
 *                              one-minute rates or when no bean was read at both ends
 * @param readAt                when the end of that span was read (the wall clock), null when not known; a
 *                              gathering that does not read the topic's meters ({@link MeterCadence}) carries these
 *                              rates with the time they were read
 */
public record TopicRates(Double bytesInPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                         Double bytesOutPerSec, Double seconds, java.time.Instant readAt) {
    /** Without the time of the read. */
    public TopicRates(Double bytesInPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                      Double bytesOutPerSec, Double seconds) {
        this(bytesInPerSec, messagesInPerSec, produceRequestsPerSec, bytesOutPerSec, seconds, null);
    }

    /** These rates, read at {@code at}. */
    public TopicRates at(java.time.Instant at) {
        return new TopicRates(bytesInPerSec, messagesInPerSec, produceRequestsPerSec, bytesOutPerSec, seconds, at);
    }

    /** Rates without a span (one-minute rates). */
    public TopicRates(Double bytesInPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                      Double bytesOutPerSec) {
        this(bytesInPerSec, messagesInPerSec, produceRequestsPerSec, bytesOutPerSec, null);
    }
}
