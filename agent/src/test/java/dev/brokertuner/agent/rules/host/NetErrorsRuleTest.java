package dev.brokertuner.agent.rules.host;

import static dev.brokertuner.agent.rules.Outcomes.findings;
import static dev.brokertuner.agent.rules.Outcomes.passes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.NetStack;
import dev.brokertuner.report.Nic;
import dev.brokertuner.report.Severity;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class NetErrorsRuleTest {
    private final NetErrorsRule rule = new NetErrorsRule();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static HostFacts host(NetStack net, Consumer<Snapshots.HostBuilder> spec) {
        HostFacts h = Snapshots.host(spec).host();
        return new HostFacts(h.hostname(), h.cpus(), h.memoryBytes(), h.mounts(), h.dataDirs(), h.raid(), h.disks(),
                h.nics(), h.sysctl(), h.sampleSeconds(), h.swapTotalBytes(), net);
    }

    private static NetStack counters(long out, long retrans, long overflows, long drops) {
        return new NetStack(out, retrans, overflows, drops, null, null, null);
    }

    private List<Outcome> single(NetStack net, Consumer<Snapshots.HostBuilder> spec) {
        return rule.evaluate(new Snapshot(host(net, spec), null), Thresholds.defaults());
    }

    @Test
    void countersSinceBootAloneAreShownNotJudged() {
        // 5 % retransmitted since boot and thousands of overflows: an old incident, no window to judge it in
        var out = single(counters(1_000_000, 50_000, 3000, 3100), h -> h.nic("eth0", 25000L));
        assertThat(findings(out)).isEmpty();
        assertThat(passes(out)).extracting(Outcome.Pass::subject).contains("tcp retransmits", "tcp listen queue",
                "nf_conntrack");
        assertThat(passes(out).get(0).detail()).contains("not judged without a window");
    }

    @Test
    void retransmitsOverTheSampleWindowAboveOnePercentAreAWarning() {
        NetStack net = counters(1_000_000, 50_000, 0, 0).withWindow(new NetStack.Window(5, 200_000L, 6_000L, 0L,
                0L));
        Finding f = findings(single(net, h -> h.nic("eth0", 25000L))).get(0);
        assertThat(f.subject()).isEqualTo("tcp retransmits");
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.current()).isEqualTo("3%");
        assertThat(f.evidence()).containsEntry("outSegs", "200000").containsEntry("retransSegs", "6000");
        assertThat(f.rationale()).contains("broker-tuner's own heuristic", "host-wide");
        assertThat(f.apply()).allMatch(l -> l.startsWith("nstat") || l.startsWith("ss ") || l.startsWith("#"));
    }

    @Test
    void fewSegmentsOrALowRatioPass() {
        NetStack quiet = counters(1_000_000, 50_000, 0, 0).withWindow(new NetStack.Window(5, 900L, 300L, 0L, 0L));
        assertThat(findings(single(quiet, h -> h.nic("eth0", 25000L)))).isEmpty();
        NetStack healthy = counters(1_000_000, 50_000, 0, 0).withWindow(new NetStack.Window(5, 500_000L, 200L, 0L,
                0L));
        assertThat(findings(single(healthy, h -> h.nic("eth0", 25000L)))).isEmpty();
    }

    @Test
    void listenOverflowsBetweenGatheringsNameTheBacklogAndSomaxconn() {
        Snapshot before = new Snapshot(T0, host(counters(1000, 0, 10, 10), h -> h.nic("eth0", 25000L)), null,
                List.of());
        HostFacts now = host(counters(2000, 0, 52, 60), h -> h.nic("eth0", 25000L)
                .sysctl("net.core.somaxconn", "128"));
        Snapshot snap = new Snapshot(T0.plusSeconds(60), now, Snapshots.hostAndBroker(h -> { },
                b -> b.config("socket.listen.backlog.size", "50")).broker(), List.of(before));
        Finding f = findings(rule.evaluate(snap, Thresholds.defaults())).stream()
                .filter(x -> x.subject().equals("tcp listen queue")).findFirst().orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.WARNING);
        assertThat(f.evidence()).containsEntry("listenOverflows", "42").containsEntry("listenDrops", "50")
                .containsEntry("effectiveBacklog", "50").containsEntry("net.core.somaxconn", "128")
                .containsEntry("window", "since the previous gathering");
        assertThat(f.apply()).contains("sysctl -w net.core.somaxconn=1024")
                .anyMatch(l -> l.contains("socket.listen.backlog.size=1024"));
    }

    @Test
    void nicDropsAreJudgedOnlyAcrossGatherings() {
        Nic before = new Nic("eth0", 25000L, "full", 9000, "up", List.of(), null, null, null, "physical", "sysfs",
                null, List.of(), 1_000_000L, 100L, 1_000_000L, 0L);
        Nic after = new Nic("eth0", 25000L, "full", 9000, "up", List.of(), null, null, null, "physical", "sysfs",
                null, List.of(), 1_100_000L, 1_100L, 1_100_000L, 0L);
        var alone = single(NetStack.unknown(), h -> h.nic(after));
        assertThat(findings(alone)).isEmpty();
        Snapshot earlier = new Snapshot(T0, host(NetStack.unknown(), h -> h.nic(before)), null, List.of());
        Snapshot now = new Snapshot(T0.plusSeconds(60), host(NetStack.unknown(), h -> h.nic(after)), null,
                List.of(earlier));
        Finding f = findings(rule.evaluate(now, Thresholds.defaults())).get(0);
        assertThat(f.subject()).isEqualTo("nic eth0 drops");
        assertThat(f.evidence()).containsEntry("dropped", "1000").containsEntry("packets", "200000");
        assertThat(f.apply()).contains("ethtool -S eth0   # which counter: rx_missed, rx_no_buffer, fifo ...");
    }

    @Test
    void conntrackNearItsMaxIsAWarning() {
        var out = single(new NetStack(null, null, null, null, 240_000L, 262_144L, null), h -> h.nic("eth0", 1L));
        Finding f = findings(out).stream().filter(x -> x.subject().equals("nf_conntrack")).findFirst()
                .orElseThrow();
        assertThat(f.recommended()).isEqualTo("524288");
        assertThat(f.apply()).contains("sysctl -w net.netfilter.nf_conntrack_max=524288");
        var roomy = single(new NetStack(null, null, null, null, 18_233L, 262_144L, null), h -> h.nic("eth0", 1L));
        assertThat(findings(roomy)).isEmpty();
    }
}
