package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.onlyFinding;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static dev.brokertuner.agent.rules.Outcomes.unknowns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class NicSpeedRuleTest {
    private final NicSpeedRule rule = new NicSpeedRule();

    @Test
    void oneGigabitIsAWarningSayingWhatItCaps() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.nic("eth0", 1000L)), Thresholds.defaults()));
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("1 Gb/s");
        assertThat(f.recommended()).isEqualTo(">= 10 Gb/s");
        assertThat(f.rationale()).contains("125 MB/s", "replication");
    }

    @Test
    void thresholdIsLabelledAsTheProductsHeuristicWithoutAKafkaDocsCitationOrDiskClaim() {
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.nic("eth0", 1000L)), Thresholds.defaults()));
        assertThat(f.rationale()).contains("broker-tuner's own heuristic")
                .doesNotContain("Hardware and OS", "Disks of a Kafka host", "several times");
        assertThat(rule.sources()).doesNotContain(Sources.KAFKA_OPS_HW)
                .anyMatch(s -> s.contains("broker-tuner's own heuristic"));
        assertThat(rule.description()).contains("heuristic");
    }

    @Test
    void bondCountsAtItsOwnSpeedAndItsMembersAreNotJudged() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h
                .nic(new Nic("bond0", 20000L, "full", 9000, "up", List.of("eth0", "eth1"), null, null, null))
                .nic("eth0", 10000L).nic("eth1", 1000L)), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).singleElement().satisfies(p -> assertThat(p.subject()).isEqualTo("nic bond0"));
    }

    @Test
    void unknownSpeedIsUnknownNotAnAlarm() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.nic("eth0", null)), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("link speed unknown"));
    }

    @Test
    void linkDownSaysSoWhenNoLinkIsUp() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h
                .nic(new Nic("enp1s0", null, null, 1500, "down", List.of(), null, null, null))),
                Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("link down"));
    }

    @Test
    void containerPlumbingIsIgnoredAndNoNicIsUnknown() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.nic("veth123", 10000L).nic("docker0", null)),
                Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("only veth, virtual or bond-member interfaces")
                        .contains("veth123", "docker0"));
    }

    @Test
    void withoutListenersOnlyTheFastestLinkIsJudged() {
        var slowManagement = rule.evaluate(Snapshots.host(h -> h.nic("eno1", 1000L).nic("ens1f0", 25000L)),
                Thresholds.defaults());
        assertThat(findings(slowManagement)).isEmpty();
        assertThat(passes(slowManagement)).filteredOn(p -> p.subject().equals("nic eno1")).singleElement()
                .satisfies(p -> assertThat(p.detail()).contains("fastest link (ens1f0)"));
        var allSlow = rule.evaluate(Snapshots.host(h -> h.nic("eno1", 1000L).nic("eno2", 1000L)),
                Thresholds.defaults());
        Finding f = onlyFinding(allSlow);
        assertThat(f.subject()).isEqualTo("nic eno1");
        assertThat(f.rationale()).contains("No listener was placed", "the host's fastest up link");
    }

    @Test
    void withoutListenersAnUnknownSpeedUpLinkMeansTheFastestIsNotKnown() {
        // bond0 reports -1 beside a 1 Gb/s bond: the broker may be on bond0, so no alarm on the slower known one
        var outcomes = rule.evaluate(Snapshots.host(h -> h.nic("dmz", 1000L).nic("bond0", null)),
                Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(unknowns(outcomes)).filteredOn(u -> u.subject().equals("nic dmz")).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("1 Gb/s", "bond0", "fastest up link is not known",
                        "nics.<if>.speedMbps", "--nic-speed"));
        assertThat(unknowns(outcomes)).filteredOn(u -> u.subject().equals("nic bond0")).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("nics.bond0.speedMbps", "--nic-speed bond0="));
        // with a listener placed, the listener's NIC is judged as before
        var placed = rule.evaluate(Snapshots.host(h -> h
                .nic(new Nic("dmz", 1000L, "full", 1500, "up", List.of(), null, null, null)
                        .withBrokerListeners(List.of("PLAINTEXT")))
                .nic("bond0", null)), Thresholds.defaults());
        assertThat(onlyFinding(placed).subject()).isEqualTo("nic dmz");
    }

    @Test
    void withListenersEverySlowListenerNicIsJudgedAndOthersAreFacts() {
        Nic mgmt = new Nic("eno1", 1000L, "full", 1500, "up", List.of(), null, null, null, "physical", "sysfs",
                null, List.of(), null, null, null, null);
        Nic data = new Nic("ens1f0", 1000L, "full", 9000, "up", List.of(), null, null, null, "physical", "sysfs",
                null, List.of("INTERNAL"), null, null, null, null);
        Finding f = onlyFinding(rule.evaluate(Snapshots.host(h -> h.nic(mgmt).nic(data)), Thresholds.defaults()));
        assertThat(f.subject()).isEqualTo("nic ens1f0");
        assertThat(f.evidence()).containsEntry("brokerListeners", "INTERNAL");
        assertThat(f.apply()).first().asString().startsWith("ethtool ens1f0");
    }
}
