package dev.brokertuner.collector.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The collector's {@code /metrics}: ingest counts by outcome ({@code broker_tuner_collector_ingest_total}), ingest
 * latency from first byte to answer ({@code broker_tuner_collector_ingest_seconds}, histogram), fleet view latency
 * by view, store size (reports, hosts, bytes on disk), the store queue, and JVM memory, threads and CPU.
 */
public final class CollectorMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<IngestOutcome, Counter> ingest = new EnumMap<>(IngestOutcome.class);
    private final Timer ingestLatency;

    /**
     * Binds the gauges to live values.
     *
     * @param reports  reports in the store
     * @param hosts    hosts known
     * @param bytes    store bytes on disk
     * @param pending  reports waiting for the store
     * @param healthy  1 when the last store write succeeded
     */
    public CollectorMetrics(Supplier<Number> reports, Supplier<Number> hosts, Supplier<Number> bytes,
                            Supplier<Number> pending, Supplier<Number> healthy) {
        for (IngestOutcome o : IngestOutcome.values()) {
            ingest.put(o, Counter.builder("broker_tuner_collector_ingest")
                    .description("Report POSTs by outcome").tag("outcome", o.label()).register(registry));
        }
        ingestLatency = Timer.builder("broker_tuner_collector_ingest")
                .description("Report POST latency, first byte to answer").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        Gauge.builder("broker_tuner_collector_store_reports", reports).description("Reports stored")
                .register(registry);
        Gauge.builder("broker_tuner_collector_store_hosts", hosts).description("Hosts with a latest report")
                .register(registry);
        Gauge.builder("broker_tuner_collector_store_bytes", bytes).description("Bytes of the store on disk")
                .baseUnit("bytes").register(registry);
        Gauge.builder("broker_tuner_collector_store_queue", pending).description("Reports waiting for the store")
                .register(registry);
        Gauge.builder("broker_tuner_collector_store_healthy", healthy)
                .description("1 when the last store write succeeded").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** Registers one more gauge. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** Registers one more gauge with one label. */
    public void gauge(String name, String description, String label, String value, Supplier<Number> supplier) {
        Gauge.builder(name, supplier).description(description).tag(label, value).register(registry);
    }

    /** Counts one POST and its latency. */
    public void ingest(IngestOutcome outcome, long startNanos) {
        ingest.get(outcome).increment();
        ingestLatency.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Records how long a view took. */
    public void view(String name, long startNanos) {
        Timer.builder("broker_tuner_collector_view").description("Fleet view latency").tag("view", name)
                .publishPercentileHistogram().register(registry)
                .record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** POSTs with this outcome so far. */
    public long count(IngestOutcome outcome) {
        return (long) ingest.get(outcome).count();
    }

    /** Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }
}
