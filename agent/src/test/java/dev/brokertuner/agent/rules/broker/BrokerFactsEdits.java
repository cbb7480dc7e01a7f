package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.TopicRisk;
import java.util.List;
import java.util.function.UnaryOperator;

/** Edits of a built snapshot's broker facts for the replication and heap rule tests (fields Snapshots lacks). */
final class BrokerFactsEdits {
    private BrokerFactsEdits() {
    }

    /** The snapshot with its broker's metrics, process and topic risk replaced (null keeps the current one). */
    static Snapshot edit(Snapshot s, UnaryOperator<BrokerMetrics> metrics, BrokerProcess process, TopicRisk risk) {
        return new Snapshot(s.at(), s.host(), edit(s.broker(), metrics, process, risk), s.earlier());
    }

    static BrokerFacts edit(BrokerFacts b, UnaryOperator<BrokerMetrics> metrics, BrokerProcess process,
                            TopicRisk risk) {
        return new BrokerFacts(b.status(), b.reason(), b.unreachableSince(), process == null ? b.process() : process,
                b.nodeId(), b.processRoles(), b.clusterId(), b.kafkaVersion(), b.jmx(), b.bootstrap(), b.listeners(),
                b.readMillis(), metrics == null ? b.metrics() : metrics.apply(b.metrics()), b.configs(), b.logDirs(),
                b.peers(), b.controllerId(), b.topicCount(), b.topicPartitionCount(),
                risk == null ? b.topicRisk() : risk);
    }

    /** Replication gauges set, the rest of the metrics unchanged. */
    static UnaryOperator<BrokerMetrics> replication(Long urp, Long underMinIsr, Long atMinIsr, Long offlineReplicas,
                                                    Long offlineDirs, Double shrinks, Double expands) {
        return m -> {
            BrokerMetrics base = new BrokerMetrics(m.requestHandlerIdleRatio(), m.networkProcessorIdleRatio(),
                    m.requestQueueSize(), m.responseQueueSize(), m.bytesInPerSec(), m.bytesOutPerSec(),
                    m.messagesInPerSec(), m.replicationBytesInPerSec(), m.replicationBytesOutPerSec(),
                    m.produceTotalTimeMsP50(), m.produceTotalTimeMsP99(), m.produceRequestQueueTimeMsP99(),
                    m.produceLocalTimeMsP99(), m.produceRemoteTimeMsP99(), m.produceResponseQueueTimeMsP99(),
                    m.produceResponseSendTimeMsP99(), m.fetchConsumerTotalTimeMsP50(),
                    m.fetchConsumerTotalTimeMsP99(), m.fetchConsumerRequestQueueTimeMsP99(),
                    m.fetchFollowerTotalTimeMsP50(), m.fetchFollowerTotalTimeMsP99(),
                    m.fetchFollowerRequestQueueTimeMsP99(), m.logFlushRatePerSec(), m.logFlushTimeMsP99(),
                    m.partitionCount(), m.leaderCount(), urp, offlineDirs, shrinks, m.fetchConsumerLocalTimeMsP99(),
                    m.fetchConsumerRemoteTimeMsP99(), m.fetchConsumerResponseQueueTimeMsP99(),
                    m.fetchConsumerResponseSendTimeMsP99(), m.fetchFollowerLocalTimeMsP99(),
                    m.fetchFollowerRemoteTimeMsP99(), m.fetchFollowerResponseQueueTimeMsP99(),
                    m.fetchFollowerResponseSendTimeMsP99());
            return base.withReplicationAndGc(underMinIsr, atMinIsr, offlineReplicas, expands, 0L, m.gcTimeRatio());
        };
    }

    /** The GC ratio set. */
    static UnaryOperator<BrokerMetrics> gc(double ratio) {
        return m -> m.withReplicationAndGc(m.underMinIsrPartitionCount(), m.atMinIsrPartitionCount(),
                m.offlineReplicaCount(), m.isrExpandsPerSec(), m.replicaMaxLag(), ratio);
    }

    static TopicRisk risk(int checked, boolean minIsrKnown, TopicRisk.Topic... atRisk) {
        return new TopicRisk(checked, atRisk.length, minIsrKnown, List.of(atRisk));
    }
}
