package dev.brokertuner.agent.rules.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The producer workload rules over hand-built snapshots: both directions and the edges of each threshold. */
class ProducerRulesTest {
    private static TopicBatches batches(int data, long medianRecords, long medianBytes, Map<String, Integer> codecs,
                                        int idempotent) {
        return new TopicBatches(data, 0, 4, 65536, medianRecords, medianBytes, medianBytes * 2, codecs, idempotent,
                0);
    }

    private static TopicFacts topic(String name, TopicBatches b, Double bytesIn, Double messagesIn, Double requests,
                                    String compressionType) {
        Map<String, String> config = new LinkedHashMap<>();
        if (compressionType != null) {
            config.put("compression.type", compressionType);
        }
        return new TopicFacts(name, 1_000_000L, Map.of())
                .withMeters(bytesIn, messagesIn, requests, 0.0, config)
                .withPartitions(4, 4, null, null)
                .withBatches(b);
    }

    /** A broker whose request handlers were {@code idle} over the window (KIP-1207's broker pool meter). */
    private static Snapshot busy(double idle, TopicFacts... topics) {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> b.brokerPoolIdle(idle));
        return new Snapshot(s.host(), s.broker().withWorkload(List.of(topics), null, null));
    }

    private static Snapshot snapshot(TopicFacts... topics) {
        Snapshot s = Snapshots.hostAndBroker(h -> { }, b -> { });
        BrokerFacts broker = s.broker().withWorkload(List.of(topics), null, null);
        return new Snapshot(s.host(), broker);
    }

    /** 4000 requests/s of one 120-byte record each over 4 partitions: 1000 records/s per partition. */
    private static TopicFacts clicks() {
        return topic("clicks", batches(200, 1, 120, Map.of("none", 200), 200), 4000 * 120.0, 4000.0, 4000.0,
                "producer");
    }

    private static List<Outcome> batching(Snapshot s) {
        return new ProducerBatchingRule().evaluate(s, Thresholds.defaults());
    }

    private static List<Outcome> compression(Snapshot s) {
        return new ProducerCompressionRule().evaluate(s, Thresholds.defaults());
    }

    private static List<Outcome> idempotence(Snapshot s) {
        return new ProducerIdempotenceRule().evaluate(s, Thresholds.defaults());
    }

    private static Finding finding(List<Outcome> out) {
        assertThat(out).singleElement().isInstanceOf(Outcome.Recommend.class);
        return ((Outcome.Recommend) out.get(0)).finding();
    }

    @Test
    void tinyBatchesAtAHighRequestRateGetLingerAndBatchSizeWithTheExpectedReduction() {
        Finding f = finding(batching(busy(0.2, clicks())));
        assertThat(f.ruleId()).isEqualTo("workload.producer.batching");
        assertThat(f.subject()).isEqualTo("topic clicks");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        // TotalProduceRequestsPerSec counts one per partition per request: batches, not requests
        assertThat(f.current()).isEqualTo("1 records / 120 B per batch at 4000 partition batches/s");
        assertThat(f.recommended()).contains("linger.ms=10").contains("batch.size=131072")
                .endsWith("(about 400 partition batches/s)");
        assertThat(f.evidence()).containsEntry("requestHandlerIdleRatio", "0.20")
                .containsEntry("threshold.maxHandlerIdleForWarning", "0.5");
        assertThat(f.rationale()).contains("4000 partition batches/s", "a warning").doesNotContain("requests/s");
        // 1000 records/s per partition x 10 ms = 10 records per batch: 4000 batches/s become 400
        assertThat(f.evidence()).containsEntry("batches.medianRecords", "1").containsEntry("produceRequestsPerSec",
                "4000").containsEntry("expectedProduceRequestsPerSec", "400");
        assertThat(f.rationale()).contains("broker-tuner's heuristic").contains("linger.ms=10 and batch.size=16384")
                .contains("rule of thumb");
        assertThat(f.apply()).allSatisfy(l -> assertThat(l).startsWith("# "));
        assertThat(f.apply()).anySatisfy(l -> assertThat(l).isEqualTo("# linger.ms=10"));
    }

    @Test
    void theRationaleSaysHowLongTheTopicsRatesSpanBesideTheHandlersWindow() {
        TopicFacts t = clicks();
        TopicFacts carried = t.withMeters(t.bytesInPerSec(), t.messagesInPerSec(), t.produceRequestsPerSec(),
                t.bytesOutPerSec(), t.config(), 30.2);
        Snapshot s = Snapshots.hostAndBroker(h -> h.sampleSeconds(5), b -> b.brokerPoolIdle(0.2));
        s = new Snapshot(s.host(), s.broker().withWorkload(List.of(carried), null, null));
        Finding f = finding(batching(s));
        // the topic's rates from its previous read (issue 15), the handlers over the sample window
        assertThat(f.rationale()).contains("4000 partition batches/s for the topic over the last 30.2 s (from this "
                + "topic's previous read of its meters to the end of this " + s.host().sampleSeconds()
                + " s sample window)")
                .contains("idle over the " + s.host().sampleSeconds() + " s sample window");
        assertThat(f.evidence()).containsEntry("ratesSeconds", "30.2");
        Finding first = finding(batching(new Snapshot(s.host(), s.broker().withWorkload(List.of(t.withMeters(
                t.bytesInPerSec(), t.messagesInPerSec(), t.produceRequestsPerSec(), t.bytesOutPerSec(), t.config(),
                5.0)), null, null))));
        assertThat(first.rationale()).contains("for the topic over the " + s.host().sampleSeconds()
                + " s sample window");
    }

    /**
     * Between reads of the per-topic meters the report carries a topic's last rates: the rationale says when they
     * were read and over what span, beside the handlers' idle ratio over this window, and the evidence says carried.
     */
    @Test
    void carriedRatesAreNamedAsTheLastReadsNotThisWindows() {
        TopicFacts t = clicks();
        Instant read = Instant.parse("2026-12-01T22:00:00Z");
        TopicFacts carried = t.withMeters(t.bytesInPerSec(), t.messagesInPerSec(), t.produceRequestsPerSec(),
                t.bytesOutPerSec(), t.config(), 90.0, read, true);
        Snapshot base = Snapshots.hostAndBroker(h -> h.sampleSeconds(5), b -> b.brokerPoolIdle(0.2));
        Snapshot s = new Snapshot(read.plusSeconds(60), base.host(),
                base.broker().withWorkload(List.of(carried), null, null), List.of());
        Finding f = finding(batching(s));
        assertThat(f.rationale()).contains("4000 partition batches/s for the topic over 90 s read at "
                + "2026-12-01T22:00:00Z, 60 s before this gathering (the per-topic meters are read every "
                + "workload.topicMetersSeconds, not every gathering; these are the last read's rates)")
                .contains("idle over the 5 s sample window");
        assertThat(f.evidence()).containsEntry("ratesSeconds", "90").containsEntry("ratesReadAt",
                "2026-12-01T22:00:00Z").containsEntry("ratesCarried", "true");
        // the same numbers: a carried copy changes the words, not the advice
        Finding fresh = finding(batching(new Snapshot(read, base.host(), base.broker().withWorkload(List.of(
                t.withMeters(t.bytesInPerSec(), t.messagesInPerSec(), t.produceRequestsPerSec(), t.bytesOutPerSec(),
                        t.config(), 90.0, read, false)), null, null), List.of())));
        assertThat(fresh.recommended()).isEqualTo(f.recommended());
        assertThat(fresh.rationale()).doesNotContain("last read's").contains("from this topic's previous read");
        assertThat(fresh.evidence()).containsEntry("ratesCarried", "false");

        Snapshot compressed = new Snapshot(read.plusSeconds(60), base.host(), base.broker().withWorkload(List.of(
                carried), null, null), List.of());
        assertThat(finding(compression(compressed)).rationale()).contains("/s (over 90 s read at "
                + "2026-12-01T22:00:00Z, 60 s before this gathering");
    }

    @Test
    void tinyBatchesWithIdleOrUnreadHandlersAreInformationNotAWarning() {
        // the same 4000 tiny partition batches/s, the handlers 90% idle: nothing the broker is short of
        Finding idle = finding(batching(busy(0.9, clicks())));
        assertThat(idle.severity()).isEqualTo(Severity.INFO);
        assertThat(idle.rationale()).contains("information");
        Finding unread = finding(batching(snapshot(clicks())));
        assertThat(unread.severity()).isEqualTo(Severity.INFO);
        assertThat(unread.evidence()).containsEntry("requestHandlerIdleRatio", "unknown");
        // just under the threshold: a warning
        assertThat(finding(batching(busy(0.49, clicks()))).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void expectedReductionIsComputedFromTheMeasuredRates() {
        // 8000 records/s over 4 partitions, one per request: 2000/s per partition, 20 per 10 ms batch
        TopicFacts t = topic("busy", batches(500, 1, 150, Map.of("none", 500), 500), 8000 * 150.0, 8000.0,
                8000.0, "producer");
        Finding f = finding(batching(snapshot(t)));
        assertThat(f.evidence()).containsEntry("expectedProduceRequestsPerSec", "400")
                .containsEntry("recordsPerRequest", "1");
        assertThat(f.rationale()).contains("from 8000/s to about 400/s (95% fewer)");
    }

    @Test
    void wellBatchedTopicPasses() {
        TopicFacts t = topic("orders", batches(300, 180, 64_000, Map.of("lz4", 300), 300), 5e6, 20_000.0, 100.0,
                "producer");
        assertThat(batching(snapshot(t))).singleElement().isInstanceOf(Outcome.Pass.class);
        assertThat(compression(snapshot(t))).singleElement().isInstanceOf(Outcome.Pass.class);
        assertThat(idempotence(snapshot(t))).singleElement().isInstanceOf(Outcome.Pass.class);
    }

    @Test
    void tinyBatchesAtALowRequestRatePass() {
        TopicFacts t = topic("audit", batches(100, 1, 200, Map.of("none", 100), 100), 2000.0, 10.0, 10.0,
                "producer");
        assertThat(batching(snapshot(t))).singleElement().isInstanceOfSatisfying(Outcome.Pass.class,
                p -> assertThat(p.detail()).contains("below the 50/s"));
    }

    @Test
    void tinyBatchesWhereLingerWouldNotGatherMoreRecordsPass() {
        // 400 records/s over 4 partitions: 100/s each, 1 record per 10 ms: a linger cannot fill batches
        assertThat(batching(snapshot(clicksSpread()))).singleElement().isInstanceOfSatisfying(Outcome.Pass.class,
                p -> assertThat(p.detail()).contains("would cut partition batches by only"));
    }

    private static TopicFacts clicksSpread() {
        return topic("spread", batches(200, 1, 120, Map.of("none", 200), 200), 400 * 120.0, 400.0, 400.0,
                "producer").withPartitions(40, 40, null, null);
    }

    @Test
    void tooFewBatchesIsUnknownForEveryRule() {
        TopicFacts t = topic("rare", batches(19, 1, 100, Map.of("none", 19), 0), 1e6, 1e4, 1e4, "producer");
        assertThat(batching(snapshot(t))).singleElement().isInstanceOf(Outcome.Unknown.class);
        assertThat(compression(snapshot(t))).singleElement().isInstanceOf(Outcome.Unknown.class);
        assertThat(idempotence(snapshot(t))).singleElement().isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void withoutTheTopicsRequestRateBatchingIsUnknown() {
        TopicFacts t = new TopicFacts("nometers", 1L, Map.of())
                .withBatches(batches(100, 1, 100, Map.of("none", 100), 100));
        assertThat(batching(snapshot(t))).singleElement().isInstanceOfSatisfying(Outcome.Unknown.class,
                u -> assertThat(u.reason()).contains("request rate was not read"));
    }

    @Test
    void kafkasInternalTopicsGetNoProducerAdvice() {
        // __consumer_offsets written by the coordinator in tiny uncompressed batches at a high rate, sampled as a
        // busy topic would be: the same batches as clicks, which gets advice, but no user's producer writes them
        TopicFacts offsets = topic("__consumer_offsets", batches(200, 1, 120, Map.of("none", 200), 0),
                4000 * 120.0, 4000.0, 4000.0, "producer");
        for (List<Outcome> out : List.of(batching(snapshot(offsets)), compression(snapshot(offsets)),
                idempotence(snapshot(offsets)))) {
            assertThat(out).singleElement().isInstanceOf(Outcome.Unknown.class);
        }
        assertThat(batching(snapshot(offsets, clicks()))).singleElement()
                .satisfies(o -> assertThat(((Outcome.Recommend) o).finding().subject()).isEqualTo("topic clicks"));
    }

    @Test
    void noSampledTopicOrNoBrokerIsOneUnknown() {
        TopicFacts t = new TopicFacts("unsampled", 1L, Map.of());
        assertThat(batching(snapshot(t))).singleElement().isInstanceOf(Outcome.Unknown.class);
        Snapshot none = Snapshots.host(h -> { });
        assertThat(compression(none)).singleElement().isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void uncompressedBatchesFromProducersGetLz4OnTheProducersAndTheTopicAlternative() {
        Finding f = finding(compression(snapshot(clicks())));
        assertThat(f.ruleId()).isEqualTo("workload.producer.compression");
        assertThat(f.subject()).isEqualTo("topic clicks");
        assertThat(f.severity()).as("469 KiB/s in is below the warning rate").isEqualTo(Severity.INFO);
        assertThat(f.recommended()).isEqualTo("compression.type=lz4 on the producers");
        assertThat(f.rationale()).contains("the disk shows what the producers send").contains("CPU")
                .contains("snappy or lz4 for most cases");
        assertThat(f.apply()).allSatisfy(l -> assertThat(l).startsWith("# "));
        assertThat(f.apply()).anySatisfy(l -> assertThat(l).contains("kafka-configs.sh --bootstrap-server")
                .contains("--entity-name clicks --alter --add-config compression.type=lz4"));
    }

    @Test
    void uncompressedAtAHighRateIsAWarning() {
        TopicFacts t = topic("logs", batches(100, 50, 20_000, Map.of("none", 90, "lz4", 10), 100), 5e6, 5e4,
                500.0, "producer");
        Finding f = finding(compression(snapshot(t)));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).containsEntry("uncompressedShare", "0.90");
    }

    @Test
    void aTopicForcingUncompressedIsToldToKeepTheProducersCodec() {
        TopicFacts t = topic("raw", batches(100, 50, 20_000, Map.of("none", 100), 100), 5e6, 5e4, 500.0,
                "uncompressed");
        Finding f = finding(compression(snapshot(t)));
        assertThat(f.recommended()).contains("compression.type=producer on the topic");
        assertThat(f.rationale()).contains("cannot be told from disk");
        assertThat(f.apply()).anySatisfy(l -> assertThat(l).startsWith("kafka-configs.sh ")
                .endsWith("--entity-name raw --alter --add-config compression.type=producer"));
    }

    @Test
    void aTopicForcingACodecSaysWhatCannotBeTold() {
        TopicFacts t = topic("forced", batches(100, 50, 20_000, Map.of("zstd", 100), 100), 5e6, 5e4, 500.0,
                "zstd");
        // not a pass: the broker may be recompressing every batch, at its CPU cost, and the disk cannot show it
        assertThat(compression(snapshot(t))).singleElement().isInstanceOfSatisfying(Outcome.Unknown.class,
                u -> assertThat(u.reason()).contains("recompresses", "CPU", "cannot show what producers send",
                        "compression.type=producer on the topic"));
        TopicFacts stale = topic("changed", batches(100, 50, 20_000, Map.of("none", 100), 100), 5e6, 5e4, 500.0,
                "lz4");
        assertThat(compression(snapshot(stale))).singleElement().isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void mostlyCompressedPasses() {
        TopicFacts t = topic("mixed", batches(100, 50, 20_000, Map.of("none", 49, "snappy", 51), 100), 5e6, 5e4,
                500.0, "producer");
        assertThat(compression(snapshot(t))).singleElement().isInstanceOf(Outcome.Pass.class);
    }

    @Test
    void nonIdempotentBatchesAreInformationWithTheAcksCaveat() {
        TopicFacts t = topic("legacy", batches(100, 50, 20_000, Map.of("lz4", 100), 25), 5e6, 5e4, 500.0,
                "producer");
        Finding f = finding(idempotence(snapshot(t)));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.current()).isEqualTo("75% of batches without a producer id");
        assertThat(f.rationale()).contains("not the producer's acks");
    }

    @Test
    void aHostileTopicNameStaysInsideCommentsAndQuotedWords() {
        String name = "evil'\n$(reboot)";
        TopicFacts t = topic(name, batches(100, 50, 20_000, Map.of("none", 100), 100), 5e6, 5e4, 500.0,
                "uncompressed");
        Finding f = finding(compression(snapshot(t)));
        assertThat(f.subject()).isEqualTo("topic " + name);
        assertThat(f.apply()).filteredOn(l -> l.startsWith("#")).allSatisfy(l -> assertThat(l)
                .doesNotContain("\n"));
        assertThat(f.apply()).filteredOn(l -> l.startsWith("kafka-configs.sh")).singleElement()
                .satisfies(l -> assertThat(l).contains("--entity-name 'evil'\\''\n$(reboot)' --alter"));
    }
}
