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

class RequestQueueRuleTest {
    private final RequestQueueRule rule = new RequestQueueRule();

    private List<Outcome> evaluate(Consumer<Snapshots.BrokerBuilder> broker) {
        return rule.evaluate(Snapshots.hostAndBroker(h -> h.cpus(16), b -> {
            b.config("queued.max.requests", "500").config("num.io.threads", "4");
            broker.accept(b);
        }), Thresholds.defaults());
    }

    @Test
    void busyIoThreadsAreTheFix() {
        // 4 x 0.9 / 0.5 = 7.2 -> 8
        Finding f = onlyFinding(evaluate(b -> b.requestQueueSize(300).ioIdle(0.1)));
        assertThat(f.ruleId()).isEqualTo("broker.request-queue");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("300 of 500");
        assertThat(f.recommended()).isEqualTo("num.io.threads=8");
        assertThat(f.apply()).anyMatch(l -> l.endsWith("--add-config num.io.threads=8"));
        assertThat(f.rationale()).contains("60%", "bigger queue would only hold");
    }

    /** A full queue read over a JMX window of {@code seconds} with a 5 s sample window. */
    private List<Outcome> windowOf(double seconds) {
        return rule.evaluate(Snapshots.hostAndBroker(h -> h.cpus(16).sampleSeconds(5), b -> b
                .config("queued.max.requests", "500").config("num.io.threads", "4").requestQueueSize(300).ioIdle(0.1)
                .metricsWindowSeconds(seconds)), Thresholds.defaults());
    }

    @Test
    void aCarriedWindowIsNamedWithItsSpan() {
        Finding sample = onlyFinding(windowOf(5));
        assertThat(sample.rationale()).contains("the end of the window, over the 5 s sample window)");
        Finding carried = onlyFinding(windowOf(30));
        assertThat(carried.rationale()).contains("the end of the window, over the last 30 s (from the previous "
                + "gathering's read to the end of this 5 s sample window))");
    }

    @Test
    void idleIoThreadsWithAFullQueueRaiseTheQueueWithARollingRestart() {
        Finding f = onlyFinding(evaluate(b -> b.requestQueueSize(480).ioIdle(0.7)));
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.recommended()).isEqualTo("queued.max.requests=1000");
        assertThat(f.apply()).contains("#   queued.max.requests=1000").anyMatch(l -> l.contains("restart"));
        assertThat(f.apply()).noneMatch(l -> l.contains("kafka-configs"));
    }

    @Test
    void belowHalfPasses() {
        assertThat(passes(evaluate(b -> b.requestQueueSize(100).ioIdle(0.2)))).hasSize(1);
    }

    @Test
    void combinedModeQueueIsUnknownEitherWay() {
        assertThat(unknowns(evaluate(b -> b.requestQueueSize(450).processRoles("broker,controller"))))
                .singleElement().satisfies(u -> assertThat(u.reason()).contains("controller"));
        assertThat(unknowns(evaluate(b -> b.requestQueueSize(3).processRoles("broker,controller")))).hasSize(1);
    }

    @Test
    void missingInputsAreUnknown() {
        assertThat(unknowns(evaluate(b -> { }))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("RequestQueueSize"));
        assertThat(unknowns(rule.evaluate(Snapshots.hostAndBroker(h -> { }, b -> b.requestQueueSize(499)),
                Thresholds.defaults()))).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("queued.max.requests"));
    }

    @Test
    void busyCoresMakeItCapacityNotMoreIoThreads() {
        Finding f = onlyFinding(evaluate(b -> b.requestQueueSize(300).ioIdle(0.1).cpuUsage(0.9, 0.0, 14.0)));
        assertThat(f.recommended()).isEqualTo("more broker capacity (the broker's CPUs are busy)");
        assertThat(f.apply()).noneMatch(l -> l.contains("--add-config"));
        assertThat(f.evidence()).containsEntry("cpu.busyRatio", "0.9");
    }
}
