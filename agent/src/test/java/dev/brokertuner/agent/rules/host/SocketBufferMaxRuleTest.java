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

class SocketBufferMaxRuleTest {
    private final SocketBufferMaxRule rule = new SocketBufferMaxRule();

    @Test
    void defaultCapsBelowTheBdpOfA10GLinkAreInfoWhenNothingIsClamped() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.nic("eth0", 10000L).nic("eth1", 1000L)
                .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")), Thresholds.defaults());
        List<Finding> f = findings(outcomes);
        assertThat(f).extracting(Finding::subject).containsExactly("net.core.rmem_max", "net.core.wmem_max");
        Finding r = f.get(0);
        assertThat(r.severity()).isEqualTo(Severity.INFO);
        // 10000 Mb/s x 1 ms = 1,250,000 B -> next power of two 2 MiB
        assertThat(r.evidence()).containsEntry("bandwidthDelayProduct", "1250000").containsEntry("nic", "eth0");
        assertThat(r.recommended()).isEqualTo("2097152");
        assertThat(r.apply()).contains("sysctl -w net.core.rmem_max=2097152");
        assertThat(r.rationale()).contains("silently clamps", "-1");
    }

    @Test
    void brokerBuffersAboveTheCapAreAWarning() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 25000L)
                        .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992"),
                b -> b.config("socket.receive.buffer.bytes", "1048576").config("socket.send.buffer.bytes", "102400")),
                Thresholds.defaults());
        List<Finding> f = findings(outcomes);
        assertThat(f.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(f.get(0).rationale()).contains("socket.receive.buffer.bytes=1048576", "clamped");
        assertThat(f.get(0).recommended()).isEqualTo("4194304");
        assertThat(f.get(1).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void defersToTheBrokerRuleWhenAPeerRoundTripWasMeasured() {
        var outcomes = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 25000L)
                        .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992"),
                b -> b.peer(2, 0.4)), Thresholds.defaults());
        assertThat(findings(outcomes)).isEmpty();
        assertThat(passes(outcomes)).hasSize(2).allSatisfy(p -> assertThat(p.detail()).contains("broker.socket.buffers"));
        var withoutRtt = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 25000L)
                        .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992"),
                b -> b.peer(2, null)), Thresholds.defaults());
        assertThat(findings(withoutRtt)).hasSize(2);
    }

    @Test
    void capsAboveTheBdpPass() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.nic("eth0", 1000L)
                .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")), Thresholds.defaults());
        assertThat(passes(outcomes)).hasSize(2);
    }

    @Test
    void unknownSpeedOrDownLinkMakesNoClaim() {
        var outcomes = rule.evaluate(Snapshots.host(h -> h.nic("eth0", null)
                .nic(new Nic("eth1", 25000L, null, null, "down", List.of(), null, null, null))
                .sysctl("net.core.rmem_max", "212992")), Thresholds.defaults());
        assertThat(unknowns(outcomes)).singleElement()
                .satisfies(u -> assertThat(u.reason()).contains("no NIC speed known"));
    }

    @Test
    void minusOneBuffersAreJudgedByTheTcpMaximaNotTheCaps() {
        var tuned = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 25000L)
                        .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")
                        .sysctl("net.ipv4.tcp_rmem", "4096 131072 33554432")
                        .sysctl("net.ipv4.tcp_wmem", "4096 16384 33554432"),
                b -> b.config("socket.receive.buffer.bytes", "-1").config("socket.send.buffer.bytes", "-1")
                        .config("replica.socket.receive.buffer.bytes", "-1")), Thresholds.defaults());
        assertThat(findings(tuned)).isEmpty();
        assertThat(passes(tuned)).extracting(p -> p.subject()).containsExactly("net.ipv4.tcp_rmem",
                "net.ipv4.tcp_wmem");
        assertThat(passes(tuned).get(0).detail()).contains("net.core.rmem_max does not apply");

        var small = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 25000L)
                        .sysctl("net.core.rmem_max", "67108864").sysctl("net.core.wmem_max", "212992")
                        .sysctl("net.ipv4.tcp_rmem", "4096 131072 1048576")
                        .sysctl("net.ipv4.tcp_wmem", "4096 16384 33554432"),
                b -> b.config("socket.receive.buffer.bytes", "-1").config("socket.send.buffer.bytes", "-1")
                        .config("replica.socket.receive.buffer.bytes", "-1")), Thresholds.defaults());
        Finding rmem = onlyFinding(small);
        assertThat(rmem.subject()).isEqualTo("net.ipv4.tcp_rmem");
        assertThat(rmem.severity()).isEqualTo(Severity.INFO);
        // 25000 Mb/s x 1 ms = 3,125,000 B -> 4 MiB, keeping min and default
        assertThat(rmem.recommended()).isEqualTo("4096 131072 4194304");
        assertThat(rmem.rationale()).contains("does not bound them", "broker-tuner's own heuristic");
    }

    @Test
    void anExplicitReplicaBufferKeepsTheReceiveCapInPlay() {
        var out = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 25000L)
                        .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")
                        .sysctl("net.ipv4.tcp_rmem", "4096 131072 33554432")
                        .sysctl("net.ipv4.tcp_wmem", "4096 16384 33554432"),
                b -> b.config("socket.receive.buffer.bytes", "-1").config("socket.send.buffer.bytes", "-1")
                        .config("replica.socket.receive.buffer.bytes", "65536")), Thresholds.defaults());
        assertThat(findings(out)).extracting(Finding::subject).containsExactly("net.core.rmem_max");
    }

    @Test
    void onlyTheListenersInterfaceSizesTheProduct() {
        Nic mgmt = new Nic("eno1", 1000L, "full", 1500, "up", List.of(), null, null, null, "physical", "sysfs",
                null, List.of(), null, null, null, null);
        Nic data = new Nic("ens1f0", 10000L, "full", 9000, "up", List.of(), null, null, null, "physical", "sysfs",
                null, List.of("INTERNAL"), null, null, null, null);
        Nic fast = new Nic("ens2f0", 100000L, "full", 9000, "up", List.of(), null, null, null, "physical", "sysfs",
                null, List.of(), null, null, null, null);
        var out = rule.evaluate(Snapshots.host(h -> h.nic(mgmt).nic(data).nic(fast)
                .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")), Thresholds.defaults());
        assertThat(findings(out)).allSatisfy(f -> assertThat(f.evidence()).containsEntry("nic", "ens1f0"));
    }
}
