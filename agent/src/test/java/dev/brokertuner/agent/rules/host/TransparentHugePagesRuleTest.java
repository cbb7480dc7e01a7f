package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import org.junit.jupiter.api.Test;

class TransparentHugePagesRuleTest {
    private final TransparentHugePagesRule rule = new TransparentHugePagesRule();

    @Test
    void alwaysWithDefragAlwaysStallsEveryFaultAndIsAWarning() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.thp("always", "always")), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("enabled=always, defrag=always");
        assertThat(f.recommended()).isEqualTo("enabled=always, defrag=madvise");
        assertThat(f.rationale()).contains("stalls on allocation failure", "transhuge.rst",
                "Kafka's documentation says nothing");
        assertThat(f.apply()).containsExactly(
                "echo madvise > /sys/kernel/mm/transparent_hugepage/defrag   # now, until reboot",
                "echo 'w /sys/kernel/mm/transparent_hugepage/defrag - - - - madvise' > "
                        + "/etc/tmpfiles.d/broker-tuner-thp.conf   # persists across reboots (systemd-tmpfiles)");
    }

    @Test
    void distributionDefaultsPass() {
        // RHEL: always/madvise; Ubuntu: madvise/madvise; madvise with defrag=always stalls only regions that asked.
        for (String[] modes : new String[][] {{"always", "madvise"}, {"madvise", "madvise"}, {"never", "always"},
                {"madvise", "always"}, {"always", "defer+madvise"}}) {
            assertThat(passes(rule.evaluate(Snapshots.host(h -> h.thp(modes[0], modes[1])), Thresholds.defaults())))
                    .as(String.join("/", modes)).hasSize(1);
        }
    }

    @Test
    void containersGetTheNodeNote() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.mount("/", "overlay", "overlay", "rw")
                .thp("always", "always")), Thresholds.defaults()));
        assertThat(f.apply().get(0)).startsWith("# this agent sees a container");
    }

    @Test
    void unreadableIsUnknown() {
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> { }), Thresholds.defaults()))).hasSize(1);
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> h.thp("always", null)), Thresholds.defaults())))
                .hasSize(1);
    }
}
