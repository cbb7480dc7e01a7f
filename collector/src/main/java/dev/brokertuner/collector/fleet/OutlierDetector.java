package dev.brokertuner.collector.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds the brokers of one cluster that differ from their peers, setting by setting ({@link Attribute}). A
 * setting is judged when at least {@link #MIN_KNOWN} brokers report it: the majority is the value held by more than
 * half of them, and every other broker is an outlier; with no such value every broker is listed. Pure: hosts in,
 * outliers out, in {@link Attribute} order.
 */
public final class OutlierDetector {
    /** Fewer brokers than this cannot outvote each other. */
    public static final int MIN_KNOWN = 3;

    /**
     * Outliers of the cluster.
     *
     * @param attributesByHost each host's {@link HostSummary#attributes()}
     */
    public List<Outlier> detect(Map<String, Map<String, String>> attributesByHost) {
        List<Outlier> out = new ArrayList<>();
        for (Attribute a : Attribute.values()) {
            Map<String, String> values = new TreeMap<>();
            attributesByHost.forEach((host, attrs) -> {
                String v = attrs.get(a.key());
                if (v != null) {
                    values.put(host, v);
                }
            });
            if (values.size() < MIN_KNOWN) {
                continue;
            }
            Map<String, Long> counts = values.values().stream()
                    .collect(Collectors.groupingBy(v -> v, LinkedHashMap::new, Collectors.counting()));
            if (counts.size() == 1) {
                continue;
            }
            var top = counts.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).orElseThrow();
            boolean majority = top.getValue() * 2 > values.size();
            List<Outlier.Deviation> differing = values.entrySet().stream()
                    .filter(e -> !majority || !e.getValue().equals(top.getKey()))
                    .map(e -> new Outlier.Deviation(e.getKey(), e.getValue())).toList();
            out.add(new Outlier(a.key(), a.label(), majority ? top.getKey() : null,
                    majority ? top.getValue().intValue() : 0, values.size(), differing,
                    summary(a, majority ? top.getKey() : null, top.getValue().intValue(), values.size(), differing,
                            counts)));
        }
        return out;
    }

    /**
     * How many settings {@link #detect} would report, without building them: a setting counts when at least
     * {@link #MIN_KNOWN} brokers report it and they do not all agree. The fleet view's fast path.
     */
    public int count(Collection<Map<String, String>> attributes) {
        int n = 0;
        for (Attribute a : Attribute.values()) {
            int known = 0;
            String first = null;
            boolean differs = false;
            for (Map<String, String> attrs : attributes) {
                String v = attrs.get(a.key());
                if (v == null) {
                    continue;
                }
                known++;
                if (first == null) {
                    first = v;
                } else if (!differs && !first.equals(v)) {
                    differs = true;
                }
            }
            if (known >= MIN_KNOWN && differs) {
                n++;
            }
        }
        return n;
    }

    private static String summary(Attribute a, String majority, int majorityCount, int known,
                                  List<Outlier.Deviation> differing, Map<String, Long> counts) {
        if (majority == null) {
            return "no common " + a.label() + " among " + known + " brokers: " + counts.entrySet().stream()
                    .map(e -> e.getKey() + " on " + e.getValue()).collect(Collectors.joining(", "));
        }
        if (differing.size() == 1) {
            Outlier.Deviation d = differing.get(0);
            return d.hostname() + " is the only broker with " + a.label() + " " + d.value() + " (the other "
                    + majorityCount + " have " + majority + ")";
        }
        return differing.size() + " of " + known + " brokers differ from the majority's " + a.label() + " "
                + majority + ": " + differing.stream().map(d -> d.hostname() + " (" + d.value() + ")")
                .collect(Collectors.joining(", "));
    }
}
