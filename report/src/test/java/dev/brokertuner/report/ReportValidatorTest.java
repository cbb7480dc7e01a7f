package dev.brokertuner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {
    private final ReportValidator validator = new ReportValidator();
    private final ReportJson json = new ReportJson();
    private final ObjectMapper mapper = new ObjectMapper();

    /** A report with a reachable broker and every list filled, to cover the whole schema. */
    static Report fullSample() {
        Report base = ReportJsonTest.sample();
        BrokerFacts broker = new BrokerFacts(BrokerStatus.OK, null, null,
                new BrokerProcess(4242, "kafka", 1L << 30, 100000L, 2000L, 9000L), 1, "broker", "c-1", "4.3.1",
                "localhost:9999", "localhost:9092", List.of("PLAINTEXT"), 4L, BrokerMetrics.empty(),
                Map.of("num.io.threads", new ConfigValue("8", "DEFAULT_CONFIG", false)),
                List.of(new LogDirUsage("/data/kafka", 1000L, 2000L, 1000L, null)),
                List.of(new Peer(2, "kafka-a02", 9092, 0.4)), 2, 12, 240L);
        return new Report(base.schemaVersion(), base.reportId(), base.generatedAt(), base.agentVersion(),
                base.clusterAlias(), base.tags(), base.host(), broker, base.findings(), base.checks(),
                base.problems());
    }

    private ObjectNode tree(Report r) throws Exception {
        return (ObjectNode) mapper.readTree(json.write(r));
    }

    private List<String> validate(ObjectNode n) throws Exception {
        return validator.validate(mapper.writeValueAsBytes(n));
    }

    @Test
    void acceptsWhatTheCodecWrites() {
        assertThat(validator.validate(json.write(ReportJsonTest.sample()))).isEmpty();
        assertThat(validator.validate(json.write(fullSample()))).isEmpty();
    }

    @Test
    void acceptsAMinimalReportWithUnknownFactsAsNulls() {
        HostFacts host = new HostFacts(null, null, null, null, null, null, null, null, null, 0, null);
        Report r = new Report(1, "r-2", Instant.parse("2026-11-24T10:00:00.123Z"), "dev", null, null, host, null,
                null, null, null);
        assertThat(validator.validate(json.write(r))).isEmpty();
    }

    @Test
    void ignoresUnknownFieldsWithinTheVersion() throws Exception {
        ObjectNode n = tree(fullSample());
        n.put("addedLater", "x");
        ((ObjectNode) n.get("host")).put("kernel", "6.1");
        assertThat(validate(n)).isEmpty();
    }

    @Test
    void listsEveryProblemWithItsPath() throws Exception {
        ObjectNode n = tree(fullSample());
        ((ObjectNode) n.get("host")).remove("hostname");
        ((ObjectNode) n.get("findings").get(0)).put("severity", "urgent");
        ((ObjectNode) n.get("host").get("nics").get(0)).put("speedMbps", "fast");
        n.remove("reportId");
        List<String> problems = validate(n);
        assertThat(problems).contains("$.host.hostname: required property missing",
                "$.reportId: required property missing");
        assertThat(problems).anyMatch(p -> p.startsWith("$.findings[0].severity: "));
        assertThat(problems).anyMatch(p -> p.startsWith("$.host.nics[0].speedMbps: "));
        assertThat(problems).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void rejectsAnUnknownSchemaVersionClearly() throws Exception {
        ObjectNode n = tree(fullSample());
        n.put("schemaVersion", 2);
        assertThat(validate(n)).containsExactly("$.schemaVersion: version 2 is not supported by this reader (it "
                + "supports schemaVersion 1); upgrade the reader");
        n.remove("schemaVersion");
        assertThat(validate(n)).singleElement().asString().startsWith("$.schemaVersion: required property missing");
        n.put("schemaVersion", "1");
        assertThat(validate(n)).singleElement().asString().contains("must be an integer");
    }

    @Test
    void rejectsNonJsonAndNonObjects() {
        assertThat(validator.validate("{not json".getBytes(StandardCharsets.UTF_8))).singleElement().asString()
                .startsWith("$: not JSON");
        assertThat(validator.validate("[1,2]".getBytes(StandardCharsets.UTF_8))).singleElement().asString()
                .contains("must be a JSON object");
        assertThat(validator.validate(new byte[0])).hasSize(1);
    }

    @Test
    void theExampleInTheDocsIsValid() throws Exception {
        String repo = System.getProperty("bt.repo.dir");
        assertThat(repo).as("system property bt.repo.dir (set by surefire)").isNotBlank();
        String md = java.nio.file.Files.readString(java.nio.file.Path.of(repo, "docs", "report-schema.md"));
        int start = md.indexOf("```json\n");
        assertThat(start).as("docs/report-schema.md has a ```json example").isNotNegative();
        String example = md.substring(start + 8, md.indexOf("```", start + 8));
        assertThat(validator.validate(example.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(json.read(example.getBytes(StandardCharsets.UTF_8)).findings()).hasSize(1);
    }

    @Test
    void rejectsWrongShapesInsideLists() throws Exception {
        ObjectNode n = tree(fullSample());
        ((ArrayNode) n.get("problems")).addObject().put("source", "x");
        ((ObjectNode) n.get("broker")).put("status", "sleeping");
        ((ObjectNode) n.get("host").get("raid").get(0)).put("syncProgress", 140);
        List<String> problems = validate(n);
        assertThat(problems).contains("$.problems[1].message: required property missing");
        assertThat(problems).anyMatch(p -> p.startsWith("$.broker"));
        assertThat(problems).anyMatch(p -> p.startsWith("$.host.raid[0].syncProgress: "));
    }
}
