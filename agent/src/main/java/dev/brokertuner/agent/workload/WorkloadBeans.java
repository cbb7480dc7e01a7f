package dev.brokertuner.agent.workload;

import dev.brokertuner.report.WorkloadMeters;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
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

    private final LongSupplier nanoTime;
    private final Map<String, List<ObjectName>> versions = new LinkedHashMap<>();
    private long reads;

    /** @param nanoTime the clock the window is measured with ({@code System::nanoTime}) */
    public WorkloadBeans(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
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

    /** The counters at the start of a window. */
    public Counters start(MBeanServerConnection c) throws IOException {
        return counters(c, true);
    }

    /**
     * The meters: over the window since {@code start}, or from a single read when {@code start} is null.
     *
     * @throws IOException when the connection fails (the caller drops it)
     */
    public WorkloadMeters end(MBeanServerConnection c, Counters start) throws IOException {
        // the version names are re-queried only where a window starts (or for a single read): a bean found at the
        // end of a window would add its whole lifetime count to the window's growth
        Counters end = counters(c, start == null);
        WorkloadMath m = start == null ? WorkloadMath.single(end) : WorkloadMath.window(start, end);
        Map<String, Long> states = groupsByState(c);
        Double sessions = number(c, SESSIONS, VALUE);
        return new WorkloadMeters(m.rate("Produce.requests"), m.rate("FetchConsumer.requests"),
                m.mean("Produce.bytes"), m.mean("FetchConsumer.bytes"), m.consumerBytesPerFetch(),
                m.rate("evictions"), sessions == null ? null : Math.round(sessions), m.rate("produceConversions"),
                m.rate("fetchConversions"), m.rate(CLASSIC_REBALANCE), m.rate(CONSUMER_REBALANCE),
                states.isEmpty() ? null : states);
    }

    /**
     * One read of every counter: each meter's {@code Count} under its key and its {@code OneMinuteRate} under
     * {@code key.rate} (used by a single read), histograms as {@code key.count} and {@code key.sum}.
     */
    private Counters counters(MBeanServerConnection c, boolean mayQuery) throws IOException {
        Map<String, Double> v = new LinkedHashMap<>();
        boolean requery = mayQuery && reads++ % REQUERY_EVERY == 0;
        for (String request : List.of("Produce", "FetchConsumer")) {
            requestMeters(c, request, requery, mayQuery, v);
            histogram(c, name("kafka.network:type=RequestMetrics,name=RequestBytes,request=" + request),
                    request + ".bytes", v);
        }
        meter(c, BYTES_OUT, "bytesOut", v);
        meter(c, EVICTIONS, "evictions", v);
        meter(c, PRODUCE_CONVERSIONS, "produceConversions", v);
        meter(c, FETCH_CONVERSIONS, "fetchConversions", v);
        Map<String, Object> coordinator = attributes(c, COORDINATOR, CLASSIC_REBALANCE + "-count",
                CLASSIC_REBALANCE + "-rate", CONSUMER_REBALANCE + "-count", CONSUMER_REBALANCE + "-rate");
        for (String r : List.of(CLASSIC_REBALANCE, CONSUMER_REBALANCE)) {
            put(v, r, coordinator.get(r + "-count"));
            put(v, r + ".rate", coordinator.get(r + "-rate"));
        }
        return new Counters(v, nanoTime.getAsLong());
    }

    /** {@code RequestsPerSec} of one request type, summed over its version beans. */
    private void requestMeters(MBeanServerConnection c, String request, boolean requery, boolean mayQuery,
                               Map<String, Double> v) throws IOException {
        if (!versions.containsKey(request) && !mayQuery) {
            // the names went away during the window: this window's rate is unknown
            return;
        }
        if (requery || !versions.containsKey(request)) {
            ObjectName pattern = name("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=" + request
                    + ",version=*");
            Set<ObjectName> found = query(c, pattern);
            if (found == null) {
                // refused: unknown, not zero
                versions.remove(request);
                return;
            }
            versions.put(request, List.copyOf(found));
        }
        double count = 0;
        double rate = 0;
        boolean gone = false;
        for (ObjectName n : versions.get(request)) {
            Map<String, Object> a = attributes(c, n, COUNT, RATE);
            if (a.isEmpty()) {
                gone = true;
                continue;
            }
            count += a.get(COUNT) instanceof Number x ? x.doubleValue() : 0;
            rate += a.get(RATE) instanceof Number x ? x.doubleValue() : 0;
        }
        if (gone) {
            // a version bean went away (a broker restart under the same connection): query afresh next time
            versions.remove(request);
        }
        // no version bean yet means the broker has served no such request since it started: a rate of zero
        v.put(request + ".requests", count);
        v.put(request + ".requests.rate", rate);
    }

    private void meter(MBeanServerConnection c, ObjectName n, String key, Map<String, Double> v)
            throws IOException {
        Map<String, Object> a = attributes(c, n, COUNT, RATE);
        put(v, key, a.get(COUNT));
        put(v, key + ".rate", a.get(RATE));
    }

    /** A histogram's count and lifetime sum ({@code Mean x Count}), so a window's mean is their growth's ratio. */
    private void histogram(MBeanServerConnection c, ObjectName n, String key, Map<String, Double> v)
            throws IOException {
        Map<String, Object> a = attributes(c, n, COUNT, MEAN);
        if (a.get(COUNT) instanceof Number count && a.get(MEAN) instanceof Number mean) {
            v.put(key + ".count", count.doubleValue());
            v.put(key + ".sum", count.doubleValue() * mean.doubleValue());
        }
    }

    /**
     * Groups per state: KIP-848 groups from {@code group-coordinator-metrics,state=S} ({@code consumer-group-count}),
     * keyed {@code consumer.S}; classic groups from {@code GroupMetadataManager}'s gauges, keyed {@code classic.S}.
     */
    private Map<String, Long> groupsByState(MBeanServerConnection c) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : CLASSIC_STATES.entrySet()) {
            Double n = number(c, name("kafka.coordinator.group:type=GroupMetadataManager,name=" + e.getKey()), VALUE);
            if (n != null) {
                out.put("classic." + e.getValue(), Math.round(n));
            }
        }
        Set<ObjectName> names = query(c, COORDINATOR_STATES);
        for (ObjectName n : names == null ? Set.<ObjectName>of() : names) {
            Double count = number(c, n, "consumer-group-count");
            String state = n.getKeyProperty("state");
            if (count != null && state != null) {
                out.put("consumer." + state, Math.round(count));
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

    private static Double number(MBeanServerConnection c, ObjectName n, String attribute) throws IOException {
        Object v = attributes(c, n, attribute).get(attribute);
        return v instanceof Number x && Double.isFinite(x.doubleValue()) ? x.doubleValue() : null;
    }

    /** The attributes the bean has of those asked; empty when it is not registered or refuses the read. */
    private static Map<String, Object> attributes(MBeanServerConnection c, ObjectName n, String... names)
            throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            for (Attribute a : c.getAttributes(n, names).asList()) {
                out.put(a.getName(), a.getValue());
            }
        } catch (InstanceNotFoundException e) {
            // not registered on this version (or not yet): the value stays unknown
        } catch (JMException | SecurityException e) {
            // unreadable (or refused by a JMX access file): unknown as well
        }
        return out;
    }

    private static void put(Map<String, Double> v, String key, Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            v.put(key, n.doubleValue());
        }
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

    static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("bad ObjectName: " + text, e);
        }
    }
}
