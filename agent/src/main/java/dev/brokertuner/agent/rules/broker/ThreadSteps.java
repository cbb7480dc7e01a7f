package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.report.BrokerFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * The path of a live thread-pool resize. Kafka accepts a dynamic thread-count change only when the new value is at
 * least half (integer division) and at most double the current one ({@code DynamicThreadPool.validateReconfiguration},
 * and per listener for {@code num.network.threads}), so a bigger change is a series of steps: 4 to 12 is 4, 8, 12.
 *
 * @param from  the current count
 * @param to    the target count
 * @param steps every value to set, in order, ending with {@code to}; empty when {@code from == to}
 */
record ThreadSteps(int from, int to, List<Integer> steps) {
    ThreadSteps {
        steps = List.copyOf(steps);
    }

    /** The fewest steps from {@code from} to {@code to}, each within [current / 2, current * 2]. */
    static ThreadSteps between(int from, int to) {
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
     * One {@code kafka-configs.sh} command per step for this broker, each after a comment; later steps say to check
     * {@code metric} first.
     */
    List<String> applyLines(BrokerFacts broker, String config, String metric) {
        List<String> lines = new ArrayList<>();
        if (steps.size() > 1) {
            lines.add("# " + config + " " + path() + ": a live change may at most double the pool, so "
                    + steps.size() + " steps");
        }
        int previous = from;
        for (int i = 0; i < steps.size(); i++) {
            int v = steps.get(i);
            if (steps.size() > 1) {
                lines.add("# step " + (i + 1) + " of " + steps.size() + ": " + previous + " -> " + v
                        + (i == 0 ? "" : " (first check " + metric + " after the previous step)"));
            }
            lines.add(BrokerConfigs.alterBroker(broker, config, String.valueOf(v)));
            previous = v;
        }
        return lines;
    }
}
