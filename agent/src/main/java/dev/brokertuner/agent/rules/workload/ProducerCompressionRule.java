package dev.brokertuner.agent.rules.workload;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.broker.MeterWindow;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Record batches stored uncompressed: the codec bits of the batch headers sampled at the tail of the topic's led
 * partitions are mostly {@code none}. With the topic's {@code compression.type=producer} (the default) the disk
 * shows what the producers send, so the producers are told to compress ({@code lz4}, or {@code zstd} for a better
 * ratio at more CPU), or the topic to (the broker then compresses every batch itself). A topic that forces
 * {@code uncompressed} makes the broker decompress whatever producers send. A topic forcing a codec makes the disk
 * show that codec whatever producers send: the outcome is unknown, not a pass, saying that the broker recompresses
 * (at its CPU cost) every batch sent with another codec and that the disk cannot tell. A topic compressed as the
 * producers send it gets nothing.
 */
public final class ProducerCompressionRule implements Rule, RuleDocs.Documented {
    public static final String ID = "workload.producer.compression";
    static final String MIN_BATCHES = "minBatches";
    static final String MIN_SHARE = "minUncompressedShare";
    static final String WARN_BYTES = "warnBytesInPerSec";
    static final String CODEC = "lz4";
    private static final Set<String> UNCOMPRESSED = Set.of("uncompressed", "none");

