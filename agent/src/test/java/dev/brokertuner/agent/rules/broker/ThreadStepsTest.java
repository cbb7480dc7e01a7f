package dev.brokertuner.agent.rules.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadStepsTest {
    @Test
    void doublingAtMostPerStep() {
        assertThat(ThreadSteps.between(8, 32).steps()).containsExactly(16, 32);
        assertThat(ThreadSteps.between(4, 12).steps()).containsExactly(8, 12);
        assertThat(ThreadSteps.between(2, 12).path()).isEqualTo("2 -> 4 -> 8 -> 12");
        assertThat(ThreadSteps.between(3, 5).steps()).containsExactly(5);
    }

    @Test
    void shrinkingAtMostHalvesWithIntegerDivision() {
        assertThat(ThreadSteps.between(32, 8).steps()).containsExactly(16, 8);
        assertThat(ThreadSteps.between(3, 1).steps()).containsExactly(1);
    }

    @Test
    void noChangeNoSteps() {
        assertThat(ThreadSteps.between(5, 5).steps()).isEmpty();
    }

    @Test
    void everyStepPassesKafkasValidation() {
        for (int from = 1; from <= 64; from++) {
            for (int to = 1; to <= 64; to++) {
                int prev = from;
                for (int v : ThreadSteps.between(from, to).steps()) {
                    assertThat(v).as(from + "->" + to).isGreaterThanOrEqualTo(1)
                            .isGreaterThanOrEqualTo(prev / 2).isLessThanOrEqualTo(prev * 2);
                    prev = v;
                }
                assertThat(prev).isEqualTo(to);
            }
        }
    }

    @Test
    void rejectsCountsBelowOne() {
        assertThatThrownBy(() -> ThreadSteps.between(0, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepsEndWithTheConsolidationOnEveryBroker() {
        BrokerFacts broker = Snapshots.hostAndBroker(h -> { }, b -> b.nodeId(2).peer(1, 0.2).peer(3, 0.3)).broker();
        List<String> lines = ThreadSteps.between(8, 16).applyLines(broker, "num.io.threads",
                "RequestHandlerAvgIdlePercent");
        String b = "kafka-configs.sh --bootstrap-server localhost:9092 --entity-type brokers ";
        // Only this broker's step is live; the consolidation is a comment block, to run once every broker has run
        // its step, so a pasted plan never sets the default while the peers still run the old value.
        assertThat(lines).filteredOn(l -> !l.startsWith("#")).containsExactly(
                b + "--entity-name 2 --alter --add-config num.io.threads=16");
        assertThat(lines).containsSubsequence(
                "# after every broker runs the step above (one at a time), consolidate:",
                "#   " + b + "--entity-default --alter --add-config num.io.threads=16",
                "#   " + b + "--entity-name 1 --alter --delete-config num.io.threads",
                "#   " + b + "--entity-name 2 --alter --delete-config num.io.threads",
                "#   " + b + "--entity-name 3 --alter --delete-config num.io.threads");
        assertThat(lines.get(lines.size() - 1)).startsWith("#   ");
    }

    @Test
    void readValuesAreQuotedNotSpliced() {
        BrokerFacts hostile = new BrokerFacts(BrokerStatus.OK, null, null, null, null, "broker", null, null, null,
                "h:9092;touch /tmp/x", List.of(), null, null, null, null, null, null, null, null);
        List<String> lines = ThreadSteps.between(1, 2).applyLines(hostile, "num.io.threads", "m");
        assertThat(lines).filteredOn(l -> !l.startsWith("#") || l.startsWith("#   ")).hasSize(3)
                .allSatisfy(l -> assertThat(l).contains("--bootstrap-server 'h:9092;touch /tmp/x'"));
        assertThat(lines).anyMatch(l -> l.contains("--entity-name '<node.id>' --alter --delete-config"));
    }
}
