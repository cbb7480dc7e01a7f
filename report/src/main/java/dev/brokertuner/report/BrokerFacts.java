package dev.brokertuner.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent read about the local broker: discovery, JMX metrics and live config. With {@code status}
 * unreachable or not-found, only {@code reason} (and what discovery found) is set.
 *
 * @param status         ok, unreachable or not-found
 * @param reason         why not ok, null when ok
 * @param unreachableSince when the broker was last seen going away (daemon), null otherwise
 * @param process        the broker JVM, null when not found on this host
 * @param nodeId         {@code node.id} (or {@code broker.id})
 * @param processRoles   {@code process.roles}, e.g. {@code broker} or {@code broker,controller}
 * @param clusterId      from {@code describeCluster}
 * @param kafkaVersion   from the {@code app-info} bean, e.g. {@code 4.3.1}
 * @param jmx            the JMX endpoint used ({@code host:port}, a service URL, or {@code attach:pid N} when the
 *                       agent attached to the JVM), null when none
 * @param bootstrap      the bootstrap servers used for AdminClient, null when none
 * @param listeners      data-plane listener names
 * @param readMillis     how long the final JMX read of the bean table took (the sample window excluded)
 * @param metrics        JMX measurements
 * @param configs        live configs by name
 * @param logDirs        bytes per data dir
 * @param peers          other brokers with connect RTT
 * @param controllerId   the active controller's node id (describeCluster), null when unknown
 * @param topicCount     topics in the cluster, internal ones excluded; only the broker with the lowest node id reads
 *                       them (one metadata walk per cluster, not per broker), null elsewhere or when unknown
 * @param topicPartitionCount partitions of those topics (leaders, not replicas), with topicCount
 * @param topicRisk      topics with no room for a broker failure (replication factor 1, min.insync.replicas at or
 *                       above it), read with topicCount by the lowest-id broker only; null elsewhere or when unknown
 * @param topics         the topics with replicas on this broker (internal ones excluded), largest here first and at
 *                       most {@code AdminReader}'s bound, with their bytes here and the topic configs the rules judge;
 *                       null when not read
 * @param lastKnownClusterId    the cluster id the daemon last read from this broker (this run or, with a state dir,
 *                              an earlier one): set while the broker is down too, so the host keeps its cluster;
 *                              null when never read
 * @param lastKnownKafkaVersion the Kafka version last read, likewise
 * @param lastKnownAt           when those were last read, null with them
 * @param groups         the consumer, share and streams groups this broker coordinates, at most the agent's bound,
 *                       null when not read
 * @param workload       broker-wide request and group meters for the workload rules, empty when not read
 */
