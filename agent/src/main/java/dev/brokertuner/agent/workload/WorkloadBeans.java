package dev.brokertuner.agent.workload;

import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.report.WorkloadMeters;
import java.io.IOException;
import java.util.ArrayList;
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
 * Reads the broker-wide workload meters ({@link WorkloadMeters}) over the JMX connection the broker table uses, at
 * both ends of the sample window: request rates for Produce and FetchConsumer (the {@code RequestsPerSec} meters,
 * one per request version, summed), the mean request size over the window ({@code RequestBytes}: the growth of
 * {@code Mean x Count} over the growth of {@code Count}), consumer bytes per consumer fetch ({@code BytesOutPerSec},
 * which already excludes follower fetches, over FetchConsumer requests), {@code FetchSessionCache} evictions and
 * sessions, message conversions, and the group coordinator's rebalance counts and groups per state. A bean the
 * broker does not register (the KIP-848 coordinator's {@code group-coordinator-metrics} on 3.9, the classic
 * {@code GroupMetadataManager} gauges once removed) leaves its value null, which is not a problem: the version simply
 * has no such meter. Without a window (a single read) rates are the meters' {@code OneMinuteRate}s and the coordinator's
 * {@code -rate} attributes, request sizes the lifetime mean.
 *
 * <p>The per-version request beans are found with one {@code queryNames} pattern per request, and the names are kept
 * and re-queried only at the start of every {@link #REQUERY_EVERY}th window (a new version appears when a newer
 * client connects), never at a window's end, so a read is a fixed set of {@code getAttributes} calls and both ends
 * of a window sum the same beans. Not thread-safe: one gatherer owns it.
 */
public final class WorkloadBeans {
    /** Windows (or single reads) between two {@code queryNames} of the per-version request meters. */
    public static final int REQUERY_EVERY = 20;

    static final String COUNT = "Count";
    static final String RATE = "OneMinuteRate";
    static final String MEAN = "Mean";
    static final String VALUE = "Value";
    static final String GROUP_COORDINATOR = "kafka.server:type=group-coordinator-metrics";
    static final String CLASSIC_REBALANCE = "group-completed-rebalance";
    static final String CONSUMER_REBALANCE = "consumer-group-rebalance";
    /** The classic coordinator's per-state gauges and the state each counts. */
    static final Map<String, String> CLASSIC_STATES = classicStates();

    private static final ObjectName BYTES_OUT = name("kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec");
    private static final ObjectName EVICTIONS =
            name("kafka.server:type=FetchSessionCache,name=IncrementalFetchSessionEvictionsPerSec");
    private static final ObjectName SESSIONS =
            name("kafka.server:type=FetchSessionCache,name=NumIncrementalFetchSessions");
    private static final ObjectName PRODUCE_CONVERSIONS =
            name("kafka.server:type=BrokerTopicMetrics,name=ProduceMessageConversionsPerSec");
    private static final ObjectName FETCH_CONVERSIONS =
            name("kafka.server:type=BrokerTopicMetrics,name=FetchMessageConversionsPerSec");
    private static final ObjectName COORDINATOR = name(GROUP_COORDINATOR);
    private static final ObjectName COORDINATOR_STATES = name(GROUP_COORDINATOR + ",state=*");

    private static final List<String> REQUESTS = List.of("Produce", "FetchConsumer");
    /** Per request: its size histogram and the pattern of its per-version rate meters (built once). */
    private static final Map<String, ObjectName> REQUEST_BYTES = byRequest(
            "kafka.network:type=RequestMetrics,name=RequestBytes,request=%s");
    private static final Map<String, ObjectName> VERSIONS = byRequest(
            "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=%s,version=*");
    /** The classic coordinator's per-state gauges, in {@link #CLASSIC_STATES}' order. */
    private static final List<ObjectName> CLASSIC_STATE_BEANS = CLASSIC_STATES.keySet().stream()
            .map(g -> name("kafka.coordinator.group:type=GroupMetadataManager,name=" + g)).toList();
    /** The broker-wide meters read at both ends, by key. */
    private static final Map<String, ObjectName> METERS = meters();

