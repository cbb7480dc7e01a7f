package dev.brokertuner.agent.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.report.Check;
import dev.brokertuner.report.CheckStatus;
import org.junit.jupiter.api.Test;

/**
 * A tuned host whose broker leaves every socket buffer at -1 and whose tcp_rmem/tcp_wmem maxima hold the
 * bandwidth-delay product: neither socket-buffer rule has anything to say, whether a peer round trip was measured
 * (the broker rule judges) or not (the host rule assumes 1 ms), with rmem_max/wmem_max at the kernel's stock 212992.
 */
class AutotunedBuffersTest {
    private static Evaluation evaluate(Double peerRtt) {
        return new RuleEngine(RuleCatalog.builtIn().rules()).evaluate(Snapshots.hostAndBroker(h -> h
                        .nic("ens3f0", 25000L).sysctl("net.core.rmem_max", "212992")
                        .sysctl("net.core.wmem_max", "212992").sysctl("net.ipv4.tcp_rmem", "4096 131072 33554432")
                        .sysctl("net.ipv4.tcp_wmem", "4096 16384 33554432"),
                b -> {
                    b.config("socket.send.buffer.bytes", "-1").config("socket.receive.buffer.bytes", "-1")
                            .config("replica.socket.receive.buffer.bytes", "-1");
                    if (peerRtt != null) {
                        b.peer(2, peerRtt);
                    }
                }));
    }

    @Test
    void noSocketBufferFindingWithOrWithoutAMeasuredPeer() {
        for (Double rtt : new Double[] {null, 0.3, 5.0}) {
            Evaluation e = evaluate(rtt);
            assertThat(e.findings()).as("rtt " + rtt).noneMatch(f -> f.ruleId().equals("host.net.socket-buffer-max")
                    || f.ruleId().equals("broker.socket.buffers"));
            // without a peer the host rule judges the tcp maxima at an assumed 1 ms; with one, the broker rule does
            String judge = rtt == null ? "host.net.socket-buffer-max" : "broker.socket.buffers";
            assertThat(e.checks()).as("rtt " + rtt).filteredOn(c -> c.ruleId().equals(judge)).isNotEmpty()
                    .extracting(Check::status).containsOnly(CheckStatus.OK);
        }
    }
}
