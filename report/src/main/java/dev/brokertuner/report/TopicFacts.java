package dev.brokertuner.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One topic with replicas on this broker: the bytes they hold here ({@code describeLogDirs}), its own overrides of
 * the topic configs the rules judge ({@code describeConfigs} for the topic, source {@code DYNAMIC_TOPIC_CONFIG}),
 * and, for the busiest topics (at most the agent's top K by bytes in), its workload: per-topic
 * {@code BrokerTopicMetrics} rates on this broker, the effective workload configs, and the record batch headers
 * sampled near the tail of the partitions this broker leads. A config that is absent from {@code configs} is
 * inherited: its value is the broker's ({@code log.retention.ms}, {@code log.local.retention.ms},
 * {@code log.cleanup.policy}) or Kafka's default. Workload values are null when not read (the topic is outside the
 * top K, or the read failed and a problem says why).
 *
 * @param name                  the topic
 * @param bytes                 bytes of its replicas in this broker's data dirs, null when unknown
 * @param configs               the topic's overrides by name, e.g. {@code retention.ms}, {@code local.retention.ms},
 *                              {@code cleanup.policy}; empty when it has none or they could not be read
 * @param partitions            partitions of the topic in the cluster
 * @param leaderPartitions      of those, the partitions this broker leads
 * @param bytesInPerSec         {@code BytesInPerSec,topic=} on this broker (leader traffic only)
 * @param messagesInPerSec      {@code MessagesInPerSec,topic=}
 * @param produceRequestsPerSec {@code TotalProduceRequestsPerSec,topic=}: one per partition per produce request, so
 *                              bytes in over it is the bytes per partition batch request
 * @param bytesOutPerSec        {@code BytesOutPerSec,topic=} (consumers and followers)
 * @param config                the effective values (override or inherited) of the configs the workload rules
 *                              judge: {@code compression.type}, {@code max.message.bytes}, {@code retention.ms},
 *                              {@code min.insync.replicas}, {@code cleanup.policy}
 * @param batches               the sampled batch headers, null when none were read
 * @param partitionSkew         the fastest-growing led partition's byte rate over the median led partition's (growth
 *                              of {@code describeLogDirs} sizes between the two latest distinct reads, over the real
 *                              span between them; a gathering carrying a read carries its skew); null with fewer
 *                              than two reads or two led partitions
 * @param hottestPartition      the partition with that fastest rate, null with partitionSkew
 * @param ratesSeconds          the seconds the per-topic rates span: the sample window on a first gathering, else
 *                              from the previous gathering's read to this one's (the agent carries the window's
 *                              start over); null without rates or when they are one-minute rates (a single read)
 * @param ratesReadAt           when the per-topic meters behind these rates were read (the end of their span); null
 *                              without rates or when not known
 * @param ratesCarried          true when this gathering did not read the topic's meters and the rates are the last
 *                              read's, carried (the agent reads them every {@code workload.topicMetersSeconds}, not
 *                              every gathering); false when read in this gathering; null without rates
 */
public record TopicFacts(String name, Long bytes, Map<String, ConfigValue> configs, Integer partitions,
                         Integer leaderPartitions, Double bytesInPerSec, Double messagesInPerSec,
                         Double produceRequestsPerSec, Double bytesOutPerSec, Map<String, String> config,
                         TopicBatches batches, Double partitionSkew, Integer hottestPartition,
                         Double ratesSeconds, Instant ratesReadAt, Boolean ratesCarried) {
    public TopicFacts {
        configs = configs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configs));
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** Without when the rates were read (as before it was reported). */
    public TopicFacts(String name, Long bytes, Map<String, ConfigValue> configs, Integer partitions,
                      Integer leaderPartitions, Double bytesInPerSec, Double messagesInPerSec,
                      Double produceRequestsPerSec, Double bytesOutPerSec, Map<String, String> config,
                      TopicBatches batches, Double partitionSkew, Integer hottestPartition, Double ratesSeconds) {
        this(name, bytes, configs, partitions, leaderPartitions, bytesInPerSec, messagesInPerSec,
                produceRequestsPerSec, bytesOutPerSec, config, batches, partitionSkew, hottestPartition, ratesSeconds,
                null, null);
    }

    /** Without the rates' span (as before it was reported). */
    public TopicFacts(String name, Long bytes, Map<String, ConfigValue> configs, Integer partitions,
                      Integer leaderPartitions, Double bytesInPerSec, Double messagesInPerSec,
                      Double produceRequestsPerSec, Double bytesOutPerSec, Map<String, String> config,
                      TopicBatches batches, Double partitionSkew, Integer hottestPartition) {
        this(name, bytes, configs, partitions, leaderPartitions, bytesInPerSec, messagesInPerSec,
                produceRequestsPerSec, bytesOutPerSec, config, batches, partitionSkew, hottestPartition, null);
    }

    /** Bytes and overrides only (no workload read). */
    public TopicFacts(String name, Long bytes, Map<String, ConfigValue> configs) {
        this(name, bytes, configs, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** With the per-topic meters and the effective workload configs set (the other fields unchanged). */
    public TopicFacts withMeters(Double bytesInPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                                 Double bytesOutPerSec, Map<String, String> config) {
        return withMeters(bytesInPerSec, messagesInPerSec, produceRequestsPerSec, bytesOutPerSec, config, null);
    }

    /** With the per-topic meters, the seconds they span and the effective workload configs set. */
    public TopicFacts withMeters(Double bytesInPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                                 Double bytesOutPerSec, Map<String, String> config, Double ratesSeconds) {
        return withMeters(bytesInPerSec, messagesInPerSec, produceRequestsPerSec, bytesOutPerSec, config,
                ratesSeconds, null, null);
    }

    /** With the per-topic meters, their span, when they were read and whether carried, and the configs set. */
    public TopicFacts withMeters(Double bytesInPerSec, Double messagesInPerSec, Double produceRequestsPerSec,
                                 Double bytesOutPerSec, Map<String, String> config, Double ratesSeconds,
                                 Instant ratesReadAt, Boolean ratesCarried) {
        return new TopicFacts(name, bytes, configs, partitions, leaderPartitions, bytesInPerSec, messagesInPerSec,
                produceRequestsPerSec, bytesOutPerSec, config, batches, partitionSkew, hottestPartition,
                ratesSeconds, ratesReadAt, ratesCarried);
    }

    /** With the sampled batch headers set. */
    public TopicFacts withBatches(TopicBatches batches) {
        return new TopicFacts(name, bytes, configs, partitions, leaderPartitions, bytesInPerSec, messagesInPerSec,
                produceRequestsPerSec, bytesOutPerSec, config, batches, partitionSkew, hottestPartition,
                ratesSeconds, ratesReadAt, ratesCarried);
    }

    /** With the partition counts and the skew between led partitions set. */
    public TopicFacts withPartitions(Integer partitions, Integer leaderPartitions, Double partitionSkew,
                                     Integer hottestPartition) {
        return new TopicFacts(name, bytes, configs, partitions, leaderPartitions, bytesInPerSec, messagesInPerSec,
                produceRequestsPerSec, bytesOutPerSec, config, batches, partitionSkew, hottestPartition,
                ratesSeconds, ratesReadAt, ratesCarried);
    }

    /** The topic's override of a config, empty when it inherits it (or it was not read). */
    public Optional<String> value(String config) {
        ConfigValue v = configs.get(config);
        return v == null ? Optional.empty() : Optional.ofNullable(v.value());
    }

    /** The effective value of a workload config, empty when not read. */
    public Optional<String> effective(String name) {
        return Optional.ofNullable(config.get(name));
    }
}
