package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.findings;
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

class LogFlushRuleTest {
    private static final String NEVER = "9223372036854775807";
    private final LogFlushRule rule = new LogFlushRule();

    private List<Outcome> evaluate(Consumer<Snapshots.BrokerBuilder> broker) {
        return rule.evaluate(Snapshots.hostAndBroker(h -> { }, broker), Thresholds.defaults());
    }

    private static Finding about(List<Outcome> out, String subject) {
        return findings(out).stream().filter(f -> f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding on " + subject + " in " + out));
    }

    @Test
    void defaultsPass() {
        var out = evaluate(b -> b.dynamicConfig("log.flush.interval.messages", NEVER, "DEFAULT_CONFIG")
                .dynamicConfig("log.flush.interval.ms", null, "DEFAULT_CONFIG"));
        assertThat(passes(out)).hasSize(2);
    }

    @Test
    void theChaptersFlushSettingsCostLatency() {
        var out = evaluate(b -> b.dynamicConfig("log.flush.interval.messages", "10000", "STATIC_BROKER_CONFIG")
                .dynamicConfig("log.flush.interval.ms", "1000", "STATIC_BROKER_CONFIG")
                .config("log.flush.scheduler.interval.ms", NEVER, "DEFAULT_CONFIG", true).logFlush(42.5, 18));
        Finding messages = about(out, "log.flush.interval.messages");
        assertThat(messages.severity()).isEqualTo(Severity.WARNING);
        assertThat(messages.recommended()).isEqualTo("unset (" + NEVER + ")");
        assertThat(messages.rationale()).contains("every 10000 messages", "42.5 flushes/s at p99 18 ms",
                "replication", "page cache");
        assertThat(messages.apply()).anyMatch(l -> l.contains("remove log.flush.interval.messages from "
                + "server.properties")).contains("kafka-configs.sh --bootstrap-server localhost:9092 --entity-type "
                + "brokers --entity-name 1 --alter --add-config log.flush.interval.messages=" + NEVER);
        Finding ms = about(out, "log.flush.interval.ms");
        assertThat(ms.severity()).isEqualTo(Severity.INFO);
        assertThat(ms.rationale()).contains("no effect now");
    }

    @Test
    void activeTimeFlushFromAClusterDefaultIsAWarningDeletedThere() {
        var out = evaluate(b -> b.dynamicConfig("log.flush.interval.messages", NEVER, "DEFAULT_CONFIG")
                .dynamicConfig("log.flush.interval.ms", "1000", "DYNAMIC_DEFAULT_BROKER_CONFIG")
                .config("log.flush.scheduler.interval.ms", "2000", "STATIC_BROKER_CONFIG", true));
        Finding ms = about(out, "log.flush.interval.ms");
        assertThat(ms.severity()).isEqualTo(Severity.WARNING);
        assertThat(ms.apply()).containsExactly(BrokerConfigs.COMMAND_CONFIG_NOTE, "kafka-configs.sh --bootstrap-server localhost:9092 --entity-type "
                + "brokers --entity-default --alter --delete-config log.flush.interval.ms");
        assertThat(ms.rationale()).contains("every 2000 ms", "LogFlushRateAndTimeMs was not read");
    }

    @Test
    void perBrokerDynamicValueIsDeleted() {
        var out = evaluate(b -> b.dynamicConfig("log.flush.interval.messages", "1", "DYNAMIC_BROKER_CONFIG")
                .dynamicConfig("log.flush.interval.ms", null, "DEFAULT_CONFIG"));
        assertThat(about(out, "log.flush.interval.messages").apply()).containsExactly(BrokerConfigs.COMMAND_CONFIG_NOTE,
                "kafka-configs.sh "
                + "--bootstrap-server localhost:9092 --entity-type brokers --entity-name 1 --alter --delete-config "
                + "log.flush.interval.messages");
    }

    @Test
    void schedulerUnknownIsOnlyInfo() {
        var out = evaluate(b -> b.dynamicConfig("log.flush.interval.messages", NEVER, "DEFAULT_CONFIG")
                .dynamicConfig("log.flush.interval.ms", "1000", "STATIC_BROKER_CONFIG"));
        Finding ms = about(out, "log.flush.interval.ms");
        assertThat(ms.severity()).isEqualTo(Severity.INFO);
        assertThat(ms.evidence()).containsEntry("log.flush.scheduler.interval.ms", "unknown");
        assertThat(ms.apply()).contains("kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers "
                + "--entity-name 1 --alter --add-config log.flush.interval.ms=" + NEVER);
    }

    @Test
    void unreadConfigsAreUnknown() {
        assertThat(unknowns(evaluate(b -> { }))).hasSize(2);
    }
}
