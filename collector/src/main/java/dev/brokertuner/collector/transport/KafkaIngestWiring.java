package dev.brokertuner.collector.transport;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.http.CollectorMetrics;
import dev.brokertuner.collector.http.HostOwners;
import dev.brokertuner.collector.http.ReportDecoder;
import dev.brokertuner.collector.store.GroupCommitWriter;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/** Builds and starts the Kafka ingest member of a collector and binds its counters to {@code /metrics}. */
public final class KafkaIngestWiring {
    /** The skip reasons exported (each a series from the start, so a rate() over them works). */
    static final List<String> REASONS = List.of("invalid", "too_large", "unprocessable", "unsupported_media",
            "overloaded", "key_mismatch", "forbidden");

    private KafkaIngestWiring() {
    }

    public static KafkaIngest start(CollectorConfig config, ReportDecoder decoder, HostOwners owners,
                                    FleetIndex index, GroupCommitWriter writer, CollectorMetrics metrics,
                                    Clock clock) throws IOException {
        KafkaIngestConfig k = config.kafkaIngest();
        KafkaIngestStats stats = new KafkaIngestStats();
        RecordChecker checker = new RecordChecker(decoder, owners, config.tokens(), index, config.maxBodyBytes(),
                k.sender());
        metrics.gauge("broker_tuner_collector_kafka_records_consumed", "Records of the reports topic consumed "
                + "and committed", stats.consumed::get);
        metrics.gauge("broker_tuner_collector_kafka_reports_stored", "Reports from the topic newly stored",
                stats.stored::get);
        metrics.gauge("broker_tuner_collector_kafka_reports_duplicate", "Reports from the topic the store already "
                + "had", stats.duplicates::get);
        for (String reason : REASONS) {
            metrics.gauge("broker_tuner_collector_kafka_records_skipped", "Records of the reports topic skipped, by "
                    + "reason (counted per read)", "reason", reason, () -> stats.skipped(reason));
        }
        metrics.gauge("broker_tuner_collector_kafka_lag", "Records behind the end of this member's partitions",
                stats.lag::get);
        metrics.gauge("broker_tuner_collector_kafka_partitions", "Partitions of the reports topic assigned to this "
                + "collector", stats.partitions::get);
        metrics.gauge("broker_tuner_collector_kafka_store_failing", "1 while Kafka ingest is paused because the "
                + "store failed (no offsets committed)", stats.storeFailing::get);
        metrics.gauge("broker_tuner_collector_kafka_store_failures", "Batches from the topic whose store failed "
                + "(read again after a backoff)", stats.storeFailures::get);
        metrics.gauge("broker_tuner_collector_kafka_errors", "Consumer errors (e.g. the topic not readable), each "
                + "retried after 5 s", stats.errors::get);
        KafkaIngest ingest = new KafkaIngest(k, checker, writer, stats, clock);
        metrics.gauge("broker_tuner_collector_kafka_running", "1 while the Kafka ingest thread runs",
                () -> ingest.alive() ? 1 : 0);
        return ingest.start();
    }
}
