package dev.brokertuner.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code broker.topics[]}: round-trips, validates against the schema, and stays null when not read. */
class TopicFactsJsonTest {
    private final ReportJson json = new ReportJson();
    private final ReportValidator validator = new ReportValidator();

    private static Report withTopics(List<TopicFacts> topics) {
        Report base = ReportJsonTest.sample();
        BrokerFacts broker = new BrokerFacts(BrokerStatus.OK, null, null, null, 1, "broker", "c-1", "4.3.1", null,
                "localhost:9092", List.of("PLAINTEXT"), 5L, null, Map.of(), List.of(), List.of(), 1, null, null,
                topics);
        return new Report(base.schemaVersion(), base.reportId(), base.generatedAt(), base.agentVersion(),
                base.clusterAlias(), base.tags(), base.host(), broker, base.findings(), base.checks(),
                base.problems());
    }

    @Test
    void topicsRoundTripAndValidate() throws Exception {
        Report report = withTopics(List.of(new TopicFacts("clicks", 1234L, Map.of(
                "retention.ms", new ConfigValue("604800000", "DYNAMIC_TOPIC_CONFIG", false),
                "local.retention.ms", new ConfigValue("-2", "DEFAULT_CONFIG", false))),
                new TopicFacts("empty", null, null)));
        byte[] bytes = json.write(report);
        assertThat(validator.validate(bytes)).isEmpty();
        Report back = json.read(bytes);
        assertThat(back).isEqualTo(report);
        assertThat(back.broker().topics().get(0).value("retention.ms")).contains("604800000");
        assertThat(back.broker().topics().get(1).value("retention.ms")).isEmpty();
    }

    @Test
    void carriedRatesRoundTripWithTheirReadTimeAndValidate() throws Exception {
        TopicFacts carried = new TopicFacts("clicks", 1234L, Map.of()).withMeters(1000.0, 10.0, 5.0, 2000.0,
                Map.of(), 90.0, Instant.parse("2026-12-01T22:00:00Z"), true);
        Report report = withTopics(List.of(carried, new TopicFacts("quiet", 1L, null)));
        byte[] bytes = json.write(report);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\"ratesReadAt\":\"2026-12-01T22:00:00Z\"", "\"ratesCarried\":true");
        assertThat(validator.validate(bytes)).isEmpty();
        Report back = json.read(bytes);
        assertThat(back).isEqualTo(report);
        assertThat(back.broker().topics().get(1).ratesCarried()).isNull();
        assertThat(validator.validate(text.replace("\"ratesCarried\":true", "\"ratesCarried\":\"yes\"")
                .getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    }

    @Test
    void notReadIsNullAndValid() throws Exception {
        Report report = withTopics(null);
        byte[] bytes = json.write(report);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"topics\":null");
        assertThat(validator.validate(bytes)).isEmpty();
        assertThat(json.read(bytes).broker().topics()).isNull();
    }

    @Test
    void aTopicWithoutANameIsRefused() throws Exception {
        String text = new String(json.write(withTopics(List.of(new TopicFacts("t", 1L, null)))),
                StandardCharsets.UTF_8).replace("\"name\":\"t\",", "");
        assertThat(validator.validate(text.getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    }

    @Test
    void theOldConstructorLeavesTopicsUnread() {
        BrokerFacts old = new BrokerFacts(BrokerStatus.OK, null, Instant.EPOCH, null, 1, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);
        assertThat(old.topics()).isNull();
    }
}
