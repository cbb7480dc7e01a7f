package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.report.WorkloadMeters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicPartitionsRuleTest {
    private final TopicPartitionsRule rule = new TopicPartitionsRule();

    private static TopicFacts topic(String name, int partitions, int led, Double bytesIn, Double skew, Integer hot) {
        return new TopicFacts(name, 1L << 30, Map.of()).withMeters(bytesIn, null, null, null, Map.of())
                .withPartitions(partitions, led, skew, hot);
    }

    private static BrokerFacts broker(List<TopicFacts> topics, List<GroupFacts> groups) {
        BrokerFacts b = Snapshots.hostAndBroker(h -> h.sampleSeconds(5), x -> x.nodeId(1)).broker();
        return b.withWorkload(topics, groups, WorkloadMeters.empty());
    }

    private static Snapshot snapshot(List<TopicFacts> topics, List<GroupFacts> groups, List<TopicFacts> before) {
        Snapshot base = Snapshots.hostAndBroker(h -> h.sampleSeconds(5), x -> { });
        List<Snapshot> earlier = before == null ? List.of()
                : List.of(new Snapshot(Instant.parse("2026-12-01T12:00:00Z"), base.host(), broker(before, null),
                List.of()));
        return new Snapshot(Instant.parse("2026-12-01T12:00:30Z"), base.host(), broker(topics, groups), earlier, 12);
    }

    private List<Outcome> run(Snapshot s) {
        return rule.evaluate(s, Thresholds.defaults());
    }

    @Test
    void aTopicNearTheChaptersRatePerPartitionGetsMorePartitionsComputed() {
        // 6 partitions, 3 led here taking 180 MB/s: 60 MB/s each, above half of ~100 MB/s; ~360 MB/s in all
        Finding f = onlyFinding(run(snapshot(List.of(topic("clicks", 6, 3, 180e6, 1.1, 0)), null, null)));
        assertThat(f.ruleId()).isEqualTo("workload.topic.partitions");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("topic clicks");
        assertThat(f.current()).isEqualTo("6 partitions");
        // each broker estimates the topic from the partitions it leads: said so, since brokers can disagree
        assertThat(f.recommended()).isEqualTo("8 partitions (this broker's estimate from its 3 led)");
        assertThat(f.evidence()).containsEntry("bytesInPerLedPartition", "60000000")
                .containsEntry("estimatedTopicBytesPerSec", "360000000")
                .containsEntry("estimateBasis", "this broker's 3 led partitions of 6 (a per-broker estimate)");
        assertThat(f.rationale()).contains("rule of thumb", "broker-tuner flags", "per-key order",
                "this broker's estimate", "brokers can name different counts");
        assertThat(f.apply()).contains("kafka-topics.sh --bootstrap-server localhost:9092 --alter --topic "
                + "clicks --partitions 8").anyMatch(l -> l.startsWith("# adding partitions remaps keys"));
    }

    /** Carried per-topic rates (this gathering did not read the meters): said as the last read's, with its time. */
    @Test
    void carriedRatesAreNamedAsTheLastReadsWithTheirTime() {
        TopicFacts t = topic("clicks", 6, 3, 180e6, 1.1, 0);
        TopicFacts carried = t.withMeters(t.bytesInPerSec(), null, null, null, Map.of(), 90.0,
                Instant.parse("2026-12-01T12:00:00Z"), true);
        Finding f = onlyFinding(run(snapshot(List.of(carried), null, null)));
        assertThat(f.recommended()).isEqualTo("8 partitions (this broker's estimate from its 3 led)");
        assertThat(f.rationale()).contains("measured over 90 s read at 2026-12-01T12:00:00Z, 30 s before this "
                + "gathering (the per-topic meters are read every workload.topicMetersSeconds, not every gathering; "
                + "these are the last read's rates)");
        assertThat(f.evidence()).containsEntry("ratesCarried", "true")
                .containsEntry("ratesReadAt", "2026-12-01T12:00:00Z");
    }

    @Test
    void kafkasInternalTopicsGetNoPartitionAdvice() {
        // __consumer_offsets: 50 partitions led here at 60 MB/s each and a hot partition two windows in a row; the
        // brokers write it, no user sizes or keys it
        List<Outcome> out = run(snapshot(List.of(topic("__consumer_offsets", 50, 50, 3000e6, 40.0, 7),
                topic("orders", 12, 4, 20e6, null, null)), null,
                List.of(topic("__consumer_offsets", 50, 50, 3000e6, 35.0, 7))));
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.detail()).startsWith("1 of 1 topics"));
    }

    @Test
    void everyReadValueInTheAlterLineIsQuoted() {
        Finding f = onlyFinding(run(snapshot(List.of(topic("a;rm -rf /", 2, 2, 200e6, null, null)), null, null)));
        assertThat(f.apply()).anyMatch(l -> l.contains("--topic 'a;rm -rf /' --partitions 4"));
    }

    @Test
    void aModerateTopicPasses() {
        List<Outcome> out = run(snapshot(List.of(topic("orders", 12, 4, 20e6, 1.3, 2)), null,
                List.of(topic("orders", 12, 4, 20e6, 1.2, 2))));
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).singleElement().satisfies(p -> assertThat(p.subject()).isEqualTo("topics"));
    }

    @Test
    void aHotPartitionInTwoWindowsInARowPointsAtTheKeysNotMorePartitions() {
        Finding f = onlyFinding(run(snapshot(List.of(topic("payments", 6, 6, null, 40.0, 3)), null,
                List.of(topic("payments", 6, 6, null, 35.0, 3)))));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.subject()).isEqualTo("topic payments");
        assertThat(f.current()).isEqualTo("partition 3 at 40 x the median");
        assertThat(f.evidence()).containsEntry("hottestPartition", "3").containsEntry("earlier.partitionSkew", "35");
        assertThat(f.rationale()).contains("More partitions do not spread one key", "broker-tuner's");
        assertThat(f.apply()).noneMatch(l -> l.contains("--alter"))
                .anyMatch(l -> l.contains("kafka-console-consumer.sh") && l.contains("--partition 3"));
    }

    @Test
    void aSkewSeenOnceOrMovingBetweenPartitionsIsNotAHotSpot() {
        // first window with a skew: nothing to agree with yet
        assertThat(findings(run(snapshot(List.of(topic("t", 6, 6, null, 9.0, 1)), null, null)))).isEmpty();
        // the hottest partition moved (a sticky partitioner's batches landing unevenly)
        assertThat(findings(run(snapshot(List.of(topic("t", 6, 6, null, 9.0, 1)), null,
                List.of(topic("t", 6, 6, null, 8.0, 4)))))).isEmpty();
        // skewed before, even now
        assertThat(findings(run(snapshot(List.of(topic("t", 6, 6, null, 1.5, 1)), null,
                List.of(topic("t", 6, 6, null, 8.0, 1)))))).isEmpty();
        // a known trickle of bytes in: not worth a finding
        assertThat(findings(run(snapshot(List.of(topic("t", 6, 6, 5000.0, 9.0, 1)), null,
                List.of(topic("t", 6, 6, 5000.0, 9.0, 1)))))).isEmpty();
    }

    @Test
    void twoWindowsInARowMeansTheImmediatelyPreviousOneNotAnOlderOne() {
        Snapshot base = Snapshots.hostAndBroker(h -> h.sampleSeconds(5), x -> { });
        Snapshot previous = new Snapshot(Instant.parse("2026-12-01T12:00:00Z"), base.host(),
                broker(List.of(topic("t", 6, 6, null, null, null)), null), List.of());
        Snapshot older = new Snapshot(Instant.parse("2026-12-01T11:59:30Z"), base.host(),
                broker(List.of(topic("t", 6, 6, null, 9.0, 1)), null), List.of());
        Snapshot now = new Snapshot(Instant.parse("2026-12-01T12:00:30Z"), base.host(),
                broker(List.of(topic("t", 6, 6, null, 9.0, 1)), null), List.of(previous, older), 12);
        // the window right before had no skew (or no such topic): the skew now and an older one are not in a row
        assertThat(findings(run(now))).isEmpty();
        Snapshot without = new Snapshot(Instant.parse("2026-12-01T12:00:30Z"), base.host(),
                broker(List.of(topic("t", 6, 6, null, 9.0, 1)), null), List.of(new Snapshot(
                Instant.parse("2026-12-01T12:00:00Z"), base.host(), broker(List.of(), null), List.of()), older), 12);
        assertThat(findings(run(without))).isEmpty();
        // with the skew right before, it is
        Snapshot inARow = new Snapshot(Instant.parse("2026-12-01T12:00:30Z"), base.host(),
                broker(List.of(topic("t", 6, 6, null, 9.0, 1)), null), List.of(older), 12);
        assertThat(findings(run(inARow))).hasSize(1);
    }

    @Test
    void manyPartitionsCarryingLittleIsInfoWithoutAnAlter() {
        // 120 partitions, 40 led here taking 4 MB/s: 100 KB/s each
        Finding f = onlyFinding(run(snapshot(List.of(topic("logs", 120, 40, 4e6, 1.2, 0)), null, null)));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        // 12 MB/s in all: the chapter's milestone for 10-100 MB/s
        assertThat(f.recommended()).isEqualTo("no more partitions (10-20 at this throughput)");
        assertThat(f.evidence()).containsEntry("chapterMilestonePartitions", "10-20");
        assertThat(f.rationale()).contains("diminishing returns", "cannot lower", "rules of thumb");
        assertThat(f.apply()).allMatch(l -> l.startsWith("#"));
    }

    @Test
    void anIdleTopicWithManyPartitionsSaysNothing() {
        assertThat(findings(run(snapshot(List.of(topic("quiet", 120, 40, 0.0, null, null)), null, null)))).isEmpty();
    }

    @Test
    void withoutBytesInOnlyTheSkewIsJudged() {
        assertThat(unknowns(run(snapshot(List.of(topic("t", 6, 3, null, null, null)), null, null))))
                .singleElement().satisfies(u -> assertThat(u.reason()).contains("1 of 1 topics", "bytes in"));
    }

    @Test
    void topicsNotLedHereOrWithoutPartitionsAreSkipped() {
        List<Outcome> out = run(snapshot(List.of(topic("followed", 6, 0, 0.0, null, null),
                new TopicFacts("unread", 10L, Map.of())), null, null));
        assertThat(findings(out)).isEmpty();
        assertThat(unknowns(out)).singleElement().satisfies(u -> assertThat(u.reason()).contains("no topic"));
    }

    @Test
    void moreMembersThanPartitionsLeavesMembersIdle() {
        GroupFacts g = new GroupFacts("billing", "consumer", "Stable", 1, 8, 0, List.of("invoices"), 6, 12L, null,
                null, null, null);
        Finding f = onlyFinding(run(snapshot(List.of(), List.of(g), null)));
        assertThat(f.subject()).isEqualTo("group billing");
        assertThat(f.current()).isEqualTo("8 members for 6 partitions");
        assertThat(f.recommended()).isEqualTo("at most 6 members");
        assertThat(f.rationale()).contains("2 members get no partition");
        assertThat(f.apply()).anyMatch(l -> l.endsWith("--alter --topic invoices --partitions 8"));
    }

    @Test
    void groupsWithRoomAndShareGroupsPass() {
        GroupFacts fits = new GroupFacts("a", "classic", "Stable", 1, 3, 0, List.of("x"), 6, 1L, null, null, null,
                null);
        GroupFacts share = new GroupFacts("s", "share", "Stable", 1, 9, 0, List.of("x"), 3, 1L, null, null, null,
                null);
        List<Outcome> out = run(snapshot(List.of(), List.of(fits, share), null));
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).extracting(Outcome.Pass::detail)
                .containsExactly("1 consumer group with no more members than partitions");
    }

    @Test
    void anUnreachableBrokerIsUnknown() {
        Snapshot s = new Snapshot(Snapshots.host(h -> { }).host(), BrokerFacts.notFound("none"));
        assertThat(unknowns(run(s))).hasSize(1);
    }
}
