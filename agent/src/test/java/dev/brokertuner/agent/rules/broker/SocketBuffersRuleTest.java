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

class SocketBuffersRuleTest {
    private final SocketBuffersRule rule = new SocketBuffersRule();

    /** Kafka's default buffers on a 10 Gb/s host with a 2 ms peer: BDP = 1.25e9 B/s x 0.002 s = 2,500,000 B. */
    private List<Outcome> evaluate(Consumer<Snapshots.HostBuilder> host, Consumer<Snapshots.BrokerBuilder> broker) {
        return rule.evaluate(Snapshots.hostAndBroker(h -> {
            h.nic("eth0", 10000L).nic("docker0", 100000L);
            host.accept(h);
        }, b -> {
            b.config("socket.send.buffer.bytes", "102400").config("socket.receive.buffer.bytes", "102400")
                    .config("replica.socket.receive.buffer.bytes", "65536").peer(2, 2.0).peer(3, 0.4)
                    .peer(4, null);
            broker.accept(b);
        }), Thresholds.defaults());
    }

    private static Finding about(List<Outcome> out, String config) {
        return findings(out).stream().filter(f -> f.subject().equals(config)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding on " + config + " in " + out));
    }

    @Test
    void defaultsOnAFastLinkGoToAutotuningWhenTheKernelMaxHoldsTheProduct() {
        var out = evaluate(h -> h.sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")
                .sysctl("net.ipv4.tcp_rmem", "4096 131072 6291456").sysctl("net.ipv4.tcp_wmem", "4096 16384 4194304"),
                b -> { });
        assertThat(findings(out)).hasSize(3);
        Finding send = about(out, "socket.send.buffer.bytes");
        // below half the product, but no measured throughput shows the cap: info, not a warning
        assertThat(send.severity()).isEqualTo(Severity.INFO);
        assertThat(send.rationale()).contains("No per-connection throughput is measured");
        assertThat(send.current()).isEqualTo("102400");
        assertThat(send.recommended()).isEqualTo("-1");
        assertThat(send.evidence()).containsEntry("bandwidthDelayProduct", "2500000").containsEntry("nic", "eth0")
                .containsEntry("peer.rttMillis", "2").containsEntry("peer", "node 2 kafka-2:9092");
        assertThat(send.apply()).contains("#   socket.send.buffer.bytes=-1").anyMatch(l -> l.contains("rolling")
                || l.contains("one at a time")).noneMatch(l -> l.startsWith("sysctl"));
        assertThat(send.rationale()).contains("2.4 MiB", "autotuning", "51.2 MB/s", "1250 MB/s");
        Finding replica = about(out, "replica.socket.receive.buffer.bytes");
        assertThat(replica.apply()).contains("#   replica.socket.receive.buffer.bytes=-1");
        assertThat(replica.rationale()).contains("follower fetches");
    }

    @Test
    void explicitValueWhenOnlyTheCapIsLargeEnough() {
        var out = evaluate(h -> h.sysctl("net.core.rmem_max", "8388608").sysctl("net.ipv4.tcp_rmem",
                "4096 131072 1048576"), b -> { });
        Finding recv = about(out, "socket.receive.buffer.bytes");
        assertThat(recv.recommended()).isEqualTo("4194304");
        assertThat(recv.apply()).contains("#   socket.receive.buffer.bytes=4194304");
    }

    @Test
    void neitherLargeEnoughRaisesTheAutotuningMax() {
        var out = evaluate(h -> h.sysctl("net.core.rmem_max", "212992").sysctl("net.ipv4.tcp_rmem",
                "4096 131072 1048576"), b -> { });
        Finding recv = about(out, "socket.receive.buffer.bytes");
        assertThat(recv.recommended()).isEqualTo("-1 with net.ipv4.tcp_rmem max 4194304");
        assertThat(recv.apply()).contains(
                "mkdir -p /etc/sysctl.d && touch /etc/sysctl.d/99-broker-tuner.conf && sed -i "
                        + "'/^[[:space:]]*net\\.ipv4\\.tcp_rmem[[:space:]]*=/d' /etc/sysctl.d/99-broker-tuner.conf && "
                        + "printf '%s\\n' 'net.ipv4.tcp_rmem = 4096 131072 4194304' >> /etc/sysctl.d/99-broker-tuner.conf",
                "sysctl -w 'net.ipv4.tcp_rmem=4096 131072 4194304'",
                "#   socket.receive.buffer.bytes=-1");
        assertThat(recv.apply()).anyMatch(l -> l.contains("sysctl -w net.core.rmem_max=4194304"))
                .anyMatch(l -> l.contains("socket.receive.buffer.bytes=4194304"));
    }

    @Test
    void aLargeBufferAboveTheCapIsClamped() {
        var out = evaluate(h -> h.sysctl("net.core.wmem_max", "212992").sysctl("net.ipv4.tcp_wmem",
                "4096 16384 4194304"), b -> b.config("socket.send.buffer.bytes", "8388608"));
        Finding send = about(out, "socket.send.buffer.bytes");
        assertThat(send.evidence()).containsEntry("effectiveBytes", "212992");
        assertThat(send.rationale()).contains("silently clamped");
        assertThat(send.recommended()).isEqualTo("-1");
    }

    @Test
    void autotuningWithARoomyMaxPasses() {
        var out = evaluate(h -> h.sysctl("net.ipv4.tcp_wmem", "4096 16384 33554432"),
                b -> b.config("socket.send.buffer.bytes", "-1"));
        assertThat(passes(out)).anySatisfy(p -> assertThat(p.subject()).isEqualTo("socket.send.buffer.bytes"));
    }

    @Test
    void slowShortLinkFitsTheDefaults() {
        // 1 Gb/s x 0.2 ms = 25,000 B: Kafka's 100 KiB is plenty.
        var out = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 1000L)
                .sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992"),
                b -> b.config("socket.send.buffer.bytes", "102400").config("socket.receive.buffer.bytes", "102400")
                        .config("replica.socket.receive.buffer.bytes", "65536").peer(2, 0.2)),
                Thresholds.defaults());
        assertThat(passes(out)).hasSize(3);
    }

    @Test
    void smallShortfallIsInfo() {
        // 10 Gb/s x 0.12 ms = 150,000 B; 102400 is 68% of it.
        var out = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 10000L)
                .sysctl("net.core.wmem_max", "4194304").sysctl("net.ipv4.tcp_wmem", "4096 16384 131072"),
                b -> b.config("socket.send.buffer.bytes", "102400").peer(2, 0.12)), Thresholds.defaults());
        Finding send = about(out, "socket.send.buffer.bytes");
        assertThat(send.severity()).isEqualTo(Severity.INFO);
        assertThat(send.recommended()).isEqualTo("262144");
    }

    @Test
    void unknownInputsMakeNoClaim() {
        var noPeers = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", 10000L),
                b -> b.config("socket.send.buffer.bytes", "102400").config("socket.receive.buffer.bytes", "102400")
                        .config("replica.socket.receive.buffer.bytes", "65536")), Thresholds.defaults());
        assertThat(unknowns(noPeers)).hasSize(3).allSatisfy(u -> assertThat(u.reason()).contains("round trip"));
        var noNic = rule.evaluate(Snapshots.hostAndBroker(h -> h.nic("eth0", null),
                b -> b.config("socket.send.buffer.bytes", "102400").peer(2, 1.0)), Thresholds.defaults());
        assertThat(unknowns(noNic)).anySatisfy(u -> assertThat(u.reason()).contains("NIC"));
        var noCap = evaluate(h -> { }, b -> b.config("socket.send.buffer.bytes", "4194304"));
        assertThat(unknowns(noCap)).anySatisfy(u -> {
            assertThat(u.subject()).isEqualTo("socket.send.buffer.bytes");
            assertThat(u.reason()).contains("net.core.wmem_max was not read");
        });
        assertThat(unknowns(rule.evaluate(Snapshots.host(h -> { }), Thresholds.defaults()))).hasSize(3);
    }

    @Test
    void stockReplicaBufferIsAWarningOnlyWhenMeasuredReplicationShowsTheCap() {
        // 65536 B at 2 ms caps one fetch connection at 32.8 MB/s; 3 peers x 1 fetcher
        var atCap = evaluate(h -> h.sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")
                .sysctl("net.ipv4.tcp_rmem", "4096 131072 6291456").sysctl("net.ipv4.tcp_wmem", "4096 16384 4194304"),
                b -> b.config("num.replica.fetchers", "1").bytesIn(50e6, 3 * 30e6));
        Finding replica = about(atCap, "replica.socket.receive.buffer.bytes");
        assertThat(replica.severity()).isEqualTo(Severity.WARNING);
        assertThat(replica.evidence()).containsEntry("measuredBytesPerSecPerConnection", "30000000");
        assertThat(replica.rationale()).contains("at the cap");

        var belowCap = evaluate(h -> h.sysctl("net.core.rmem_max", "212992").sysctl("net.core.wmem_max", "212992")
                .sysctl("net.ipv4.tcp_rmem", "4096 131072 6291456").sysctl("net.ipv4.tcp_wmem", "4096 16384 4194304"),
                b -> b.config("num.replica.fetchers", "1").bytesIn(50e6, 3 * 2e6));
        Finding quiet = about(belowCap, "replica.socket.receive.buffer.bytes");
        assertThat(quiet.severity()).isEqualTo(Severity.INFO);
        assertThat(quiet.rationale()).contains("below the cap");
    }
}
