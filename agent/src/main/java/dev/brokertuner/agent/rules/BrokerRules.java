package dev.brokertuner.agent.rules;

import dev.brokertuner.agent.rules.broker.ConsumerFetchRule;
import dev.brokertuner.agent.rules.broker.DiskFillRule;
import dev.brokertuner.agent.rules.broker.HeapRule;
import dev.brokertuner.agent.rules.broker.IoThreadsRule;
import dev.brokertuner.agent.rules.broker.LogFlushRule;
import dev.brokertuner.agent.rules.broker.NetworkThreadsRule;
import dev.brokertuner.agent.rules.broker.ReplicationHealthRule;
import dev.brokertuner.agent.rules.broker.RequestQueueRule;
import dev.brokertuner.agent.rules.broker.SocketBuffersRule;
import dev.brokertuner.agent.rules.broker.SocketRequestMaxRule;
import dev.brokertuner.agent.rules.broker.TieredStorageRule;
import dev.brokertuner.agent.rules.workload.ProducerBatchingRule;
import dev.brokertuner.agent.rules.workload.ProducerCompressionRule;
import dev.brokertuner.agent.rules.workload.ProducerIdempotenceRule;
import dev.brokertuner.agent.rules.workload.GroupLagRule;
import dev.brokertuner.agent.rules.workload.GroupRebalancesRule;
import dev.brokertuner.agent.rules.broker.TopicPartitionsRule;
import java.util.List;

/** The broker rules, in report order. One line per rule. */
public final class BrokerRules {
    private BrokerRules() {
    }

    public static List<Rule> all() {
        return List.of(
                new IoThreadsRule(),
                new NetworkThreadsRule(),
                new RequestQueueRule(),
                new SocketBuffersRule(),
                new SocketRequestMaxRule(),
                new LogFlushRule(),
                new DiskFillRule(),
                new TieredStorageRule(),
                new ReplicationHealthRule(),
                new HeapRule(),
                new ProducerBatchingRule(),
                new ProducerCompressionRule(),
                new ProducerIdempotenceRule(),
                new GroupRebalancesRule(),
                new GroupLagRule(),
                new TopicPartitionsRule(),
                new ConsumerFetchRule()
        );
    }
}