    private final LongSupplier nanoTime;
    private final JmxBatch batch;
    private final Map<String, List<ObjectName>> versions = new LinkedHashMap<>();
    private long reads;
    /** The last window's end counters (with the version names they summed), which start the next when recent. */
    private final CarriedStart<Kept> carried;
    /** The broker's start time read with the current window's start, kept with its end. */
    private Long brokerStart;
    /** Whether the last window's start was carried over (for the harness and tests). */
    private boolean lastCarried;

    /** The end of a window and the version names its sums are over. */
    private record Kept(Counters counters, Map<String, List<ObjectName>> versions) {
    }

    /** @param nanoTime the clock the window is measured with ({@code System::nanoTime}) */
    public WorkloadBeans(LongSupplier nanoTime) {
        this(nanoTime, JmxBatch.sequential(nanoTime));
    }

    /** @param batch reads the beans side by side and keeps the group-state names (the gatherer's) */
    public WorkloadBeans(LongSupplier nanoTime, JmxBatch batch) {
        this(nanoTime, batch, CarriedStart.MAX_AGE);
    }

    /** @param maxCarry the oldest end of a window that may start the next ({@link CarriedStart}) */
    public WorkloadBeans(LongSupplier nanoTime, JmxBatch batch, java.time.Duration maxCarry) {
        this.nanoTime = nanoTime;
        this.batch = batch;
        this.carried = new CarriedStart<>(maxCarry);
    }

    /**
     * The counters at one end of a window: meter {@code Count}s (and histogram sums) by key, and when they were read.
     * A key is absent when its bean is not registered.
     */
    public record Counters(Map<String, Double> values, long nanos) {
        public Counters {
            values = Map.copyOf(values);
        }

        Double get(String key) {
            return values.get(key);
        }
    }

    /**
     * The counters at the start of a window: the previous window's end when {@link CarriedStart} allows it (same
     * connection and broker JVM, recent) and the version names are not due for a re-query (a new version bean's
     * lifetime count must not land in a window, so a re-query reads the start afresh); else read now.
     */
    public Counters start(MBeanServerConnection c) throws IOException {
        // a carried start counts as a read, so that the re-query still comes every REQUERY_EVERY windows
        boolean requery = reads++ % REQUERY_EVERY == 0;
        brokerStart = batch.brokerStart(c);
        if (!requery) {
            java.util.Optional<Kept> kept = carried.take(c, brokerStart, nanoTime.getAsLong());
            if (kept.isPresent() && kept.get().versions().equals(versions)
                    && versions.keySet().containsAll(REQUESTS)) {
                lastCarried = true;
                return kept.get().counters();
            }
        }
        lastCarried = false;
        return counters(c, true, requery);
    }

    /** True when the last window's start was the previous window's end (no read at its start). */
    public boolean lastCarried() {
        return lastCarried;
    }

    /**
     * The meters: over the window since {@code start}, or from a single read when {@code start} is null.
     *
     * @throws IOException when the connection fails (the caller drops it)
     */
    public WorkloadMeters end(MBeanServerConnection c, Counters start) throws IOException {
        // the version names are re-queried only where a window starts (or for a single read): a bean found at the
        // end of a window would add its whole lifetime count to the window's growth
        Counters end = start == null ? counters(c, true, reads++ % REQUERY_EVERY == 0)
                : counters(c, false, false);
        if (start != null) {
            carried.keep(new Kept(end, Map.copyOf(versions)), c, brokerStart, end.nanos());
        }
        WorkloadMath m = start == null ? WorkloadMath.single(end) : WorkloadMath.window(start, end);
        Map<String, Long> states = groupsByState(c);
        Double sessions = number(attributes(batch.read(c, SESSIONS, VALUE)).get(VALUE));
        return new WorkloadMeters(m.rate("Produce.requests"), m.rate("FetchConsumer.requests"),
                m.mean("Produce.bytes"), m.mean("FetchConsumer.bytes"), m.consumerBytesPerFetch(),
                m.rate("evictions"), sessions == null ? null : Math.round(sessions), m.rate("produceConversions"),
                m.rate("fetchConversions"), m.rate(CLASSIC_REBALANCE), m.rate(CONSUMER_REBALANCE),
                states.isEmpty() ? null : states, start == null ? null : (end.nanos() - start.nanos()) / 1e9);
    }

