package dev.brokertuner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replication-health and heap fields of the contract: written, validated and read back. */
class TopicRiskJsonTest {
    private final ReportJson json = new ReportJson();
    private final ReportValidator validator = new ReportValidator();

    private static Report withRisk() {
        Report base = ReportJsonTest.sample();
        BrokerMetrics metrics = BrokerMetrics.empty().withReplicationAndGc(1L, 2L, 0L, 0.5, 1200L, 0.03);
        BrokerFacts broker = new BrokerFacts(BrokerStatus.OK, null, null,
                new BrokerProcess(4242, "kafka", 6L << 30, 100000L, 2000L, 9000L, 4096L), 1, "broker", "c-1",
                "4.3.1", "localhost:9999", "localhost:9092", List.of("PLAINTEXT"), 4L, metrics, Map.of(), List.of(),
                List.of(new Peer(2, "kafka-a02", 9092, 0.4)), 2, 3, 30L,
                new TopicRisk(3, 1, true, List.of(new TopicRisk.Topic("orders", 1, 1))));
        return new Report(base.schemaVersion(), base.reportId(), base.generatedAt(), base.agentVersion(),
                base.clusterAlias(), base.tags(), base.host(), broker, base.findings(), base.checks(),
                base.problems());
    }

    @Test
    void roundTripsAndValidates() throws Exception {
        byte[] bytes = json.write(withRisk());
        assertThat(validator.validate(bytes)).isEmpty();
        Report back = json.read(bytes);
        assertThat(back.broker().topicRisk()).isEqualTo(withRisk().broker().topicRisk());
        assertThat(back.broker().process().swapBytes()).isEqualTo(4096L);
        assertThat(back.broker().metrics().underMinIsrPartitionCount()).isEqualTo(1L);
        assertThat(back.broker().metrics().gcTimeRatio()).isEqualTo(0.03);
    }

    @Test
    void aNegativeRiskCountIsRefused() {
        String text = new String(json.write(withRisk()), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"atRiskTopics\":1", "\"atRiskTopics\":-1");
        assertThat(validator.validate(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .anyMatch(p -> p.startsWith("$.broker.topicRisk.atRiskTopics"));
    }

    @Test
    void oldCallSitesLeaveTheNewFieldsUnknown() {
        assertThat(new BrokerProcess(1, "k", null, null, null, null).swapBytes()).isNull();
        assertThat(BrokerMetrics.empty().replicaMaxLag()).isNull();
        assertThat(BrokerFacts.notFound("x").topicRisk()).isNull();
    }
}
