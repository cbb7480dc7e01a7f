package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The path of a live thread-pool resize. Kafka accepts a dynamic thread-count change only when the new value is at
 * least half (integer division) and at most double the current one ({@code DynamicThreadPool.validateReconfiguration},
 * and per listener for {@code num.network.threads}), so a bigger change is a series of steps: 4 to 12 is 4, 8, 12.
 *
 * @param from  the current count
 * @param to    the target count
 * @param steps every value to set, in order, ending with {@code to}; empty when {@code from == to}
 */
public record ThreadSteps(int from, int to, List<Integer> steps) {
    public ThreadSteps {
        steps = List.copyOf(steps);
    }

    /** The fewest steps from {@code from} to {@code to}, each within [current / 2, current * 2]. */
    public static ThreadSteps between(int from, int to) {
        if (from < 1 || to < 1) {
            throw new IllegalArgumentException("thread counts start at 1: " + from + " -> " + to);
        }
        List<Integer> steps = new ArrayList<>();
        int v = from;
        while (v < to) {
            v = (int) Math.min(2L * v, to);
            steps.add(v);
        }
        while (v > to) {
            v = Math.max(v / 2, to);
            steps.add(v);
        }
        return new ThreadSteps(from, to, steps);
    }

    /** {@code 4 -> 8 -> 12}. */
    String path() {
        StringBuilder s = new StringBuilder().append(from);
        steps.forEach(v -> s.append(" -> ").append(v));
        return s.toString();
    }

    /**
     * One {@code kafka-configs.sh} command per step for this broker, each after a comment (later steps say to check
     * {@code metric} first), then the consolidation step as comments, to run by hand once every broker has run its
     * steps: the final count becomes the cluster default
     * ({@code --entity-default}) and each broker's own override is deleted ({@code --delete-config} per
     * {@code --entity-name}), so that no per-broker value shadows a later change of the default. The brokers are this
     * one and its peers from {@code describeCluster}. Every line is built with {@link Cmd}.
     */
    public List<String> applyLines(BrokerFacts broker, String config, String metric) {
        List<String> lines = new ArrayList<>();
        if (steps.isEmpty()) {
            return lines;
        }
        String bootstrap = BrokerConfigs.bootstrap(broker);
        String self = BrokerConfigs.nodeId(broker);
        if (steps.size() > 1) {
            lines.add(Shell.comment(config + " " + path() + ": a live change may at most double the pool, so "
                    + steps.size() + " steps"));
        }
        int previous = from;
        for (int i = 0; i < steps.size(); i++) {
            int v = steps.get(i);
            if (steps.size() > 1) {
                lines.add(Shell.comment("step " + (i + 1) + " of " + steps.size() + ": " + previous + " -> " + v
                        + (i == 0 ? "" : " (first check " + metric + " after the previous step)")));
            }
            lines.add(Cmd.of("kafka-configs.sh", "--bootstrap-server", bootstrap, "--entity-type", "brokers",
                    "--entity-name", self, "--alter", "--add-config", config + "=" + v).line());
            previous = v;
        }
        List<String> ids = brokerIds(broker);
        // comments, never live lines: pasted with this broker's step, they would set the default (and drop the
        // peers' overrides) while the peers still run the old value
        lines.add(Shell.comment("after every broker runs the step above (one at a time), consolidate:"));
        lines.add(Shell.comment("(" + config + "=" + to + " becomes the cluster default and the per-broker overrides "
                + "are deleted, so none shadows a later default)"));
        lines.add(Shell.comment("  " + Cmd.of("kafka-configs.sh", "--bootstrap-server", bootstrap, "--entity-type",
                "brokers", "--entity-default", "--alter", "--add-config", config + "=" + to).line()));
        for (String id : ids) {
            lines.add(Shell.comment("  " + Cmd.of("kafka-configs.sh", "--bootstrap-server", bootstrap,
                    "--entity-type", "brokers", "--entity-name", id, "--alter", "--delete-config", config).line()));
        }
        return lines;
    }

    /** This broker's id and its peers', in order; a placeholder when this broker's id is unknown. */
    static List<String> brokerIds(BrokerFacts broker) {
        TreeSet<Integer> ids = new TreeSet<>();
        if (broker.nodeId() != null) {
            ids.add(broker.nodeId());
        }
        for (Peer p : broker.peers()) {
            ids.add(p.nodeId());
        }
        List<String> out = new ArrayList<>();
        if (broker.nodeId() == null) {
            out.add(BrokerConfigs.nodeId(broker));
        }
        ids.forEach(id -> out.add(String.valueOf(id)));
        return out;
    }
}
