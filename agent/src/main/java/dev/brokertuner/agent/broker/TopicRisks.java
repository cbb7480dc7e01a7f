package dev.brokertuner.agent.broker;

import dev.brokertuner.report.TopicRisk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges topics' replication for {@link TopicRisk}: at risk when the replication factor is 1, or when
 * {@code min.insync.replicas} is at or above it. Pure: takes what {@code describeTopics} and {@code describeConfigs}
 * gave.
 */
final class TopicRisks {
    private TopicRisks() {
    }

    /**
     * @param replication topic to its smallest partition replica count
     * @param minIsr      topic to its {@code min.insync.replicas}; null when they could not be read
     */
    static TopicRisk of(Map<String, Integer> replication, Map<String, Integer> minIsr) {
        List<TopicRisk.Topic> examples = new ArrayList<>();
        int atRisk = 0;
        for (Map.Entry<String, Integer> e : new TreeMap<>(replication).entrySet()) {
            int rf = e.getValue();
            Integer isr = minIsr == null ? null : minIsr.get(e.getKey());
            if (rf <= 1 || (isr != null && isr >= rf)) {
                atRisk++;
                if (examples.size() < TopicRisk.MAX_EXAMPLES) {
                    examples.add(new TopicRisk.Topic(e.getKey(), rf, isr));
                }
            }
        }
        return new TopicRisk(replication.size(), atRisk, minIsr != null, examples);
    }
}
