package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.workload.GroupReader;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Peer;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.TopicRisk;
import dev.brokertuner.report.TopicFacts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the AdminClient read of the broker gave: cluster, live configs and log dirs, or why it failed. */
public sealed interface AdminReading permits AdminReading.Read, AdminReading.Failed {
    /**
     * The broker answered.
     *
     * @param clusterId    cluster id
     * @param nodeId       the node read (given, or the only node)
     * @param controllerId the active controller's id, null when unknown
     * @param configs      the configs of {@link AdminReader#CONFIGS} the broker reported
     * @param logDirs      bytes per data dir with the filesystem's capacity
     * @param peers        the other brokers with TCP connect RTT
     * @param topicRisk    topics without room for a broker failure (lowest-id broker only), null when not read
     * @param topics       topics with replicas here and their configs of {@link AdminReader#TOPIC_CONFIGS}, null when
     *                     not read
     * @param problems     parts that could not be read
     * @param groups       the groups this broker coordinates ({@link GroupReader}), null when not read
     */
    record Read(String clusterId, Integer nodeId, Integer controllerId, Map<String, ConfigValue> configs,
                List<LogDirUsage> logDirs, List<Peer> peers, Integer topicCount, Long topicPartitionCount,
                TopicRisk topicRisk, List<TopicFacts> topics, List<Problem> problems, List<GroupFacts> groups)
            implements AdminReading {
        public Read {
            configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
            logDirs = List.copyOf(logDirs);
            peers = List.copyOf(peers);
            topics = topics == null ? null : List.copyOf(topics);
            problems = List.copyOf(problems);
            groups = groups == null ? null : List.copyOf(groups);
        }

        /** A read without groups. */
        public Read(String clusterId, Integer nodeId, Integer controllerId, Map<String, ConfigValue> configs,
                    List<LogDirUsage> logDirs, List<Peer> peers, Integer topicCount, Long topicPartitionCount,
                    TopicRisk topicRisk, List<TopicFacts> topics, List<Problem> problems) {
            this(clusterId, nodeId, controllerId, configs, logDirs, peers, topicCount, topicPartitionCount, topicRisk,
                    topics, problems, null);
        }

        /** A read without topic risk or topic facts. */
        public Read(String clusterId, Integer nodeId, Integer controllerId, Map<String, ConfigValue> configs,
                    List<LogDirUsage> logDirs, List<Peer> peers, Integer topicCount, Long topicPartitionCount,
                    List<Problem> problems) {
            this(clusterId, nodeId, controllerId, configs, logDirs, peers, topicCount, topicPartitionCount, null,
                    null, problems);
        }
    }

    /** The broker could not be read with AdminClient. */
    record Failed(String reason) implements AdminReading {
    }
}
