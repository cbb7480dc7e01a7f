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
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Information only: the share of a topic's sampled data batches written by producers without idempotence (no
 * producer id in the batch header), with the scaling chapter's acks/idempotence guidance. The headers show the
 * producer id and the transactional bit, never the producer's {@code acks}: the rule says so. One outcome per
 * sampled topic; a topic whose batches all carry a producer id passes.
 */
public final class ProducerIdempotenceRule implements Rule, RuleDocs.Documented {
    public static final String ID = "workload.producer.idempotence";
    static final String MIN_BATCHES = "minBatches";

    static final RuleMeta META = new RuleMeta(ID,
            "Information: the share of record batches on disk from producers without idempotence (no producer id "
                    + "in the batch header), with the chapter's acks/idempotence guidance; acks itself is not "
                    + "visible on disk.",
            Set.of(Source.BROKER),
            List.of(ProducerSources.CHAPTER_ACKS, ProducerSources.KAFKA_PRODUCER_CONFIGS,
                    ProducerSources.KAFKA_RECORD_BATCH),
            defaults(), Set.of(Severity.INFO));

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(MIN_BATCHES, 20.0);
        return t;
    }

    static final String WHY = """
            %s of the last %d data batches sampled on disk from topic %s carry no producer id: their producers \
            are not idempotent (%d idempotent, %d of them transactional). Without idempotence a producer that \
            retries after a lost acknowledgement can write a record twice, and with more than one request in \
            flight retries can reorder records. Since Kafka 3.0 producers are idempotent by default \
            (enable.idempotence=true, which needs acks=all and at most 5 in-flight requests), so batches without a \
            producer id come from clients that turn it off, use acks=0 or acks=1, or predate 3.0. The scaling \
            chapter's guidance (its rule of thumb): enable_idempotence with acks='all' for critical data, acks=1 \
            without retries only where throughput matters more than loss. The batch header shows the producer id, \
            not the producer's acks: whether these producers wait for all in-sync replicas cannot be told from \
            disk. Judged over at least %d sampled batches (broker-tuner's heuristic). Sources: %s.""";

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        List<Outcome> out = new ArrayList<>();
        int minBatches = (int) META.threshold(thresholds, MIN_BATCHES);
        for (TopicFacts t : ProducerTopics.sampled(snapshot.broker(), out)) {
            out.add(judge(t, minBatches));
        }
        return out;
    }

    private Outcome judge(TopicFacts t, int minBatches) {
        String subject = ProducerTopics.subject(t);
        TopicBatches b = t.batches();
        if (b.dataBatches() < minBatches) {
            return new Outcome.Unknown(subject, b.dataBatches() + " data batches sampled, fewer than the "
                    + minBatches + " needed");
        }
        int without = b.dataBatches() - b.idempotent();
        if (without <= 0) {
            return new Outcome.Pass(subject, "all " + b.dataBatches() + " sampled batches from idempotent producers"
                    + (b.transactional() > 0 ? " (" + b.transactional() + " transactional)" : ""));
        }
        double share = (double) without / b.dataBatches();
        String why = WHY.formatted(Units.percent(share), b.dataBatches(), t.name(), b.idempotent(),
                b.transactional(), minBatches, String.join("; ", sources()));
        Map<String, String> evidence = ProducerTopics.evidence(t);
        evidence.put("nonIdempotentShare", Units.ratio(share));
        List<String> apply = List.of(
                ProducerTopics.producersOf(t),
                Shell.comment("for data that must not be lost or duplicated:"),
                Shell.comment("enable.idempotence=true"),
                Shell.comment("acks=all"));
        return new Outcome.Recommend(new Finding(ID, Severity.INFO, subject,
                Units.percent(share) + " of batches without a producer id",
                "enable.idempotence=true with acks=all (for critical data)", why, evidence, apply));
    }
}
