package dev.brokertuner.agent.rules.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.BrokerRules;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.Finding;
import org.junit.jupiter.api.Test;

/** The broker rules as a set: registered, documented, silent without a broker, and every finding fully formed. */
class BrokerRulesTest {
    @Test
    void allBrokerRulesAreRegisteredAndCiteSources() {
        assertThat(BrokerRules.all()).extracting(Rule::id).filteredOn(id -> id.startsWith("broker."))
                .containsExactly("broker.threads.io",
                "broker.threads.network", "broker.request-queue", "broker.socket.buffers",
                "broker.socket.request-max", "broker.log-flush", "broker.disk.fill", "broker.tiered-storage",
                "broker.replication.health", "broker.memory.heap");
        assertThat(BrokerRules.all()).extracting(Rule::id).contains("workload.topic.partitions",
                "workload.consumer.fetch", "workload.producer.batching", "workload.producer.compression",
                "workload.producer.idempotence", "workload.group.rebalances", "workload.group.lag");
        for (Rule r : BrokerRules.all()) {
            assertThat(r).as(r.id()).isInstanceOf(RuleDocs.Documented.class);
            assertThat(((RuleDocs.Documented) r).sources()).as(r.id()).isNotEmpty();
            assertThat(((RuleDocs.Documented) r).severities()).as(r.id()).isNotEmpty();
        }
    }

    @Test
    void anUnreachableBrokerGivesNoFindings() {
        Snapshot s = new Snapshot(Snapshots.host(h -> { }).host(), new BrokerFacts(
                BrokerStatus.UNREACHABLE, "connection refused", null, null, 1, "broker",
                null, null, null, null, null, null, null, null, null, null, null, null, null));
        for (Rule r : BrokerRules.all()) {
            assertThat(r.evaluate(s, Thresholds.defaults())).as(r.id())
                    .noneMatch(o -> o instanceof Outcome.Recommend);
        }
        var evaluation = new RuleEngine(BrokerRules.all()).evaluate(s);
        assertThat(evaluation.findings()).isEmpty();
        assertThat(evaluation.checks()).allMatch(c -> c.status() == CheckStatus.UNKNOWN);
    }

    @Test
    void aBusyBrokerGetsFindingsWithEvidenceRationaleAndApplyLines() {
        Snapshot s = Snapshots.hostAndBroker(h -> h.cpus(16).nic("eth0", 25000L).sysctl("net.core.rmem_max", "212992")
                .sysctl("net.core.wmem_max", "212992").sysctl("net.ipv4.tcp_rmem", "4096 131072 6291456")
                .sysctl("net.ipv4.tcp_wmem", "4096 16384 4194304")
                .dataDir("/data/kafka", "/data", 4_000_000_000_000L, 400_000_000_000L, "nvme0n1"),
                b -> b.config("num.io.threads", "4").config("num.network.threads", "3")
                        .config("queued.max.requests", "500").ioIdle(0.05).networkIdle(0.5).requestQueueSize(400)
                        .config("socket.send.buffer.bytes", "102400").config("socket.receive.buffer.bytes", "102400")
                        .config("replica.socket.receive.buffer.bytes", "65536").peer(2, 1.5)
                        .config("socket.request.max.bytes", "1048576").config("message.max.bytes", "2097152")
                        .dynamicConfig("log.flush.interval.messages", "10000", "STATIC_BROKER_CONFIG")
                        .dynamicConfig("log.flush.interval.ms", null, "DEFAULT_CONFIG")
                        .config("remote.log.storage.system.enable", "false").config("log.retention.hours", "168")
                        .logDir("/data/kafka", 3_500_000_000_000L, null, null));
        var evaluation = new RuleEngine(BrokerRules.all()).evaluate(s);
        assertThat(evaluation.findings()).extracting(Finding::ruleId).contains("broker.threads.io",
                "broker.request-queue", "broker.socket.buffers", "broker.socket.request-max", "broker.log-flush",
                "broker.disk.fill", "broker.tiered-storage");
        for (Finding f : evaluation.findings()) {
            assertThat(f.current()).as(f.ruleId()).isNotBlank();
            assertThat(f.recommended()).as(f.ruleId()).isNotBlank();
            assertThat(f.rationale()).as(f.ruleId()).contains("Sources:");
            assertThat(f.evidence()).as(f.ruleId()).isNotEmpty();
            assertThat(f.apply()).as(f.ruleId()).isNotEmpty();
        }
    }
}
