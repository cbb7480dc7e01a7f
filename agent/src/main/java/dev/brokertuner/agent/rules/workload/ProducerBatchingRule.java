package dev.brokertuner.agent.rules.workload;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.rules.broker.HandlerIdle;
import dev.brokertuner.agent.rules.broker.MeterWindow;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Producers that send tiny batches at a request rate that costs the broker's request handlers: the record batch
 * headers sampled at the tail of the topic's led partitions show a median of one or two records and a few hundred
 * bytes per batch, while {@code TotalProduceRequestsPerSec,topic=} is high. That meter counts one per partition in
 * each produce request, so its unit is partition batches/s, not requests/s. Recommends {@code linger.ms} and
 * {@code batch.size} on the producers, with the expected drop in partition batches computed from the measured rates.
 * A warning only when the request handlers are busy (idle under {@code maxHandlerIdleForWarning}, a low reading of
 * the aggregate meter counts); with idle or unread handlers the batches cost nothing that shows, and the finding is
 * information. Every threshold here is broker-tuner's own heuristic. One outcome per sampled topic.
 */
public final class ProducerBatchingRule implements Rule, RuleDocs.Documented {
    public static final String ID = "workload.producer.batching";
    static final String MIN_BATCHES = "minBatches";
    static final String MAX_RECORDS = "maxMedianRecords";
    static final String MAX_BYTES = "maxMedianBytes";
    static final String MIN_REQUESTS = "minProduceRequestsPerSec";
    static final String MIN_REDUCTION = "minRequestReduction";
    static final String MAX_HANDLER_IDLE = "maxHandlerIdleForWarning";
    /** The recommended starting points (inside the ranges linger.ms 5-20, batch.size 64-256 KiB). */
    static final int LINGER_MS = 10;
    static final int BATCH_SIZE = 128 << 10;

