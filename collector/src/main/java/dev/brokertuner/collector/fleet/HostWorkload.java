package dev.brokertuner.collector.fleet;

import java.util.List;

/**
 * The workload part of a {@link HostSummary}: the host's busiest topics and the groups it coordinates, each bounded
 * ({@link WorkloadSummaries#MAX_TOPICS}, {@link WorkloadSummaries#MAX_GROUPS}) so that the summaries of 10,000
 * hosts stay small; the full report stays in the store.
 *
 * @param topics         the topics with workload facts, most bytes in first
 * @param groups         the groups this host's broker reported, most rebalances first, then most lag
 * @param topicsLeftOut  topics with workload facts beyond the bound, left out of {@code topics}
 * @param groupsLeftOut  groups beyond the bound, left out of {@code groups}
 * @param groupsRead     true when the report carried {@code broker.groups} (possibly empty: no group coordinated
 *                       here), false when groups were not read
 */
public record HostWorkload(List<HostTopic> topics, List<HostGroup> groups, int topicsLeftOut, int groupsLeftOut,
                           boolean groupsRead) {
    public HostWorkload {
        topics = topics == null ? List.of() : List.copyOf(topics);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
