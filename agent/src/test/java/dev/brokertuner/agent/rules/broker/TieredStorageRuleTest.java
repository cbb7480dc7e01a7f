package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TieredStorageRuleTest {
    private final TieredStorageRule rule = new TieredStorageRule();

    private List<Outcome> evaluate(Consumer<Snapshots.BrokerBuilder> broker) {
        return rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> {
            b.config("remote.log.storage.system.enable", "false").config("log.retention.ms", null)
                    .config("log.retention.hours", "168").logDir("/data/kafka", 7L << 40, null, null);
            broker.accept(b);
        }), Thresholds.defaults());
    }

    @Test
    void aWeekOfRetentionWithADayLocalKeepsASeventh() {
        Finding f = onlyFinding(evaluate(b -> { }));
        assertThat(f.ruleId()).isEqualTo("broker.tiered-storage");
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.current()).isEqualTo("remote.log.storage.system.enable=false");
        assertThat(f.evidence()).containsEntry("retentionMs", "604800000")
                .containsEntry("estimatedLocalBytes", String.valueOf(1L << 40))
                .containsEntry("estimatedSavedBytes", String.valueOf(6L << 40));
        assertThat(f.recommended()).contains("local.retention.ms=86400000", "6 TiB");
        assertThat(f.apply()).contains("#   remote.log.storage.system.enable=true").anyMatch(l -> l.contains(
                "--entity-type topics --entity-name '<topic>' --alter --add-config remote.storage.enable=true,"
                        + "local.retention.ms=86400000"));
        assertThat(f.rationale()).contains("RemoteStorageManager", "compacted", "read-only");
    }

    @Test
    void unlimitedRetentionUsesTheWriteRate() {
        // 10 MB/s x 86400 s = 864 GB kept locally of 7 TiB.
        Finding f = onlyFinding(evaluate(b -> b.config("log.retention.ms", "-1").bytesIn(4e6, 6e6)));
        assertThat(f.evidence()).containsEntry("estimatedLocalBytes", "864000000000");
    }

    @Test
    void withoutRetentionConfigsTheMeasuredWriteRateSizesTheLocalShare() {
        // The gatherer reads no log.retention.*: 5 MB/s x 24 h = 432 GB of 2 TiB stays local.
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> h.sampleSeconds(5), b -> b
                .config("remote.log.storage.system.enable", "false").logDir("/data/kafka", 2L << 40, null, null)
                .bytesIn(2e6, 3e6)), Thresholds.defaults()));
        assertThat(f.evidence()).containsEntry("retentionMs", "unknown")
                .containsEntry("estimatedLocalBytes", "432000000000")
                .containsEntry("estimatedSavedBytes", String.valueOf((2L << 40) - 432_000_000_000L));
        assertThat(f.rationale()).contains("5 MB/s", "over the 5 s sample window");
    }

    @Test
    void olderKafkaIsNotJudged() {
        assertThat(passes(evaluate(b -> b.kafkaVersion("3.8.1")))).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("3.9"));
        assertThat(onlyFinding(evaluate(b -> b.kafkaVersion("7.9.0-ccs")))).isNotNull();
    }

    @Test
    void enabledOrSmallPasses() {
        assertThat(passes(evaluate(b -> b.config("remote.log.storage.system.enable", "true")))).hasSize(1);
        assertThat(passes(rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> b
                .config("remote.log.storage.system.enable", "false").config("log.retention.hours", "168")
                .logDir("/data/kafka", 20L << 30, null, null)), Thresholds.defaults()))).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("below 50 GiB"));
        assertThat(passes(evaluate(b -> b.config("log.retention.ms", "3600000")))).hasSize(1);
    }

    @Test
    void unknownInputsAreUnknown() {
        assertThat(unknowns(evaluate(b -> b.kafkaVersion(null)))).hasSize(1);
        assertThat(unknowns(rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> b
                .config("remote.log.storage.system.enable", "false").config("log.retention.hours", "168")),
                Thresholds.defaults()))).singleElement().satisfies(u -> assertThat(u.reason())
                .contains("describeLogDirs"));
        assertThat(unknowns(evaluate(b -> b.config("log.retention.ms", "-1")))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("write rate", "finite retention"));
    }

    private static final long GIB = 1L << 30;

    @Test
    void perTopicCompactedTopicsStayLocalAndShortRetentionGainsNothing() {
        // 7 TiB here: a compacted 1 TiB topic, a 1 TiB topic with 12 h retention, 5 TiB of a week-long topic.
        Finding f = onlyFinding(evaluate(b -> b
                .topic("clicks", 5L << 40, "cleanup.policy=delete", "retention.ms=604800000")
                .topic("profiles", 1L << 40, "cleanup.policy=compact", "retention.ms=604800000")
                .topic("alerts", 1L << 40, "cleanup.policy=delete", "retention.ms=43200000")));
        // kept: 1 TiB compacted + 1 TiB short + 5 TiB x 24/168 = 2 TiB + 5/7 TiB.
        long kept = (2L << 40) + (long) ((5L << 40) * (86_400_000.0 / 604_800_000));
        assertThat(f.evidence()).containsEntry("topicsRead", "3").containsEntry("compactedTopics", "1")
                .containsEntry("compactedBytes", String.valueOf(1L << 40))
                .containsEntry("topicsWithinLocalRetention", "1")
                .containsEntry("estimatedLocalBytes", String.valueOf(kept))
                .containsEntry("estimatedSavedBytes", String.valueOf((7L << 40) - kept));
        assertThat(f.rationale()).contains("would stay local. That would free", "1 compacted (1 TiB) cannot tier",
                "1 with a retention within the local "
                + "retention (1 TiB) gain nothing", "broker-tuner's default").doesNotContain("%s", "%d",
                "are not counted");
        // Only the topic that can tier gets its command; the compacted and short ones are left out.
        assertThat(f.apply()).anyMatch(l -> l.contains("--entity-name clicks --alter --add-config "
                + "remote.storage.enable=true,local.retention.ms=86400000"))
                .noneMatch(l -> l.contains("profiles") || l.contains("alerts") || l.contains("<topic>"));
    }

    @Test
    void everyTopicCompactedMeansNothingToTier() {
        assertThat(passes(evaluate(b -> b.topic("state", 7L << 40, "cleanup.policy=compact,delete",
                "retention.ms=604800000")))).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("tiering would free about 0 B"));
    }

    @Test
    void aTopicNameIsQuotedInItsApplyLine() {
        Finding f = onlyFinding(evaluate(b -> b.topic("odd$(id)", 7L << 40, "retention.ms=-1").bytesIn(1e6, 1e6)));
        assertThat(f.apply()).anyMatch(l -> l.contains("--entity-name 'odd$(id)' --alter"));
    }

    @Test
    void confluentServersOwnTieringIsRecognisedNotAdvisedAgainst() {
        for (var setup : List.<Consumer<Snapshots.BrokerBuilder>>of(
                b -> b.config("confluent.tier.feature", "true"),
                b -> b.config("confluent.tier.enable", "true").kafkaVersion("7.3.0-ce"),
                b -> b.topic("orders", 7L << 40, "confluent.tier.enable=true"))) {
            List<Outcome> outcomes = evaluate(setup);
            assertThat(findings(outcomes)).isEmpty();
            assertThat(passes(outcomes)).singleElement()
                    .satisfies(p -> assertThat(p.detail()).contains("Confluent Server", "recognised"));
        }
    }

    private List<Outcome> tiered(Consumer<Snapshots.BrokerBuilder> broker) {
        return evaluate(b -> {
            b.config("remote.log.storage.system.enable", "true");
            broker.accept(b);
        });
    }

    @Test
    void localRetentionAboveRetentionIsAWarning() {
        Finding f = onlyFinding(tiered(b -> b
                .topic("orders", 100 * GIB, "remote.storage.enable=true", "retention.ms=86400000",
                        "local.retention.ms=172800000")
                .topic("audit", 10 * GIB, "remote.storage.enable=true", "retention.ms=604800000",
                        "local.retention.ms=-1")
                .topic("fine", 10 * GIB, "remote.storage.enable=true", "retention.ms=604800000",
                        "local.retention.ms=3600000")));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.subject()).isEqualTo("tiered topics: local.retention.ms above retention.ms");
        assertThat(f.current()).isEqualTo("2 topics");
        assertThat(f.evidence()).containsEntry("topic.orders", "retention.ms=86400000, local.retention.ms=172800000, "
                + "bytesHere=" + 100 * GIB).containsKey("topic.audit").doesNotContainKey("topic.fine");
        assertThat(f.rationale()).contains("-2 means", "refuses").doesNotContain("%s");
        // local retention capped at the topic's retention (24 h for orders).
        assertThat(f.apply()).anyMatch(l -> l.endsWith("--entity-name orders --alter --add-config "
                + "local.retention.ms=86400000"))
                .anyMatch(l -> l.endsWith("--entity-name audit --alter --add-config local.retention.ms=86400000"));
    }

    @Test
    void minusTwoMeansTheWholeRetentionStaysLocal() {
        Finding f = onlyFinding(tiered(b -> b
                .topic("orders", 100 * GIB, "remote.storage.enable=true", "retention.ms=604800000",
                        "local.retention.ms=-2")
                .topic("short", 10 * GIB, "remote.storage.enable=true", "retention.ms=3600000",
                        "local.retention.ms=-2")
                .topic("local-only", 10 * GIB, "retention.ms=604800000", "local.retention.ms=-2")));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.subject()).isEqualTo("tiered topics: whole retention kept locally");
        assertThat(f.evidence()).containsKey("topic.orders").doesNotContainKeys("topic.short", "topic.local-only");
        assertThat(f.rationale()).contains("1 tiered topic here keeps the whole retention locally",
                "frees no local disk");
        assertThat(f.current()).isEqualTo("1 topic keeps everything locally");
    }

    @Test
    void tieredTopicsWithAShortLocalRetentionPass() {
        assertThat(passes(tiered(b -> b.topic("orders", 100 * GIB, "remote.storage.enable=true",
                "retention.ms=604800000", "local.retention.ms=86400000")))).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("1 tiered topic"));
        assertThat(passes(tiered(b -> { }))).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("topic configs not read"));
    }

    @Test
    void subjectsNameNoTopicOrCount() {
        // Stable identities: the subject stays the same as topics come and go; the topics are evidence.
        Finding one = onlyFinding(tiered(b -> b.topic("a", GIB, "remote.storage.enable=true",
                "retention.ms=86400000", "local.retention.ms=172800000")));
        Finding two = onlyFinding(tiered(b -> b.topic("b", GIB, "remote.storage.enable=true",
                "retention.ms=86400000", "local.retention.ms=172800000").topic("c", GIB,
                "remote.storage.enable=true", "retention.ms=86400000", "local.retention.ms=-1")));
        assertThat(one.subject()).isEqualTo(two.subject());
    }

    @Test
    void theLocalRetentionConsideredIsLabelledAsTheProductsDefault() {
        Finding f = onlyFinding(evaluate(b -> { }));
        assertThat(f.rationale()).contains("broker-tuner's default (threshold localRetentionHours), not a Kafka "
                + "recommendation");
        assertThat(f.rationale().substring(f.rationale().indexOf("Sources: "))).doesNotContain("heuristic");
        assertThat(rule.sources()).anyMatch(s -> s.startsWith("broker-tuner's own heuristics")
                && s.contains("minSavedGiB"));
    }

    @Test
    void aTopicWithoutOverridesInheritsTheBrokersLocalRetention() {
        // The reader keeps only topic overrides: local.retention.ms comes from log.local.retention.ms, else -2.
        Finding f = onlyFinding(tiered(b -> b.topic("orders", 100 * GIB, "remote.storage.enable=true")));
        assertThat(f.subject()).isEqualTo("tiered topics: whole retention kept locally");
        assertThat(f.evidence()).containsEntry("topic.orders", "retention.ms=604800000, local.retention.ms=-2, "
                + "bytesHere=" + 100 * GIB);
        assertThat(passes(tiered(b -> b.config("log.local.retention.ms", "86400000")
                .topic("orders", 100 * GIB, "remote.storage.enable=true")))).hasSize(1);
        // log.cleanup.policy=compact as the broker default makes every topic without an override compacted
        assertThat(passes(evaluate(b -> b.config("log.cleanup.policy", "compact")
                .topic("state", 7L << 40)))).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("tiering would free about 0 B"));
    }

    @Test
    void aCarriedLogDirsReadGivesTheSameVerdictAndNumbersAsTheReadItself() {
        java.time.Instant read = java.time.Instant.parse("2026-12-01T12:00:00Z");
        java.util.function.Function<Long, dev.brokertuner.agent.gather.Snapshot> gathering = second ->
                Snapshots.hostAndBroker(h -> { }, b -> b.config("remote.log.storage.system.enable", "false")
                        .config("log.retention.ms", null).config("log.retention.hours", "168")
                        .logDir("/data/kafka", 7L << 40, read));
        dev.brokertuner.agent.gather.Snapshot alone = gathering.apply(0L);
        dev.brokertuner.agent.gather.Snapshot atRead = new dev.brokertuner.agent.gather.Snapshot(
                read.plusSeconds(2), alone.host(), alone.broker(), List.of(), 12);
        // 90 s later, the same read carried, with three gatherings carrying it before
        dev.brokertuner.agent.gather.Snapshot carried = new dev.brokertuner.agent.gather.Snapshot(
                read.plusSeconds(92), alone.host(), alone.broker(), List.of(
                gathering.apply(60L), gathering.apply(30L), atRead), 12);
        List<Outcome> fresh = rule.evaluate(atRead, Thresholds.defaults());
        assertThat(rule.evaluate(carried, Thresholds.defaults())).isEqualTo(fresh);
        assertThat(onlyFinding(fresh).evidence()).containsEntry("broker.logDirBytes", String.valueOf(7L << 40))
                .containsEntry("estimatedSavedBytes", String.valueOf(6L << 40))
                .containsEntry("broker.logDirsReadAt", "2026-12-01T12:00:00Z");
    }
}
