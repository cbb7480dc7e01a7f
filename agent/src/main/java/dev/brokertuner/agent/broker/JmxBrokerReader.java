package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.agent.workload.CarriedStart;
import dev.brokertuner.agent.workload.WorkloadBeans;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.WorkloadMeters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Reads the {@link BrokerBeans} table over a {@link JmxSession}: with a window, the meters' {@code Count}s first,
 * then after {@code sampleSeconds} the whole table; without, the whole table once. One {@code getAttributes} call
 * per bean (side by side over the connection, see {@link JmxBatch}); a bean that is not registered leaves its metric unknown. Never throws.
 *
 * <p>With a {@link CarriedStart} (the gatherer's, kept across gatherings), a window's end read is kept and starts the
 * next window instead of the read at its start, when it came over the same connection from the same broker JVM and
 * is recent (issue 15: fewer round trips, not fewer facts); the rates, idle ratios and GC ratio then span the time
 * from that read to this window's end, reported as {@code windowSeconds}.
 */
public final class JmxBrokerReader {
    /** Sleeps between the two reads of a window (tests pass a fake). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final String[] PROCESSOR_ATTRIBUTES = {"io-wait-time-ns-total", "io-wait-ratio"};

    private final JmxSession session;
    private final Set<String> controllerListeners;
    private final boolean controller;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final WorkloadBeans workload;
    private final JmxBatch batch;
    private final CarriedStart<JmxSample> carried;
    /** Whether the last window started at the previous window's end read (for the harness and tests). */
    private boolean lastCarried;

    /**
     * @param session             the connection
     * @param controllerListeners listener names to leave out of network idle ({@code controller.listener.names})
     * @param controller          true when the node is also a controller
     */
    public JmxBrokerReader(JmxSession session, Set<String> controllerListeners, boolean controller,
                           LongSupplier nanoTime, Sleeper sleeper) {
        this(session, controllerListeners, controller, nanoTime, sleeper, null);
    }

    /** As above, also reading the workload meters over the same window ({@code workload} kept across reads). */
    public JmxBrokerReader(JmxSession session, Set<String> controllerListeners, boolean controller,
                           LongSupplier nanoTime, Sleeper sleeper, WorkloadBeans workload) {
        this(session, controllerListeners, controller, nanoTime, sleeper, workload, JmxBatch.sequential(nanoTime));
    }

    /**
     * As above, the beans read side by side and the network-processor and collector names kept by {@code batch}
     * (the gatherer's, kept across reads).
     */
    public JmxBrokerReader(JmxSession session, Set<String> controllerListeners, boolean controller,
                           LongSupplier nanoTime, Sleeper sleeper, WorkloadBeans workload, JmxBatch batch) {
        this(session, controllerListeners, controller, nanoTime, sleeper, workload, batch, null);
    }

    /**
     * As above, a window's end read kept by {@code carried} (the gatherer's, kept across gatherings) to start the
     * next window; null reads every window's start inside it.
     */
    public JmxBrokerReader(JmxSession session, Set<String> controllerListeners, boolean controller,
                           LongSupplier nanoTime, Sleeper sleeper, WorkloadBeans workload, JmxBatch batch,
                           CarriedStart<JmxSample> carried) {
        this.carried = carried;
        this.batch = batch;
        this.workload = workload;
        this.session = session;
        this.controllerListeners = Set.copyOf(controllerListeners);
        this.controller = controller;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Reads over a window of {@code sampleSeconds} (0 = single read). */
    public JmxReading read(int sampleSeconds) {
        MBeanServerConnection c;
        try {
            c = session.connection();
        } catch (IOException e) {
            return new JmxReading.Failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        try {
            List<String> missing = new ArrayList<>();
            JmxSample start = null;
            WorkloadBeans.Counters workloadStart = null;
            Long brokerStart = null;
            lastCarried = false;
            if (sampleSeconds > 0) {
                Optional<JmxSample> kept = Optional.empty();
                if (carried != null) {
                    brokerStart = batch.brokerStart(c);
                    kept = carried.take(c, brokerStart, nanoTime.getAsLong());
                }
                lastCarried = kept.isPresent();
                start = kept.isPresent() ? kept.get() : sample(c, BrokerBeans.windowStart(), new ArrayList<>());
                workloadStart = workload == null ? null : workload.start(c);
                sleeper.sleep(sampleSeconds * 1000L);
            }
            long t0 = nanoTime.getAsLong();
            JmxSample end = sample(c, BrokerBeans.all(), missing);
            long t1 = nanoTime.getAsLong();
            long readMillis = Math.round((t1 - t0) / 1e6);
            if (carried != null && sampleSeconds > 0) {
                carried.keep(end, c, brokerStart, t1);
            }
            BrokerMetricsMath.Computed computed = BrokerMetricsMath.compute(start, end, controller);
            List<Problem> problems = new ArrayList<>(computed.problems());
            problems.addAll(missingProblems(missing, end, end.text(BrokerBeans.APP_INFO, "version").orElse(null)));
            WorkloadMeters meters = workload == null ? null : workload.end(c, workloadStart);
            return new JmxReading.Read(computed.metrics().withWindowSeconds(start == null ? null
                    : BrokerMetricsMath.windowSeconds(start, end)), end.text(BrokerBeans.APP_INFO, "version").orElse(null),
                    readMillis, problems, meters);
        } catch (IOException e) {
            forget();
            session.broken(e);
            return new JmxReading.Failed("JMX " + session.url() + ": connection lost (" + JmxSession.reason(e)
                    + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JmxReading.Failed("interrupted");
        } catch (RuntimeException e) {
            forget();
            session.broken(e);
            return new JmxReading.Failed("JMX " + session.url() + ": " + JmxSession.reason(e));
        }
    }

    /** True when the last window started at the previous window's end read (no read of the table at its start). */
    public boolean lastCarried() {
        return lastCarried;
    }

    private void forget() {
        if (carried != null) {
            carried.clear();
        }
    }

    /**
     * One problem per bean this broker does not register, naming the metrics it leaves unknown and the broker's
     * version (a bean added in a later Kafka is absent on an older one: that metric is unknown, the rest is read).
     * The KIP-1207 broker-pool meter is expected to be absent before it existed (the aggregate stands in), and the
     * aggregate when the broker-pool meter answered.
     *
     * @param missing bean ids, or {@code id (reason)} when the read failed for another reason
     */
    static List<Problem> missingProblems(List<String> missing, JmxSample end, String version) {
        List<Problem> out = new ArrayList<>();
        String on = version == null ? "this broker" : "this broker (Kafka " + version + ")";
        for (String m : missing) {
            String id = m.contains(" (") ? m.substring(0, m.indexOf(" (")) : m;
            if (id.equals(BrokerBeans.BROKER_IDLE) && end.has(BrokerBeans.AGGREGATE_IDLE)) {
                continue;
            }
            if (id.equals(BrokerBeans.AGGREGATE_IDLE) && end.has(BrokerBeans.BROKER_IDLE)) {
                continue;
            }
            String name = BrokerBeans.all().stream().filter(b -> b.id().equals(id)).findFirst()
                    .map(b -> b.name().toString()).orElse(id);
            String detail = m.equals(id) ? "not registered on " + on : "not read on " + on + m.substring(id.length());
            out.add(new Problem("broker:jmx", name + " " + detail + ": " + String.join(", ",
                    BrokerBeans.metricsOf(id)) + " unknown"));
        }
        return out;
    }

    private JmxSample sample(MBeanServerConnection c, List<BrokerBeans.Bean> beans, List<String> missing)
            throws IOException {
        // the names first (kept across reads), then every bean of the table, processor and collector in one batch
        List<ObjectName> processorNames = new ArrayList<>();
        for (ObjectName n : batch.names(c, BrokerBeans.processorPattern())) {
            String listener = n.getKeyProperty("listener");
            if (listener != null && !controllerListeners.contains(listener)) {
                processorNames.add(n);
            }
        }
        List<ObjectName> collectorNames = List.copyOf(batch.names(c, BrokerBeans.collectorPattern()));
        List<JmxBatch.Ask> asks = new ArrayList<>();
        for (BrokerBeans.Bean bean : beans) {
            asks.add(new JmxBatch.Ask(bean.name(), bean.attributes().toArray(new String[0])));
        }
        for (ObjectName n : processorNames) {
            asks.add(new JmxBatch.Ask(n, PROCESSOR_ATTRIBUTES));
        }
        for (ObjectName n : collectorNames) {
            asks.add(new JmxBatch.Ask(n, "CollectionTime"));
        }
        List<JmxBatch.Result> results = batch.read(c, asks);

        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        Map<String, Long> nanos = new LinkedHashMap<>();
        int i = 0;
        for (BrokerBeans.Bean bean : beans) {
            JmxBatch.Result r = results.get(i++);
            if (r instanceof JmxBatch.Result.Read read) {
                values.put(bean.id(), read.attributes());
                nanos.put(bean.id(), read.nanos());
            } else if (r instanceof JmxBatch.Result.Failed f) {
                missing.add(bean.id() + " (" + f.reason() + ")");
            } else {
                missing.add(bean.id());
            }
        }
        Map<String, Map<String, Object>> processors = new TreeMap<>();
        for (ObjectName n : processorNames) {
            JmxBatch.Result r = results.get(i++);
            if (r instanceof JmxBatch.Result.Read read) {
                processors.put(n.getKeyProperty("listener") + "/" + n.getKeyProperty("networkProcessor"),
                        read.attributes());
            } else if (r instanceof JmxBatch.Result.Missing) {
                // a processor removed by a resize since the names were asked: ask afresh next read
                batch.stale(BrokerBeans.processorPattern());
            }
        }
        long processorsNanos = nanoTime.getAsLong();
        Map<String, Double> collectors = new TreeMap<>();
        for (ObjectName n : collectorNames) {
            JmxBatch.Result r = results.get(i++);
            if (r instanceof JmxBatch.Result.Read read && read.attributes().get("CollectionTime") instanceof Number t
                    && t.longValue() >= 0) {
                collectors.put(n.getKeyProperty("name"), t.doubleValue());
            } else if (r instanceof JmxBatch.Result.Missing) {
                batch.stale(BrokerBeans.collectorPattern());
            }
        }
        return new JmxSample(values, nanos, processors, processorsNanos, collectors, nanoTime.getAsLong());
    }
}
