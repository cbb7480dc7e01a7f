package dev.brokertuner.agent.rules.broker;

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
}
