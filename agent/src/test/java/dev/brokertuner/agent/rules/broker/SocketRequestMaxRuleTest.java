package dev.brokertuner.agent.rules.broker;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import org.junit.jupiter.api.Test;

class SocketRequestMaxRuleTest {
    private final SocketRequestMaxRule rule = new SocketRequestMaxRule();

    @Test
    void kafkaDefaultsPass() {
        assertThat(passes(rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> b
                .config("socket.request.max.bytes", "104857600").config("message.max.bytes", "1048588")),
                Thresholds.defaults()))).hasSize(1);
    }

    @Test
    void requestLimitBelowTheLargestBatchIsAWarningWithARollingRestart() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> b
                .config("socket.request.max.bytes", "1048576").config("message.max.bytes", "10485760")
                .config("replica.fetch.max.bytes", "1048576")), Thresholds.defaults()));
        assertThat(f.ruleId()).isEqualTo("broker.socket.request-max");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.recommended()).isEqualTo("11534336");
        assertThat(f.apply()).contains("#   socket.request.max.bytes=11534336").anyMatch(l -> l.contains("restart"));
        assertThat(f.evidence()).containsEntry("replica.fetch.max.bytes", "1048576");
        assertThat(f.rationale()).contains("InvalidReceiveException", "cannot fit", "no size limit");
    }

    @Test
    void noRoomForHeadersIsAlsoFlagged() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> b
                .config("socket.request.max.bytes", "10485760").config("message.max.bytes", "10485760")),
                Thresholds.defaults()));
        assertThat(f.rationale()).contains("barely");
    }

    @Test
    void missingConfigsAreUnknown() {
        assertThat(unknowns(rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> b
                .config("socket.request.max.bytes", "104857600")), Thresholds.defaults()))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("message.max.bytes"));
    }
}