    static final RuleMeta META = new RuleMeta(ID,
            "Record batches arriving uncompressed (codec none in the batch headers on disk), or a topic "
                    + "compression.type that makes the broker store them uncompressed: compression.type=lz4 (or "
                    + "zstd) on the producers, or on the topic at the broker's CPU cost. Thresholds are "
                    + "broker-tuner's heuristics.",
            Set.of(Source.BROKER, Source.WINDOW),
            List.of(ProducerSources.CHAPTER_COMPRESSION, ProducerSources.KAFKA_PRODUCER_CONFIGS,
                    ProducerSources.KAFKA_TOPIC_COMPRESSION, ProducerSources.KAFKA_RECORD_BATCH),
            defaults(), Set.of(Severity.INFO, Severity.WARNING));

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(MIN_BATCHES, 20.0);
        t.put(MIN_SHARE, 0.5);
        t.put(WARN_BYTES, 1048576.0);
        return t;
    }

    static final String WHY = """
            %s of the last %d data batches sampled on disk from %d partition(s) of topic %s that this broker leads \
            are uncompressed (codecs: %s), at %s in. %s Compressed batches cost less network between producers, \
            brokers and consumers, less disk and page cache, and less replication traffic; the producer compresses \
            a whole batch at once, so compression pays most with batching. The scaling chapter's table (its rule of \
            thumb): snappy and lz4 low CPU, gzip high, zstd medium, "snappy or lz4 for most cases"; zstd usually \
            gives the better ratio for its medium CPU (broker-tuner's reading). Setting compression.type=%s on the \
            topic instead makes the broker compress every batch it appends, on its request handler threads: CPU \
            on every broker leading the topic, and the producers' network use is unchanged. Data that is already \
            compressed or encrypted does not shrink; the headers cannot tell (payloads are never read). \
            broker-tuner's heuristic: at least %s of at least %d sampled batches uncompressed; a warning at %s/s \
            in or more, information below. Sources: %s.""";
    static final String PRODUCER_SIDE = "The topic's compression.type is %s, so the broker keeps each batch as the "
            + "producer sent it: the disk shows what the producers send.";
    static final String TOPIC_FORCES_NONE = "The topic's compression.type is %s: the broker decompresses every "
            + "batch a producer sends and stores it uncompressed, so what the producers send cannot be told from "
            + "disk; setting it back to producer keeps their codec.";
    static final String CONFIG_UNKNOWN = "The topic's compression.type was not read; with the default (producer) "
            + "the disk shows what the producers send.";

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
        BrokerFacts broker = snapshot.broker();
        String subject = ProducerTopics.subject(t);
        TopicBatches b = t.batches();
        int minBatches = (int) META.threshold(thresholds, MIN_BATCHES);
        double minShare = META.threshold(thresholds, MIN_SHARE);
        double warnBytes = META.threshold(thresholds, WARN_BYTES);
        if (b.dataBatches() < minBatches) {
            return new Outcome.Unknown(subject, b.dataBatches() + " data batches sampled, fewer than the "
                    + minBatches + " needed to judge compression");
        }
        String topicCodec = t.effective("compression.type").map(s -> s.trim().toLowerCase(Locale.ROOT))
                .orElse(null);
        int none = b.codecs().getOrDefault("none", 0);
        double share = (double) none / b.dataBatches();
        String codecs = ProducerTopics.codecs(b.codecs());
        boolean forced = topicCodec != null && !topicCodec.equals("producer");
        if (share < minShare) {
            String detail = "batches compressed (" + codecs + ")";
            if (forced && !UNCOMPRESSED.contains(topicCodec)) {
                // not a pass: the broker may be recompressing every batch, and nothing on disk can show it
                return new Outcome.Unknown(subject, detail + "; the topic's compression.type=" + topicCodec
                        + " makes the broker write " + topicCodec + " whatever producers send: when a producer "
                        + "sends another codec or none, the broker decompresses and recompresses each of its "
                        + "batches on its request handler threads (CPU on every broker leading the topic), and "
                        + "the batch headers on disk cannot show what producers send. Check the producers' "
                        + "compression.type: if all send " + topicCodec + " nothing is recompressed; if not, set "
                        + "compression.type=producer on the topic and " + topicCodec + " on the producers");
            }
            return new Outcome.Pass(subject, detail);
        }
        if (forced && !UNCOMPRESSED.contains(topicCodec)) {
            return new Outcome.Unknown(subject, codecs + " on disk although the topic's compression.type is "
                    + topicCodec + ": batches written before the topic's setting changed; judged at a later "
                    + "gathering");
        }
        boolean topicForcesNone = forced;
        String context = topicCodec == null ? CONFIG_UNKNOWN : topicForcesNone
                ? TOPIC_FORCES_NONE.formatted(topicCodec) : PRODUCER_SIDE.formatted(topicCodec);
        Double bytesIn = t.bytesInPerSec();
        Severity severity = bytesIn != null && bytesIn >= warnBytes ? Severity.WARNING : Severity.INFO;
        String why = WHY.formatted(Units.percent(share), b.dataBatches(), b.partitionsSampled(), t.name(), codecs,
                bytesIn == null ? "an unknown rate" : Units.bytes(bytesIn) + "/s (" + MeterWindow.of(t, snapshot) + ")", context, CODEC,
                Units.percent(minShare), minBatches, Units.bytes(warnBytes),
                String.join("; ", sources()));
        Map<String, String> evidence = ProducerTopics.evidence(t);
        evidence.put("uncompressedShare", Units.ratio(share));
        evidence.put("threshold." + MIN_SHARE, Units.exact(minShare));
        List<String> apply = new ArrayList<>();
        String current;
        String recommended;
        if (topicForcesNone) {
            current = "topic compression.type=" + topicCodec + ", batches " + codecs;
            recommended = "compression.type=producer on the topic, " + CODEC + " on the producers";
            apply.add(ProducerTopics.COMMAND_CONFIG_NOTE);
            apply.add(Shell.comment("keep the producers' codec instead of storing batches uncompressed:"));
            apply.add(ProducerTopics.alterTopic(broker, t.name(), "compression.type=producer"));
            apply.add(ProducerTopics.producersOf(t));
            apply.add(Shell.comment("compression.type=" + CODEC));
        } else {
            current = "batches " + codecs;
            recommended = "compression.type=" + CODEC + " on the producers";
            apply.add(ProducerTopics.producersOf(t));
            apply.add(Shell.comment("compression.type=" + CODEC + "   (or zstd: better ratio, more CPU)"));
            apply.add(Shell.comment("then restart those producers"));
            apply.add(Shell.comment("or, when the producers cannot be changed, on the topic (the broker then "
                    + "compresses every batch, at its own CPU cost; run by hand):"));
            apply.add(Shell.comment(ProducerTopics.alterTopic(broker, t.name(), "compression.type=" + CODEC)));
        }
        return new Outcome.Recommend(new Finding(ID, severity, subject, current, recommended, why, evidence, apply));
    }
}
