package dev.brokertuner.collector.fleet;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fleet views need of one host's latest report, small enough to keep every host in memory (about a
 * kilobyte each): identity, cluster, findings, the settings compared across peers, throughput and capacity.
 *
 * @param hostname          the host
 * @param clusterKey        the Kafka cluster id, else the agent's {@code clusterAlias}, else {@code unassigned}
 * @param clusterId         the Kafka cluster id, null when unknown
 * @param clusterAlias      the agent's alias, null when not set
 * @param sender            the name of the token that delivered the report
 * @param reportId          the latest report
 * @param generatedAt       when the agent gathered it
 * @param receivedAt        when the collector stored it
 * @param agentVersion      agent version
 * @param brokerStatus      {@code ok}, {@code unreachable}, {@code not-found}, or {@code not-gathered}
 * @param nodeId            the broker's node id, null when unknown
 * @param critical          critical findings
 * @param warning           warning findings
 * @param info              info findings
 * @param findings          the findings
 * @param attributes        settings compared across peers, by {@link Attribute#key()}; unknown ones absent
 * @param bytesInPerSec     broker bytes in per second, null when unknown
 * @param bytesOutPerSec    broker bytes out per second, null when unknown
 * @param partitionCount    partitions (replicas) on this broker, null when unknown
 * @param leaderCount       partition leaders on this broker, null when unknown
 * @param cpus              logical CPUs, null when unknown
 * @param diskCapacityBytes capacity of each data dir's filesystem (one data dir per mount), by data dir
 * @param nicSpeedMbps      the broker NIC's link speed, null when unknown
 * @param topicCount        topics in the cluster (only the lowest-id broker reports it), null otherwise
 * @param topicPartitionCount partitions of those topics, with topicCount
 * @param workload          its busiest topics and the groups it coordinates (bounded), null when the report carried
 *                          no workload facts
 * @param unknownRules      the rules that could not judge at least one subject (a check {@code unknown} or
 *                          {@code failed}), sorted, each once, at most {@link Summaries#MAX_UNKNOWN_RULES}: the
 *                          alert lifecycle does not count a finding of these as absent. Empty for summaries stored
 *                          before it was kept.
 */
public record HostSummary(String hostname, String clusterKey, String clusterId, String clusterAlias, String sender,
                          String reportId, Instant generatedAt, Instant receivedAt, String agentVersion,
                          String brokerStatus, Integer nodeId, int critical, int warning, int info,
                          List<FindingRef> findings, Map<String, String> attributes, Double bytesInPerSec,
                          Double bytesOutPerSec, Long partitionCount, Long leaderCount, Integer cpus,
                          Map<String, Long> diskCapacityBytes, Long nicSpeedMbps, Integer topicCount,
                          Long topicPartitionCount, HostWorkload workload, List<String> unknownRules) {
    public HostSummary {
        unknownRules = unknownRules == null ? List.of() : List.copyOf(unknownRules);
        findings = findings == null ? List.of() : List.copyOf(findings);
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        diskCapacityBytes = diskCapacityBytes == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(diskCapacityBytes));
    }

    /** Without the rules that could not judge. */
    public HostSummary(String hostname, String clusterKey, String clusterId, String clusterAlias, String sender,
                       String reportId, Instant generatedAt, Instant receivedAt, String agentVersion,
                       String brokerStatus, Integer nodeId, int critical, int warning, int info,
                       List<FindingRef> findings, Map<String, String> attributes, Double bytesInPerSec,
                       Double bytesOutPerSec, Long partitionCount, Long leaderCount, Integer cpus,
                       Map<String, Long> diskCapacityBytes, Long nicSpeedMbps, Integer topicCount,
                       Long topicPartitionCount, HostWorkload workload) {
        this(hostname, clusterKey, clusterId, clusterAlias, sender, reportId, generatedAt, receivedAt, agentVersion,
                brokerStatus, nodeId, critical, warning, info, findings, attributes, bytesInPerSec, bytesOutPerSec,
                partitionCount, leaderCount, cpus, diskCapacityBytes, nicSpeedMbps, topicCount, topicPartitionCount,
                workload, List.of());
    }

    /** Without workload facts. */
    public HostSummary(String hostname, String clusterKey, String clusterId, String clusterAlias, String sender,
                       String reportId, Instant generatedAt, Instant receivedAt, String agentVersion,
                       String brokerStatus, Integer nodeId, int critical, int warning, int info,
                       List<FindingRef> findings, Map<String, String> attributes, Double bytesInPerSec,
                       Double bytesOutPerSec, Long partitionCount, Long leaderCount, Integer cpus,
                       Map<String, Long> diskCapacityBytes, Long nicSpeedMbps, Integer topicCount,
                       Long topicPartitionCount) {
        this(hostname, clusterKey, clusterId, clusterAlias, sender, reportId, generatedAt, receivedAt, agentVersion,
                brokerStatus, nodeId, critical, warning, info, findings, attributes, bytesInPerSec, bytesOutPerSec,
                partitionCount, leaderCount, cpus, diskCapacityBytes, nicSpeedMbps, topicCount, topicPartitionCount,
                null, List.of());
    }

    /**
     * Where this report stands among the host's reports: the earlier of {@code generatedAt} and
     * {@code receivedAt}. An agent's clock ahead of the collector's cannot make a report outrank later ones, and a
     * report delivered late (from the agent's outbox) does not replace a newer one.
     */
    public Instant orderAt() {
        return generatedAt.isAfter(receivedAt) ? receivedAt : generatedAt;
    }

    /** This summary filed under another cluster (kept from the host's previous report). */
    public HostSummary inCluster(String key, String id) {
        return new HostSummary(hostname, key, id, clusterAlias, sender, reportId, generatedAt, receivedAt,
                agentVersion, brokerStatus, nodeId, critical, warning, info, findings, attributes, bytesInPerSec,
                bytesOutPerSec, partitionCount, leaderCount, cpus, diskCapacityBytes, nicSpeedMbps, topicCount,
                topicPartitionCount, workload, unknownRules);
    }

    /** True when no report arrived within {@code staleAfterSeconds} of {@code now}. */
    public boolean staleAt(Instant now, long staleAfterSeconds) {
        return receivedAt.plusSeconds(staleAfterSeconds).isBefore(now);
    }
}
