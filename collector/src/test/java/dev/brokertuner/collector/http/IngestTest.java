package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.Report;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/reports} over real HTTP: auth, every bad input, idempotency, durability across restarts. */
class IngestTest {
    @Test
    void refusesMissingAndUnknownTokensAndStoresNothing(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Report r = Reports.broker("kafka-a01", 1).build();
            byte[] body = CollectorFixture.gzip(c.json.write(r));
            var none = c.post(body, "gzip", r.reportId(), null);
            var wrong = c.post(body, "gzip", r.reportId(), "not-a-token-of-this-collector");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(none.bodyAsJsonObject().getString("error")).contains("bearer token is required");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(c.get("/v1/fleet").bodyAsJsonObject().getInteger("hosts")).isZero();
            assertThat(c.get("/metrics", null).bodyAsString())
                    .contains("broker_tuner_collector_ingest_total{outcome=\"unauthorized\"} 2.0");
        }
    }

    @Test
    void storesAGzipReportOnceAndAnswers200ToTheDuplicate(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Report r = Reports.broker("kafka-a01", 1).relatime().build();
            var first = c.post(r);
            var again = c.post(r);
            assertThat(first.statusCode()).isEqualTo(202);
            assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("stored");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("duplicate");
            JsonObject host = c.getJson("/v1/hosts/kafka-a01");
            assertThat(host.getJsonArray("history")).hasSize(1);
            assertThat(host.getJsonObject("report").getString("reportId")).isEqualTo(r.reportId());
            assertThat(host.getJsonObject("summary").getString("sender")).isEqualTo("team-a");
            JsonObject fleet = c.getJson("/v1/fleet");
            assertThat(fleet.getInteger("hosts")).isEqualTo(1);
            assertThat(fleet.getJsonArray("clusters").getJsonObject(0).getString("key")).isEqualTo("c-prod");
            assertThat(fleet.getJsonObject("findings").getInteger("warning")).isEqualTo(1);
            String metrics = c.get("/metrics", null).bodyAsString();
            assertThat(metrics).contains("broker_tuner_collector_ingest_total{outcome=\"accepted\"} 1.0",
                    "broker_tuner_collector_ingest_total{outcome=\"duplicate\"} 1.0",
                    "broker_tuner_collector_ingest_seconds_bucket", "broker_tuner_collector_store_hosts 1.0",
                    "broker_tuner_collector_store_reports 1.0", "broker_tuner_collector_view_seconds_count",
                    "jvm_memory_used_bytes");
        }
    }

    @Test
    void acceptsAnUncompressedBodyToo(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Report r = Reports.broker("kafka-a02", 2).build();
            var resp = c.post(c.json.write(r), null, null, CollectorFixture.OTHER_TOKEN);
            assertThat(resp.statusCode()).isEqualTo(202);
            assertThat(c.getJson("/v1/reports/" + r.reportId()).getString("reportId")).isEqualTo(r.reportId());
        }
    }

    @Test
    void listsEverySchemaProblemWith400(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            ObjectNode n = (ObjectNode) c.json.mapper().readTree(c.json.write(Reports.broker("x", 1).build()));
            ((ObjectNode) n.get("host")).put("cpus", "many");
            n.remove("generatedAt");
            var resp = c.post(CollectorFixture.gzip(c.json.mapper().writeValueAsBytes(n)), "gzip", null,
                    CollectorFixture.TOKEN);
            assertThat(resp.statusCode()).isEqualTo(400);
            JsonObject body = resp.bodyAsJsonObject();
            assertThat(body.getInteger("status")).isEqualTo(400);
            java.util.List<String> problems = body.getJsonArray("problems").stream().map(Object::toString).toList();
            assertThat(problems).anyMatch(p -> p.startsWith("$.host.cpus"))
                    .contains("$.generatedAt: required property missing");
        }
    }

    @Test
    void rejectsMalformedBodiesWithoutA500(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            String t = CollectorFixture.TOKEN;
            assertThat(c.post("{not json".getBytes(StandardCharsets.UTF_8), null, null, t).statusCode())
                    .isEqualTo(400);
            assertThat(c.post("[1,2]".getBytes(StandardCharsets.UTF_8), null, null, t).statusCode()).isEqualTo(400);
            assertThat(c.post(new byte[0], null, null, t).statusCode()).isEqualTo(400);
            var badGzip = c.post("plainly not gzip".getBytes(StandardCharsets.UTF_8), "gzip", null, t);
            assertThat(badGzip.statusCode()).isEqualTo(400);
            assertThat(badGzip.bodyAsJsonObject().getString("error")).contains("not valid gzip");
            assertThat(c.post("{}".getBytes(StandardCharsets.UTF_8), "br", null, t).statusCode()).isEqualTo(415);
            Report r = Reports.broker("kafka-a03", 3).build();
            var mismatch = c.post(CollectorFixture.gzip(c.json.write(r)), "gzip", "another-id", t);
            assertThat(mismatch.statusCode()).isEqualTo(400);
            assertThat(mismatch.bodyAsJsonObject().getString("error")).contains("Idempotency-Key");
            assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(c.post(r).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void answers422ToAnUnknownSchemaVersion(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            ObjectNode n = (ObjectNode) c.json.mapper().readTree(c.json.write(Reports.broker("x", 1).build()));
            n.put("schemaVersion", 99);
            var resp = c.post(c.json.mapper().writeValueAsBytes(n), null, null, CollectorFixture.TOKEN);
            assertThat(resp.statusCode()).isEqualTo(422);
            assertThat(resp.bodyAsJsonObject().getString("error")).contains("version 99 is not supported");
        }
    }

    @Test
    void answers413ToOversizedBodiesAndGzipBombs(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            byte[] big = new byte[(1 << 20) + 1];
            Arrays.fill(big, (byte) ' ');
            var tooBig = c.post(big, null, null, CollectorFixture.TOKEN);
            assertThat(tooBig.statusCode()).isEqualTo(413);
            byte[] bomb = CollectorFixture.gzip(new byte[8 << 20]);
            assertThat(bomb.length).isLessThan(1 << 20);
            var inflated = c.post(bomb, "gzip", null, CollectorFixture.TOKEN);
            assertThat(inflated.statusCode()).isEqualTo(413);
            assertThat(c.post(Reports.broker("kafka-a04", 4).build()).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void aRestartKeepsEveryAcknowledgedReport(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            Report a = Reports.broker("kafka-a01", 1).build();
            Report b = Reports.broker("kafka-a02", 2).relatime().build();
            assertThat(c.post(a).statusCode()).isEqualTo(202);
            assertThat(c.post(b).statusCode()).isEqualTo(202);
            c.stop();
            c.start();
            assertThat(c.getJson("/v1/fleet").getInteger("hosts")).isEqualTo(2);
            assertThat(c.getJson("/v1/hosts/kafka-a02").getJsonObject("report").getString("reportId"))
                    .isEqualTo(b.reportId());
            assertThat(c.post(a).statusCode()).as("still a duplicate after restart").isEqualTo(200);
        }
    }

    @Test
    void retentionDeletesOldReportsButKeepsEachHostsLatest(@TempDir java.nio.file.Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));
        try (CollectorFixture c = new CollectorFixture(dir, clock, "retentionDays: 14\n")) {
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            Report old1 = Reports.broker("kafka-a01", 1).at(t).build();
            Report old2 = Reports.broker("kafka-a01", 1).at(t.plusSeconds(30)).build();
            Report lone = Reports.broker("kafka-a02", 2).at(t).build();
            for (Report r : new Report[] {old1, old2, lone}) {
                assertThat(c.post(r).statusCode()).isEqualTo(202);
            }
            clock.advance(Duration.ofDays(15));
            Report fresh = Reports.broker("kafka-a01", 1).at(clock.instant()).build();
            assertThat(c.post(fresh).statusCode()).isEqualTo(202);
            assertThat(c.app().retentionNow()).isEqualTo(2);
            assertThat(c.get("/v1/reports/" + old1.reportId()).statusCode()).isEqualTo(404);
            assertThat(c.get("/v1/reports/" + old2.reportId()).statusCode()).isEqualTo(404);
            assertThat(c.get("/v1/reports/" + lone.reportId()).statusCode()).as("a host's latest stays")
                    .isEqualTo(200);
            assertThat(c.getJson("/v1/hosts/kafka-a01").getJsonArray("history")).hasSize(1);
            assertThat(c.getJson("/v1/fleet").getJsonArray("staleHosts").getJsonObject(0).getString("hostname"))
                    .isEqualTo("kafka-a02");
        }
    }

    @Test
    void viewsNeedAViewerTokenUnlessOpen(@TempDir java.nio.file.Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            assertThat(c.get("/v1/fleet", null).statusCode()).isEqualTo(401);
            assertThat(c.get("/v1/fleet", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
            assertThat(c.get("/v1/fleet", CollectorFixture.OTHER_TOKEN).statusCode()).isEqualTo(200);
            assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(c.get("/", null).bodyAsString()).contains("/webjars/chart.js/");
        }
        java.nio.file.Path open = java.nio.file.Files.createDirectories(dir.resolve("open"));
        try (CollectorFixture c = new CollectorFixture(open, java.time.Clock.systemUTC(), "viewers: open\n")) {
            assertThat(c.get("/v1/fleet", null).statusCode()).isEqualTo(200);
            assertThat(c.get("/v1/nothing", null).statusCode()).isEqualTo(404);
        }
    }
}