    static final RuleMeta META = new RuleMeta(ID,
            "Producers sending tiny record batches (median of a few records and a few hundred bytes, read from the "
                    + "batch headers on disk) at a high rate of partition batches (TotalProduceRequestsPerSec): "
                    + "linger.ms 5-20 and batch.size 64-256 KiB as starting points; a warning when the request "
                    + "handlers are busy, else information. Thresholds are broker-tuner's heuristics.",
            Set.of(Source.BROKER, Source.WINDOW),
            List.of(ProducerSources.CHAPTER_BATCHING, ProducerSources.KAFKA_PRODUCER_CONFIGS,
                    ProducerSources.KAFKA_TOPIC_METERS, ProducerSources.KAFKA_RECORD_BATCH),
            defaults(), Set.of(Severity.INFO, Severity.WARNING));

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(MIN_BATCHES, 20.0);
        t.put(MAX_RECORDS, 2.0);
        t.put(MAX_BYTES, 1024.0);
        t.put(MIN_REQUESTS, 50.0);
        t.put(MIN_REDUCTION, 0.5);
        t.put(MAX_HANDLER_IDLE, 0.5);
        return t;
    }

    static final String WHY = """
            The last %d data batches sampled on disk from %d partition(s) of topic %s that this broker leads hold a \
            median of %d record(s) and %s per batch (p90 %s), while the broker takes %s partition batches/s for the \
            topic %s (TotalProduceRequestsPerSec, which counts one per partition in each produce request, so these \
            are batches, not requests) carrying %s records/s: about %s records per partition batch. Each batch has a \
            cost in a request handler (appended, validated, indexed on its own) whatever it carries, so tiny \
            batches spend the broker's threads on overhead (broker-tuner's reading; %s). %s A producer groups \
            records per \
            partition for up to linger.ms and up to batch.size bytes. With linger.ms=%d and batch.size=%d, at this \
            topic's %s records/s per led partition a batch would gather about %s records, so the partition \
            batches would drop from %s/s to about %s/s (%s fewer); this assumes one producer per partition: with several, \
            each batches its own records and the drop is smaller. Starting points: linger.ms 5-20 and batch.size \
            64-256 KiB (broker-tuner's heuristic ranges; the scaling chapter's example is linger.ms=10 and \
            batch.size=16384, its rule of thumb, and Kafka's defaults are linger.ms=5 since 4.0, 0 before, and \
            batch.size=16384). A longer linger adds up to that much latency to each send. broker-tuner's \
            heuristic: at most %s records and %s per batch at %s partition batches/s or more, over at least %d \
            sampled batches, a warning only with the request handlers under %s idle. Sources: %s.""";

    /** The broker's request handler idle ratio over the window, as context for the cost. */
    private static String handlers(Optional<HandlerIdle> idle) {
        return idle.map(h -> "the request handlers were " + Units.percent(h.value()) + " idle " + h.window()
                + (h.upperBound() ? " (at most: the aggregate meter in combined mode)" : ""))
                .orElse("the request handlers' idle ratio was not read");
    }

    /** True when the handlers are shown busy: a reading under the threshold (a low upper bound counts too). */
    private static boolean busy(Optional<HandlerIdle> idle, double maxIdle) {
        return idle.isPresent() && idle.get().value() < maxIdle;
    }

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        List<Outcome> out = new ArrayList<>();
        for (TopicFacts t : ProducerTopics.sampled(snapshot.broker(), out)) {
            out.add(judge(snapshot, t, thresholds));
        }
        return out;
    }

    private Outcome judge(Snapshot snapshot, TopicFacts t, Thresholds thresholds) {
        String subject = ProducerTopics.subject(t);
        TopicBatches b = t.batches();
        int minBatches = (int) META.threshold(thresholds, MIN_BATCHES);
        double maxRecords = META.threshold(thresholds, MAX_RECORDS);
        double maxBytes = META.threshold(thresholds, MAX_BYTES);
        double minRequests = META.threshold(thresholds, MIN_REQUESTS);
        double minReduction = META.threshold(thresholds, MIN_REDUCTION);
        if (b.dataBatches() < minBatches) {
            return new Outcome.Unknown(subject, b.dataBatches() + " data batches sampled, fewer than the "
                    + minBatches + " needed to judge batching");
        }
        String shape = "median " + b.medianRecords() + " records, " + Units.bytes(b.medianBytes()) + " per batch";
        if (b.medianRecords() > maxRecords || b.medianBytes() > maxBytes) {
            return new Outcome.Pass(subject, shape);
        }
        Double requests = t.produceRequestsPerSec();
        Double messages = t.messagesInPerSec();
        if (requests == null || messages == null) {
            return new Outcome.Unknown(subject, shape + "; the topic's produce request rate was not read "
                    + "(BrokerTopicMetrics per topic)");
        }
        if (requests < minRequests) {
            return new Outcome.Pass(subject, shape + " at " + Units.trim(requests) + " partition batches/s, below the "
                    + Units.trim(minRequests) + "/s at which small batches cost the handlers (broker-tuner's "
                    + "heuristic)");
        }
        int partitions = t.leaderPartitions() != null && t.leaderPartitions() > 0 ? t.leaderPartitions()
                : Math.max(1, b.partitionsSampled());
        double perRequest = messages / requests;
        double perPartition = messages / partitions;
        double recordBytes = b.medianRecords() > 0 ? (double) b.medianBytes() / b.medianRecords() : b.medianBytes();
        Double bytesIn = t.bytesInPerSec();
        if (bytesIn != null && messages > 0) {
            recordBytes = bytesIn / messages;
        }
        double after = Math.max(perRequest, Math.min(perPartition * LINGER_MS / 1000.0,
                BATCH_SIZE / Math.max(1.0, recordBytes)));
        double requestsAfter = Math.min(requests, messages / Math.max(after, 1e-9));
        double reduction = requests <= 0 ? 0 : 1 - requestsAfter / requests;
        if (reduction < minReduction) {
            return new Outcome.Pass(subject, shape + "; at " + Units.trim(perPartition) + " records/s per "
                    + "partition a " + LINGER_MS + " ms linger would cut partition batches by only "
                    + Units.percent(Math.max(0, reduction)) + " (under " + Units.percent(minReduction) + ")");
        }
        Map<String, String> evidence = ProducerTopics.evidence(t);
        evidence.put("recordsPerRequest", Units.exact(perRequest));
        evidence.put("leaderPartitions", String.valueOf(partitions));
        evidence.put("expectedProduceRequestsPerSec", Units.exact(requestsAfter));
        Optional<HandlerIdle> idle = HandlerIdle.of(snapshot);
        double maxIdle = META.threshold(thresholds, MAX_HANDLER_IDLE);
        boolean busy = busy(idle, maxIdle);
        evidence.put("requestHandlerIdleRatio", idle.map(h -> Units.ratio(h.value())).orElse("unknown"));
        idle.ifPresent(h -> evidence.put("requestHandlerIdleMeter", h.meterEvidence()));
        evidence.put("produceRequestsPerSec.unit", "partition batches/s (TotalProduceRequestsPerSec)");
        evidence.put("threshold." + MAX_HANDLER_IDLE, Units.exact(maxIdle));
        evidence.put("threshold." + MAX_RECORDS, Units.exact(maxRecords));
        evidence.put("threshold." + MAX_BYTES, Units.exact(maxBytes));
        evidence.put("threshold." + MIN_REQUESTS, Units.exact(minRequests));
        String why = WHY.formatted(b.dataBatches(), b.partitionsSampled(), t.name(), b.medianRecords(),
                Units.bytes(b.medianBytes()), Units.bytes(b.p90Bytes()), Units.trim(requests),
                MeterWindow.of(t, snapshot), Units.trim(messages),
                Units.trim(perRequest), handlers(idle), severityReason(busy, idle, maxIdle), LINGER_MS, BATCH_SIZE, Units.trim(perPartition), Units.trim(after),
                Units.trim(requests), Units.trim(requestsAfter), Units.percent(reduction), Units.exact(maxRecords),
                Units.bytes(maxBytes), Units.trim(minRequests), minBatches, Units.percent(maxIdle),
                String.join("; ", sources()));
        List<String> apply = List.of(
                ProducerTopics.producersOf(t),
                Shell.comment("linger.ms=" + LINGER_MS),
                Shell.comment("batch.size=" + BATCH_SIZE),
                Shell.comment("then restart those producers; producer settings are not broker configs"));
        String current = b.medianRecords() + " records / " + Units.bytes(b.medianBytes()) + " per batch at "
                + Units.trim(requests) + " partition batches/s";
        String recommended = "linger.ms=" + LINGER_MS + ", batch.size=" + BATCH_SIZE + " (about "
                + Units.trim(requestsAfter) + " partition batches/s)";
        return new Outcome.Recommend(new Finding(ID, busy ? Severity.WARNING : Severity.INFO, subject, current,
                recommended, why, evidence, apply));
    }

    /** Why the finding is a warning or only information. */
    private static String severityReason(boolean busy, Optional<HandlerIdle> idle, double maxIdle) {
        if (busy) {
            return "With the handlers under " + Units.percent(maxIdle) + " idle the overhead takes capacity the "
                    + "broker is short of: a warning.";
        }
        return (idle.isEmpty() ? "Without the handlers' idle ratio" : "With the handlers at least "
                + Units.percent(maxIdle) + " idle") + " the overhead costs nothing that shows yet, so this is "
                + "information: batching still saves CPU and requests as traffic grows.";
    }
}
