package dev.brokertuner.agent.daemon.config;

import dev.brokertuner.agent.workload.BatchSampler;
import dev.brokertuner.agent.workload.MeterCadence;
import dev.brokertuner.agent.workload.ProducerWorkload;

/**
 * The {@code workload:} section of the agent config: how much of the broker's workload each gathering reads.
 *
 * @param topTopics        the busiest topics (by bytes in) whose per-topic meters, configs and record batches are
 *                         read, 1-1000 (default 20)
 * @param batchBudgetBytes the most log segment bytes read per gathering for batch headers, 64 KiB-64 MiB (default
 *                         2 MiB)
 * @param topicMetersSeconds how often a top topic's per-topic meters are read, 0-300 s (default 90; 0: every
 *                         gathering); between reads the report carries its last rates ({@link MeterCadence})
 */
public record WorkloadConfig(int topTopics, long batchBudgetBytes, int topicMetersSeconds) {
    public static final int MAX_TOP_TOPICS = ProducerWorkload.MAX_TOP_TOPICS;
    public static final int MAX_TOPIC_METERS_SECONDS = MeterCadence.MAX_SECONDS;

    /** With the default meter period. */
    public WorkloadConfig(int topTopics, long batchBudgetBytes) {
        this(topTopics, batchBudgetBytes, MeterCadence.DEFAULT_SECONDS);
    }
    public static final long MIN_BUDGET = ProducerWorkload.MIN_BUDGET;
    public static final long MAX_BUDGET = ProducerWorkload.MAX_BUDGET;

    /** The defaults. */
    public static WorkloadConfig defaults() {
        return new WorkloadConfig(ProducerWorkload.DEFAULT_TOP_TOPICS, BatchSampler.DEFAULT_BUDGET);
    }
}
