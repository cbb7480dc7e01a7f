package dev.brokertuner.agent.workload;

import dev.brokertuner.agent.gather.JmxBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads the per-topic {@code kafka.server:type=BrokerTopicMetrics,name=...,topic=T} meters of a bounded list of
 * topics: {@code Count} at the start of the sample window and again at its end, each rate the difference over the
 * time between the two reads of that bean (as the broker-wide meters are computed); without a window, the meters'
 * {@code OneMinuteRate}. A topic with no traffic on this broker has no per-topic bean: its rates are null. Only
 * {@link #METERS} of the topics given are read, never a pattern over every topic, except {@link #busiest} which
 * lists the per-topic {@code BytesInPerSec} beans once when nothing else ranks the topics (the first gathering).
 * IOExceptions (the connection) are the caller's; a bean-level failure leaves that meter unknown.
 */
public final class TopicMeters {
    /** The meters read per topic, in {@link TopicRates}' order. */
    public static final List<String> METERS = List.of("BytesInPerSec", "MessagesInPerSec",
            "TotalProduceRequestsPerSec", "BytesOutPerSec");
    /** At most this many per-topic beans are looked at by {@link #busiest}. */
    public static final int MAX_LISTED = 2_000;

    /** Topics whose bean names are kept (the names of every topic read lately, 4 per topic). */
    static final int NAMES_KEPT = 2 * ProducerWorkload.MAX_TOP_TOPICS;

    private final LongSupplier nanoTime;
    private final JmxBatch batch;
    /** The meters' names per topic, built once (an ObjectName parses its text), least recently used dropped. */
    private final Map<String, ObjectName[]> names = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectName[]> eldest) {
            return size() > NAMES_KEPT;
        }
    };

    public TopicMeters(LongSupplier nanoTime) {
        this(nanoTime, JmxBatch.sequential(nanoTime));
    }

    /** @param batch reads the topics' beans side by side (the gatherer's) */
    public TopicMeters(LongSupplier nanoTime, JmxBatch batch) {
        this.nanoTime = nanoTime;
        this.batch = batch;
    }

    /** One attribute of every meter of {@code topics} in one batch: topic to meter to result (absent: no name). */
    private Map<String, Map<String, JmxBatch.Result>> readAll(MBeanServerConnection c, List<String> topics,
                                                              String attribute) throws IOException {
        List<JmxBatch.Ask> asks = new ArrayList<>();
        List<String[]> keys = new ArrayList<>();
        for (String t : topics) {
            ObjectName[] kept = names(t);
            for (int i = 0; i < METERS.size(); i++) {
                String m = METERS.get(i);
                ObjectName n = kept[i];
                if (n != null) {
                    asks.add(new JmxBatch.Ask(n, attribute));
                    keys.add(new String[] {t, m});
                }
            }
        }
        List<JmxBatch.Result> results = batch.read(c, asks);
        Map<String, Map<String, JmxBatch.Result>> out = new LinkedHashMap<>();
        for (String t : topics) {
            out.put(t, new LinkedHashMap<>());
        }
        for (int i = 0; i < keys.size(); i++) {
            out.get(keys.get(i)[0]).put(keys.get(i)[1], results.get(i));
        }
        return out;
    }

    private static Object value(JmxBatch.Result r, String attribute) {
        return r instanceof JmxBatch.Result.Read read ? read.attributes().get(attribute) : null;
    }

    /** The four meters' names of one topic (null entries for a topic name no ObjectName can hold), kept. */
    private synchronized ObjectName[] names(String topic) {
        return names.computeIfAbsent(topic, t -> {
            ObjectName[] n = new ObjectName[METERS.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = bean(METERS.get(i), t);
            }
            return n;
        });
    }

    /** The {@code Count}s read at one moment: topic to meter to count, and when each bean was read. */
    public record Counts(List<String> topics, Map<String, Map<String, Long>> counts,
                         Map<String, Map<String, Long>> nanos) {
        public Counts {
            topics = List.copyOf(topics);
            counts = Map.copyOf(counts);
            nanos = Map.copyOf(nanos);
        }

        /** No topics. */
        public static Counts none() {
            return new Counts(List.of(), Map.of(), Map.of());
        }

        /**
         * The counts of those of {@code wanted} with at least one meter read here, in {@code wanted}'s order (a topic
         * that had no bean then is left out: its start is read again, in case its beans exist now).
         */
        public Counts only(List<String> wanted) {
            List<String> t = wanted.stream().filter(x -> counts.containsKey(x) && !counts.get(x).isEmpty()).toList();
            Map<String, Map<String, Long>> c = new LinkedHashMap<>();
            Map<String, Map<String, Long>> n = new LinkedHashMap<>();
            for (String topic : t) {
                c.put(topic, counts.get(topic));
                n.put(topic, nanos.get(topic));
            }
            return new Counts(t, c, n);
        }

        /** These counts and {@code other}'s (other's topics after these; a topic in both keeps these counts). */
        public Counts and(Counts other) {
            List<String> t = new ArrayList<>(topics);
            Map<String, Map<String, Long>> c = new LinkedHashMap<>(counts);
            Map<String, Map<String, Long>> n = new LinkedHashMap<>(nanos);
            for (String topic : other.topics()) {
                if (!c.containsKey(topic)) {
                    t.add(topic);
                    c.put(topic, other.counts().get(topic));
                    n.put(topic, other.nanos().get(topic));
                }
            }
            return new Counts(t, c, n);
        }
    }

    /** The name of one per-topic meter bean, null for a topic name no ObjectName can hold. */
    static ObjectName bean(String meter, String topic) {
        try {
            return new ObjectName("kafka.server:type=BrokerTopicMetrics,name=" + meter + ",topic=" + topic);
        } catch (MalformedObjectNameException e) {
            return null;
        }
    }

    /** Reads {@code Count} of every meter of {@code topics}. */
    public Counts counts(MBeanServerConnection c, List<String> topics) throws IOException {
        if (topics.isEmpty()) {
            return Counts.none();
        }
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        Map<String, Map<String, Long>> nanos = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, JmxBatch.Result>> t : readAll(c, topics, "Count").entrySet()) {
            Map<String, Long> byMeter = new LinkedHashMap<>();
            Map<String, Long> at = new LinkedHashMap<>();
            for (Map.Entry<String, JmxBatch.Result> m : t.getValue().entrySet()) {
                // not registered (no traffic for the topic here) or unreadable: that meter stays unknown
                if (m.getValue() instanceof JmxBatch.Result.Read r && r.attributes().get("Count") instanceof Number v) {
                    byMeter.put(m.getKey(), v.longValue());
                    at.put(m.getKey(), r.nanos());
                }
            }
            counts.put(t.getKey(), byMeter);
            nanos.put(t.getKey(), at);
        }
        return new Counts(topics, counts, nanos);
    }

    /**
     * The rates between two reads of the same topics: null where a bean was missing in either or went back (a
     * broker restart, or the topic deleted and created again since the start was read). Each rate spans the time
     * between the two reads of its own bean.
     */
    public static Map<String, TopicRates> rates(Counts start, Counts end) {
        Map<String, TopicRates> out = new LinkedHashMap<>();
        for (String t : end.topics()) {
            Double[] r = new Double[METERS.size()];
            Double seconds = null;
            for (int i = 0; i < METERS.size(); i++) {
                String m = METERS.get(i);
                Long c0 = start.counts().getOrDefault(t, Map.of()).get(m);
                Long c1 = end.counts().getOrDefault(t, Map.of()).get(m);
                Long n0 = start.nanos().getOrDefault(t, Map.of()).get(m);
                Long n1 = end.nanos().getOrDefault(t, Map.of()).get(m);
                if (c0 != null && c1 != null && n0 != null && n1 != null && c1 >= c0 && n1 > n0) {
                    r[i] = (c1 - c0) / ((n1 - n0) / 1e9);
                    seconds = seconds == null ? (n1 - n0) / 1e9 : Math.max(seconds, (n1 - n0) / 1e9);
                }
            }
            out.put(t, new TopicRates(r[0], r[1], r[2], r[3], seconds));
        }
        return out;
    }

    /** Without a window: each meter's {@code OneMinuteRate}. */
    public Map<String, TopicRates> oneMinuteRates(MBeanServerConnection c, List<String> topics) throws IOException {
        Map<String, TopicRates> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, JmxBatch.Result>> t : readAll(c, topics, "OneMinuteRate").entrySet()) {
            Double[] r = new Double[METERS.size()];
            for (int i = 0; i < METERS.size(); i++) {
                if (value(t.getValue().get(METERS.get(i)), "OneMinuteRate") instanceof Number v
                        && Double.isFinite(v.doubleValue())) {
                    r[i] = v.doubleValue();
                }
            }
            out.put(t.getKey(), new TopicRates(r[0], r[1], r[2], r[3]));
        }
        return out;
    }

    /**
     * The {@code k} topics with the highest {@code BytesInPerSec} {@code FiveMinuteRate} among the per-topic beans
     * this broker registers (at most {@link #MAX_LISTED} looked at, by name): the ranking for a first gathering.
     */
    public List<String> busiest(MBeanServerConnection c, int k) throws IOException {
        Set<String> topics = new TreeSet<>();
        try {
            for (ObjectName n : c.queryNames(new ObjectName(
                    "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=*"), null)) {
                String t = n.getKeyProperty("topic");
                if (t != null && !InternalTopics.internal(t)) {
                    topics.add(t);
                }
            }
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        List<String> names = new ArrayList<>(topics);
        if (names.size() > MAX_LISTED) {
            names = names.subList(0, MAX_LISTED);
        }
        if (names.size() <= k) {
            return names;
        }
        Map<String, Double> rate = new LinkedHashMap<>();
        List<JmxBatch.Ask> asks = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (String t : names) {
            ObjectName n = bean("BytesInPerSec", t);
            rate.put(t, 0.0);
            if (n != null) {
                asks.add(new JmxBatch.Ask(n, "FiveMinuteRate"));
                asked.add(t);
            }
        }
        List<JmxBatch.Result> results = batch.read(c, asks);
        for (int i = 0; i < asked.size(); i++) {
            if (value(results.get(i), "FiveMinuteRate") instanceof Number v && Double.isFinite(v.doubleValue())) {
                rate.put(asked.get(i), v.doubleValue());
            }
        }
        return rate.keySet().stream().sorted(Comparator.comparing((String t) -> rate.get(t)).reversed()
                .thenComparing(Comparator.naturalOrder())).limit(k).toList();
    }
}