public record BrokerFacts(BrokerStatus status, String reason, Instant unreachableSince, BrokerProcess process,
                          Integer nodeId, String processRoles, String clusterId, String kafkaVersion, String jmx,
                          String bootstrap, List<String> listeners, Long readMillis, BrokerMetrics metrics,
                          Map<String, ConfigValue> configs, List<LogDirUsage> logDirs, List<Peer> peers,
                          Integer controllerId, Integer topicCount, Long topicPartitionCount, TopicRisk topicRisk,
                          List<TopicFacts> topics, String lastKnownClusterId, String lastKnownKafkaVersion,
                          Instant lastKnownAt, List<GroupFacts> groups, WorkloadMeters workload) {
    /** Everything but groups and the workload meters (not read). */
    public BrokerFacts(BrokerStatus status, String reason, Instant unreachableSince, BrokerProcess process,
                       Integer nodeId, String processRoles, String clusterId, String kafkaVersion, String jmx,
                       String bootstrap, List<String> listeners, Long readMillis, BrokerMetrics metrics,
                       Map<String, ConfigValue> configs, List<LogDirUsage> logDirs, List<Peer> peers,
                       Integer controllerId, Integer topicCount, Long topicPartitionCount, TopicRisk topicRisk,
                       List<TopicFacts> topics, String lastKnownClusterId, String lastKnownKafkaVersion,
                       Instant lastKnownAt) {
        this(status, reason, unreachableSince, process, nodeId, processRoles, clusterId, kafkaVersion, jmx,
                bootstrap, listeners, readMillis, metrics, configs, logDirs, peers, controllerId, topicCount,
                topicPartitionCount, topicRisk, topics, lastKnownClusterId, lastKnownKafkaVersion, lastKnownAt,
                null, null);
    }

    /** The facts a single gathering reads, with the last-known identity. */
    public BrokerFacts(BrokerStatus status, String reason, Instant unreachableSince, BrokerProcess process,
                       Integer nodeId, String processRoles, String clusterId, String kafkaVersion, String jmx,
                       String bootstrap, List<String> listeners, Long readMillis, BrokerMetrics metrics,
                       Map<String, ConfigValue> configs, List<LogDirUsage> logDirs, List<Peer> peers,
                       Integer controllerId, Integer topicCount, Long topicPartitionCount,
                       String lastKnownClusterId, String lastKnownKafkaVersion, Instant lastKnownAt) {
        this(status, reason, unreachableSince, process, nodeId, processRoles, clusterId, kafkaVersion, jmx,
                bootstrap, listeners, readMillis, metrics, configs, logDirs, peers, controllerId, topicCount,
                topicPartitionCount, null, null, lastKnownClusterId, lastKnownKafkaVersion, lastKnownAt);
    }

    /** With topic risk and topic facts, without the last-known identity. */
    public BrokerFacts(BrokerStatus status, String reason, Instant unreachableSince, BrokerProcess process,
                       Integer nodeId, String processRoles, String clusterId, String kafkaVersion, String jmx,
                       String bootstrap, List<String> listeners, Long readMillis, BrokerMetrics metrics,
                       Map<String, ConfigValue> configs, List<LogDirUsage> logDirs, List<Peer> peers,
                       Integer controllerId, Integer topicCount, Long topicPartitionCount, TopicRisk topicRisk,
                       List<TopicFacts> topics) {
        this(status, reason, unreachableSince, process, nodeId, processRoles, clusterId, kafkaVersion, jmx,
                bootstrap, listeners, readMillis, metrics, configs, logDirs, peers, controllerId, topicCount,
                topicPartitionCount, topicRisk, topics, null, null, null);
    }

    public BrokerFacts {
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        metrics = metrics == null ? BrokerMetrics.empty() : metrics;
        configs = configs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(configs));
        logDirs = logDirs == null ? List.of() : List.copyOf(logDirs);
        peers = peers == null ? List.of() : List.copyOf(peers);
        topics = topics == null ? null : List.copyOf(topics);
        groups = groups == null ? null : List.copyOf(groups);
        workload = workload == null ? WorkloadMeters.empty() : workload;
    }

    /** Without topic facts (not read). */
    public BrokerFacts(BrokerStatus status, String reason, Instant unreachableSince, BrokerProcess process,
                       Integer nodeId, String processRoles, String clusterId, String kafkaVersion, String jmx,
                       String bootstrap, List<String> listeners, Long readMillis, BrokerMetrics metrics,
                       Map<String, ConfigValue> configs, List<LogDirUsage> logDirs, List<Peer> peers,
                       Integer controllerId, Integer topicCount, Long topicPartitionCount) {
        this(status, reason, unreachableSince, process, nodeId, processRoles, clusterId, kafkaVersion, jmx,
                bootstrap, listeners, readMillis, metrics, configs, logDirs, peers, controllerId, topicCount,
                topicPartitionCount, null, null);
    }

    /** Without topic facts (not read). */
    public BrokerFacts(BrokerStatus status, String reason, Instant unreachableSince, BrokerProcess process,
                       Integer nodeId, String processRoles, String clusterId, String kafkaVersion, String jmx,
                       String bootstrap, List<String> listeners, Long readMillis, BrokerMetrics metrics,
                       Map<String, ConfigValue> configs, List<LogDirUsage> logDirs, List<Peer> peers,
                       Integer controllerId, Integer topicCount, Long topicPartitionCount, TopicRisk topicRisk) {
        this(status, reason, unreachableSince, process, nodeId, processRoles, clusterId, kafkaVersion, jmx,
                bootstrap, listeners, readMillis, metrics, configs, logDirs, peers, controllerId, topicCount,
                topicPartitionCount, topicRisk, null);
    }

    /** Without topic risk (unknown). */
    public BrokerFacts(BrokerStatus status, String reason, Instant unreachableSince, BrokerProcess process,
                       Integer nodeId, String processRoles, String clusterId, String kafkaVersion, String jmx,
                       String bootstrap, List<String> listeners, Long readMillis, BrokerMetrics metrics,
                       Map<String, ConfigValue> configs, List<LogDirUsage> logDirs, List<Peer> peers,
                       Integer controllerId, Integer topicCount, Long topicPartitionCount, List<TopicFacts> topics) {
        this(status, reason, unreachableSince, process, nodeId, processRoles, clusterId, kafkaVersion, jmx, bootstrap,
                listeners, readMillis, metrics, configs, logDirs, peers, controllerId, topicCount, topicPartitionCount,
                null, topics);
    }

    /** No broker on this host and none configured. */
    public static BrokerFacts notFound(String reason) {
        return new BrokerFacts(BrokerStatus.NOT_FOUND, reason, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** The daemon's earliest report: the broker's network reads have not answered yet (see {@code reason}). */
    public static BrokerFacts notReadYet(String reason) {
        return new BrokerFacts(BrokerStatus.NOT_READ_YET, reason, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    /** These facts with the last-known identity set (the other fields unchanged). */
    public BrokerFacts withLastKnown(String clusterId, String kafkaVersion, Instant at) {
        return new BrokerFacts(status, reason, unreachableSince, process, nodeId, processRoles, this.clusterId,
                this.kafkaVersion, jmx, bootstrap, listeners, readMillis, metrics, configs, logDirs, peers,
                controllerId, topicCount, topicPartitionCount, topicRisk, topics, clusterId, kafkaVersion, at,
                groups, workload);
    }

    /** These facts with {@code unreachableSince} set (the other fields unchanged). */
    public BrokerFacts withUnreachableSince(Instant since) {
        return new BrokerFacts(status, reason, since, process, nodeId, processRoles, clusterId, kafkaVersion, jmx,
                bootstrap, listeners, readMillis, metrics, configs, logDirs, peers, controllerId, topicCount,
                topicPartitionCount, topicRisk, topics, lastKnownClusterId, lastKnownKafkaVersion, lastKnownAt,
                groups, workload);
    }

    /** These facts with the workload read set: topics (replacing them), groups and meters. */
    public BrokerFacts withWorkload(List<TopicFacts> topics, List<GroupFacts> groups, WorkloadMeters workload) {
        return new BrokerFacts(status, reason, unreachableSince, process, nodeId, processRoles, clusterId,
                kafkaVersion, jmx, bootstrap, listeners, readMillis, metrics, configs, logDirs, peers, controllerId,
                topicCount, topicPartitionCount, topicRisk, topics, lastKnownClusterId, lastKnownKafkaVersion,
                lastKnownAt, groups, workload);
    }

    /** A live config value by name. */
    public Optional<ConfigValue> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    /** True when the broker answered. */
    public boolean ok() {
        return status == BrokerStatus.OK;
    }
}
