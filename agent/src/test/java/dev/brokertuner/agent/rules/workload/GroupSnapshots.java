package dev.brokertuner.agent.rules.workload;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.GroupFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Daemon-like snapshots with groups: one per gathering, 30 s apart, the newest with the others as history. */
final class GroupSnapshots {
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    private GroupSnapshots() {
    }

    /** The last gathering of {@code oldestFirst}, the others its history (the daemon keeps 12). */
    static Snapshot gatherings(String kafkaVersion, List<List<GroupFacts>> oldestFirst) {
        List<Snapshot> all = new ArrayList<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            Snapshot base = Snapshots.hostAndBroker(h -> { }, b -> b.kafkaVersion(kafkaVersion));
            BrokerFacts broker = base.broker().withWorkload(null, oldestFirst.get(i), null);
            all.add(new Snapshot(T0.plusSeconds(30L * i), base.host(), broker, List.of(), 12));
        }
        Snapshot last = all.get(all.size() - 1);
        List<Snapshot> earlier = new ArrayList<>(all.subList(0, all.size() - 1));
        java.util.Collections.reverse(earlier);
        return new Snapshot(last.at(), last.host(), last.broker(), earlier, 12);
    }

    static Snapshot gatherings(List<List<GroupFacts>> oldestFirst) {
        return gatherings("4.3.1", oldestFirst);
    }

    /** A single inspection (no history, none kept). */
    static Snapshot inspection(List<GroupFacts> groups) {
        Snapshot base = Snapshots.hostAndBroker(h -> { }, b -> { });
        return new Snapshot(T0, base.host(), base.broker().withWorkload(null, groups, null), List.of(), 0);
    }

    static GroupFacts group(String id, String type, String state, int members, int statics, Double perHour,
                            Integer rebalanceGatherings, Long lag, int partitions) {
        return group(id, type, state, members, statics, perHour, rebalanceGatherings, rebalanceGatherings,
                perHour == null ? null : 3600L, lag, partitions);
    }

    /** With the rebalance episodes and the wall time behind the rate. */
    static GroupFacts group(String id, String type, String state, int members, int statics, Double perHour,
                            Integer rebalanceGatherings, Integer episodes, Long windowSeconds, Long lag,
                            int partitions) {
        return new GroupFacts(id, type, state, 1, members, statics, List.of("orders"), partitions, null, perHour,
                rebalanceGatherings, lag, "unknown", null, episodes, windowSeconds);
    }
}