    /**
     * One read of every counter: each meter's {@code Count} under its key and its {@code OneMinuteRate} under
     * {@code key.rate} (used by a single read), histograms as {@code key.count} and {@code key.sum}. Every bean in
     * one {@link JmxBatch} read (side by side over the connection).
     */
    private Counters counters(MBeanServerConnection c, boolean mayQuery, boolean requery) throws IOException {
        Map<String, List<ObjectName>> byRequest = new LinkedHashMap<>();
        for (String request : REQUESTS) {
            List<ObjectName> names = versionNames(c, request, requery, mayQuery);
            if (names != null) {
                byRequest.put(request, names);
            }
        }
        List<JmxBatch.Ask> asks = new ArrayList<>();
        for (List<ObjectName> names : byRequest.values()) {
            for (ObjectName n : names) {
                asks.add(new JmxBatch.Ask(n, COUNT, RATE));
            }
        }
        for (String request : REQUESTS) {
            asks.add(new JmxBatch.Ask(REQUEST_BYTES.get(request), COUNT, MEAN));
        }
        for (ObjectName n : METERS.values()) {
            asks.add(new JmxBatch.Ask(n, COUNT, RATE));
        }
        asks.add(new JmxBatch.Ask(COORDINATOR, CLASSIC_REBALANCE + "-count", CLASSIC_REBALANCE + "-rate",
                CONSUMER_REBALANCE + "-count", CONSUMER_REBALANCE + "-rate"));
        List<JmxBatch.Result> results = batch.read(c, asks);

        Map<String, Double> v = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, List<ObjectName>> e : byRequest.entrySet()) {
            double count = 0;
            double rate = 0;
            boolean gone = false;
            for (ObjectName ignored : e.getValue()) {
                Map<String, Object> a = attributes(results.get(i++));
                if (a.isEmpty()) {
                    gone = true;
                    continue;
                }
                count += a.get(COUNT) instanceof Number x ? x.doubleValue() : 0;
                rate += a.get(RATE) instanceof Number x ? x.doubleValue() : 0;
            }
            if (gone) {
                // a version bean went away (a broker restart under the same connection): query afresh next time
                versions.remove(e.getKey());
            }
            // no version bean yet means the broker has served no such request since it started: a rate of zero
            v.put(e.getKey() + ".requests", count);
            v.put(e.getKey() + ".requests.rate", rate);
        }
        for (String request : REQUESTS) {
            // a histogram's count and lifetime sum (Mean x Count), so a window's mean is their growth's ratio
            Map<String, Object> a = attributes(results.get(i++));
            if (a.get(COUNT) instanceof Number count && a.get(MEAN) instanceof Number mean) {
                v.put(request + ".bytes.count", count.doubleValue());
                v.put(request + ".bytes.sum", count.doubleValue() * mean.doubleValue());
            }
        }
        for (String key : METERS.keySet()) {
            Map<String, Object> a = attributes(results.get(i++));
            put(v, key, a.get(COUNT));
            put(v, key + ".rate", a.get(RATE));
        }
        Map<String, Object> coordinator = attributes(results.get(i));
        for (String r : List.of(CLASSIC_REBALANCE, CONSUMER_REBALANCE)) {
            put(v, r, coordinator.get(r + "-count"));
            put(v, r + ".rate", coordinator.get(r + "-rate"));
        }
        return new Counters(v, nanoTime.getAsLong());
    }

    /**
     * The {@code RequestsPerSec} version beans of one request type: kept, or queried when due; null when unknown
     * (the names went away during the window, or the query was refused).
     */
    private List<ObjectName> versionNames(MBeanServerConnection c, String request, boolean requery,
                                          boolean mayQuery) throws IOException {
        if (!versions.containsKey(request) && !mayQuery) {
            // the names went away during the window: this window's rate is unknown
            return null;
        }
        if (requery || !versions.containsKey(request)) {
            ObjectName pattern = VERSIONS.get(request);
            Set<ObjectName> found = query(c, pattern);
            if (found == null) {
                // refused: unknown, not zero
                versions.remove(request);
                return null;
            }
            versions.put(request, List.copyOf(found));
        }
        return versions.get(request);
    }

    /**
     * Groups per state: KIP-848 groups from {@code group-coordinator-metrics,state=S} ({@code consumer-group-count}),
     * keyed {@code consumer.S}; classic groups from {@code GroupMetadataManager}'s gauges, keyed {@code classic.S}.
     * The state beans' names are kept across reads by the {@link JmxBatch}.
     */
    private Map<String, Long> groupsByState(MBeanServerConnection c) throws IOException {
        List<JmxBatch.Ask> asks = new ArrayList<>();
        for (ObjectName gauge : CLASSIC_STATE_BEANS) {
            asks.add(new JmxBatch.Ask(gauge, VALUE));
        }
        Set<ObjectName> names;
        try {
            names = batch.names(c, COORDINATOR_STATES);
        } catch (SecurityException e) {
            names = Set.of();
        }
        List<ObjectName> states = List.copyOf(names);
        for (ObjectName n : states) {
            asks.add(new JmxBatch.Ask(n, "consumer-group-count"));
        }
        List<JmxBatch.Result> results = batch.read(c, asks);
        Map<String, Long> out = new LinkedHashMap<>();
        int i = 0;
        for (String state : CLASSIC_STATES.values()) {
            Double n = number(attributes(results.get(i++)).get(VALUE));
            if (n != null) {
                out.put("classic." + state, Math.round(n));
            }
        }
        for (ObjectName n : states) {
            JmxBatch.Result r = results.get(i++);
            Double count = number(attributes(r).get("consumer-group-count"));
            String state = n.getKeyProperty("state");
            if (count != null && state != null) {
                out.put("consumer." + state, Math.round(count));
            } else if (r instanceof JmxBatch.Result.Missing) {
                batch.stale(COORDINATOR_STATES);
            }
        }
        return out;
    }

    /** The beans matching {@code pattern}, sorted; null when the query is refused (a JMX access file). */
    private static Set<ObjectName> query(MBeanServerConnection c, ObjectName pattern) throws IOException {
        try {
            return new TreeSet<>(c.queryNames(pattern, null));
        } catch (SecurityException e) {
            return null;
        }
    }

    private static Double number(Object v) {
        return v instanceof Number x && Double.isFinite(x.doubleValue()) ? x.doubleValue() : null;
    }

    /** The attributes the bean has of those asked; empty when it is not registered or refused the read. */
    private static Map<String, Object> attributes(JmxBatch.Result r) {
        return r instanceof JmxBatch.Result.Read read ? read.attributes() : Map.of();
    }

    private static void put(Map<String, Double> v, String key, Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            v.put(key, n.doubleValue());
        }
    }

    private static Map<String, ObjectName> meters() {
        Map<String, ObjectName> m = new LinkedHashMap<>();
        m.put("bytesOut", BYTES_OUT);
        m.put("evictions", EVICTIONS);
        m.put("produceConversions", PRODUCE_CONVERSIONS);
        m.put("fetchConversions", FETCH_CONVERSIONS);
        return m;
    }

    private static Map<String, String> classicStates() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("NumGroupsPreparingRebalance", "PreparingRebalance");
        m.put("NumGroupsCompletingRebalance", "CompletingRebalance");
        m.put("NumGroupsStable", "Stable");
        m.put("NumGroupsEmpty", "Empty");
        m.put("NumGroupsDead", "Dead");
        return m;
    }

    private static Map<String, ObjectName> byRequest(String format) {
        Map<String, ObjectName> m = new LinkedHashMap<>();
        for (String request : REQUESTS) {
            m.put(request, name(String.format(java.util.Locale.ROOT, format, request)));
        }
        return Map.copyOf(m);
    }

    static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("bad ObjectName: " + text, e);
        }
    }
}
