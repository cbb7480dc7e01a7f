package dev.brokertuner.agent.workload;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which topics get the workload read (per-topic meters, configs, batch headers): the K busiest by bytes in. A
 * topic's score is its measured {@code BytesInPerSec,topic=} rate from the last window when it was measured, else
 * the growth of its bytes here between the last two {@code describeLogDirs} reads (bytes/s; followers' replicas and
 * retention make that rougher), else 0; ties by bytes here, then by name. So a topic leaves the top K once it is
 * measured quiet, and a topic growing fast enters it without being measured first. Kafka's internal topics
 * ({@link InternalTopics}) are never chosen: their bytes are the brokers' own offsets and transaction state. Pure: the
 * caller keeps the state.
 */
public final class TopTopics {
    private TopTopics() {
    }

    /**
     * The top {@code k} of {@code bytes}' topics.
     *
     * @param k       the bound (at least 1)
     * @param bytes   bytes per topic here, from the latest {@code describeLogDirs}
     * @param growth  bytes/s per topic between the two latest {@code describeLogDirs} reads, may be empty
     * @param rates   the last measured {@code BytesInPerSec} per topic, may be empty
     */
    public static List<String> choose(int k, Map<String, Long> bytes, Map<String, Double> growth,
                                      Map<String, Double> rates) {
        Map<String, Double> score = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (String t : bytes.keySet()) {
            if (InternalTopics.internal(t)) {
                continue;
            }
            Double r = rates.get(t);
            Double g = growth.get(t);
            score.put(t, r != null ? r : g != null ? Math.max(0, g) : 0.0);
            names.add(t);
        }
        names.sort(Comparator.comparing((String t) -> score.get(t)).reversed()
                .thenComparing(Comparator.comparing((String t) -> bytes.getOrDefault(t, 0L)).reversed())
                .thenComparing(Comparator.naturalOrder()));
        return List.copyOf(names.subList(0, Math.min(Math.max(1, k), names.size())));
    }

    /**
     * Bytes/s per topic between two {@code describeLogDirs} reads {@code seconds} apart; topics in only one of them
     * are left out, and so is everything when {@code seconds} is not positive.
     */
    public static Map<String, Double> growth(Map<String, Long> before, Map<String, Long> after, double seconds) {
        Map<String, Double> out = new HashMap<>();
        if (seconds <= 0) {
            return out;
        }
        after.forEach((t, b) -> {
            Long was = before.get(t);
            if (was != null && b != null) {
                out.put(t, (b - was) / seconds);
            }
        });
        return out;
    }
}
