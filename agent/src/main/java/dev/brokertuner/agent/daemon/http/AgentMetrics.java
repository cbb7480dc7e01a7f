package dev.brokertuner.agent.daemon.http;

import dev.brokertuner.agent.daemon.LatestReport;
import dev.brokertuner.agent.daemon.LoopStats;
import dev.brokertuner.agent.daemon.push.Outbox;
import dev.brokertuner.agent.daemon.push.PublisherStats;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Report;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's {@code /metrics}: its own health (JVM memory, threads and CPU through Micrometer binders; gathering
 * counts and timings; outbox depth, drops and deliveries), one series per finding labelled with rule, severity and
 * subject, and the key facts as gauges. Finding and fact series are built from the latest report at scrape time,
 * so a finding that goes away leaves no stale series.
 */
public final class AgentMetrics implements MultiCollector {
    private final PrometheusMeterRegistry registry;
    private final LatestReport latest;
    private final LoopStats loop;
    private final Supplier<Outbox> outbox;
    private final PublisherStats publisher;
    private final java.time.Clock clock;

    /** The delivery counters (also read by /health for the fallback). */
    public PublisherStats publisherStats() {
        return publisher;
    }

    public AgentMetrics(LatestReport latest, LoopStats loop, Supplier<Outbox> outbox, PublisherStats publisher,
                        java.time.Clock clock) {
        this.latest = latest;
        this.loop = loop;
        this.outbox = outbox;
        this.publisher = publisher;
        this.clock = clock;
        PrometheusRegistry prometheus = new PrometheusRegistry();
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, Clock.SYSTEM);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        prometheus.register(this);
    }

    /** Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(gauge("broker_tuner_gatherings", "Gatherings completed since start", loop.gatherings.get()));
        out.add(gauge("broker_tuner_gathering_failures", "Gatherings that failed since start (a gauge kept for "
                + "existing dashboards; alert on broker_tuner_gatherings_failed_total)", loop.failures.get()));
        out.add(counter("broker_tuner_gatherings_failed", "Gatherings that failed since start",
                loop.failures.get()));
        out.add(gauge("broker_tuner_skipped_ticks", "Ticks skipped because a gathering was still running",
                loop.skippedTicks.get()));
        var published = latest.get();
        out.add(gauge("broker_tuner_up", "1 once a report has been gathered", published.isPresent() ? 1 : 0));
        if (published.isPresent()) {
            var p = published.get();
            Report r = p.report();
            out.add(gauge("broker_tuner_last_gathering_duration_seconds",
                    "Wall time of the last gathering, sample window included", p.durationMillis() / 1000.0));
            out.add(gauge("broker_tuner_last_gathering_age_seconds", "Seconds since the last gathering finished",
                    Math.max(0, clock.millis() - p.completedAt().toEpochMilli()) / 1000.0));
            out.add(gauge("broker_tuner_last_gathering_timestamp_seconds", "When the last gathering finished",
                    p.completedAt().toEpochMilli() / 1000.0));
            findings(r, out);
            facts(r, out);
        }
        Outbox box = outbox.get();
        if (box != null) {
            out.add(gauge("broker_tuner_outbox_reports", "Reports queued for the collector", box.size()));
            out.add(gauge("broker_tuner_outbox_bytes", "Bytes queued for the collector", box.bytes()));
            out.add(gauge("broker_tuner_outbox_dropped", "Reports dropped because the outbox was full (a gauge kept "
                    + "for existing dashboards; alert on broker_tuner_outbox_reports_dropped_total)", box.dropped()));
            out.add(counter("broker_tuner_outbox_reports_dropped", "Reports dropped because the outbox was full",
                    box.dropped()));
            out.add(gauge("broker_tuner_reports_delivered", "Reports the collector accepted",
                    publisher.delivered.get()));
            out.add(gauge("broker_tuner_reports_rejected", "Reports the collector rejected (dropped)",
                    publisher.rejected.get()));
            out.add(gauge("broker_tuner_delivery_retries", "Delivery attempts that will be retried",
                    publisher.retries.get()));
            out.add(gauge("broker_tuner_outbox_dropped_disk_full",
                    "Of the dropped reports, those dropped because the disk was full (to keep the newest)",
                    box.droppedForSpace()));
            out.add(gauge("broker_tuner_outbox_writable", "0 while the last outbox write failed (see /health)",
                    box.problem().isPresent() ? 0 : 1));
            out.add(gauge("broker_tuner_delivery_fallback_active", "1 while reports go over HTTPS because the "
                    + "Kafka cluster has been unreachable past collector.kafka.fallbackAfterSeconds",
                    publisher.fallbackActive.get()));
            out.add(gauge("broker_tuner_delivery_fallbacks", "Times delivery switched from Kafka to the HTTPS "
                    + "fallback", publisher.fallbacks.get()));
            long reachable = publisher.reachable.get();
            if (reachable >= 0) {
                // absent until a delivery was attempted: no attempt is no evidence either way
                out.add(gauge("broker_tuner_collector_reachable",
                        "1 when the last delivery attempt reached the collector", reachable));
            }
        }
        out.add(gauge("broker_tuner_outbox_write_failures", "Reports that could not be queued",
                loop.outboxWriteFailures.get()));
        return new MetricSnapshots(out);
    }

    private static void findings(Report r, List<MetricSnapshot> out) {
        var b = GaugeSnapshot.builder().name("broker_tuner_finding")
                .help("One series per finding of the latest report (value 1)");
        Map<Labels, Boolean> seen = new LinkedHashMap<>();
        for (Finding f : r.findings()) {
            Labels l = Labels.of("rule", f.ruleId(), "severity", f.severity().wire(), "subject", f.subject());
            if (seen.putIfAbsent(l, true) == null) {
                b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(1).build());
            }
        }
        out.add(b.build());
        var counts = GaugeSnapshot.builder().name("broker_tuner_findings").help("Findings by severity");
        for (var sev : dev.brokertuner.report.Severity.values()) {
            long n = r.findings().stream().filter(f -> f.severity() == sev).count();
            counts.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("severity", sev.wire())).value(n).build());
        }
        out.add(counts.build());
    }

    private static void facts(Report r, List<MetricSnapshot> out) {
        out.add(gauge("broker_tuner_broker_reachable", "1 when the broker answered the last gathering",
                r.broker() != null && r.broker().ok() ? 1 : 0));
        var nic = GaugeSnapshot.builder().name("broker_tuner_nic_speed_mbps").help("NIC link speed (Mb/s)");
        for (Nic n : r.host().nics()) {
            if (n.speedMbps() != null) {
                nic.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("nic", n.name()))
                        .value(n.speedMbps()).build());
            }
        }
        out.add(nic.build());
        var sysctl = GaugeSnapshot.builder().name("broker_tuner_sysctl").help("Numeric kernel settings read");
        for (var e : r.host().sysctl().entrySet()) {
            try {
                double v = Double.parseDouble(e.getValue().trim());
                sysctl.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("name", e.getKey()))
                        .value(v).build());
            } catch (NumberFormatException notSingleNumber) {
                // tcp_rmem and friends hold three numbers: they stay in /v1/facts
            }
        }
        out.add(sysctl.build());
        if (r.broker() != null && r.broker().ok()) {
            BrokerMetrics m = r.broker().metrics();
            addIf(out, "broker_tuner_broker_request_handler_idle_ratio", "I/O thread idle ratio over the window",
                    m.requestHandlerIdleRatio());
            addIf(out, "broker_tuner_broker_network_processor_idle_ratio",
                    "Network thread idle ratio over the window", m.networkProcessorIdleRatio());
            addIf(out, "broker_tuner_broker_request_queue_size", "Requests waiting for an I/O thread",
                    m.requestQueueSize());
            addIf(out, "broker_tuner_broker_bytes_in_per_second", "Bytes in per second", m.bytesInPerSec());
            addIf(out, "broker_tuner_broker_bytes_out_per_second", "Bytes out per second", m.bytesOutPerSec());
            if (r.broker().readMillis() != null) {
                out.add(gauge("broker_tuner_broker_jmx_read_seconds", "Time of the last JMX read",
                        r.broker().readMillis() / 1000.0));
            }
        }
    }

    private static void addIf(List<MetricSnapshot> out, String name, String help, Double value) {
        if (value != null) {
            out.add(gauge(name, help, value));
        }
    }

    /** A counter, exposed as {@code NAME_total}: Prometheus' rate() and increase() handle its resets. */
    private static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
