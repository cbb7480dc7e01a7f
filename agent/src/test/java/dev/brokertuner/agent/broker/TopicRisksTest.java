package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.TopicRisk;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicRisksTest {

    @Test
    void replicationFactorOneAndMinIsrAtOrAboveItAreAtRisk() {
        TopicRisk r = TopicRisks.of(Map.of("a", 3, "b", 1, "c", 3, "d", 2),
                Map.of("a", 2, "b", 1, "c", 3, "d", 3));
        assertThat(r.topicsChecked()).isEqualTo(4);
        assertThat(r.atRiskTopics()).isEqualTo(3);
        assertThat(r.minIsrKnown()).isTrue();
        assertThat(r.examples()).containsExactly(new TopicRisk.Topic("b", 1, 1), new TopicRisk.Topic("c", 3, 3),
                new TopicRisk.Topic("d", 2, 3));
    }

    @Test
    void withoutMinIsrOnlyReplicationFactorOneIsJudged() {
        TopicRisk r = TopicRisks.of(Map.of("a", 3, "b", 1), null);
        assertThat(r.minIsrKnown()).isFalse();
        assertThat(r.examples()).containsExactly(new TopicRisk.Topic("b", 1, null));
    }

    @Test
    void examplesAreCappedButTheCountIsNot() {
        Map<String, Integer> rf = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            rf.put(String.format("t%02d", i), 1);
        }
        TopicRisk r = TopicRisks.of(rf, Map.of());
        assertThat(r.atRiskTopics()).isEqualTo(50);
        assertThat(r.examples()).hasSize(TopicRisk.MAX_EXAMPLES).first().extracting(TopicRisk.Topic::name)
                .isEqualTo("t00");
    }
}
