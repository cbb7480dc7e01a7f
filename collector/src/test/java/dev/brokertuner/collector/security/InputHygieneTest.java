package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.collector.store.Incoming;
import dev.brokertuner.report.Report;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6 (collector): what a report is filed by keeps to a documented character set, strings carry no NUL
 * or lone surrogate, bytes are strict UTF-8, ids are UUIDs, the per-report caps hold, capacity.json never 500s on
 * what older stores hold, and a request with an ambiguous length is 400.
 */
class InputHygieneTest {
    @Test
    void hostnamesOutsideTheDocumentedSetAre400AndNothingIsStored(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            for (String bad : List.of("kafka\nevil", "kafka\u0000a", "kafka\u0007", "kafka\u202eevil", "-kafka",
                    "kafka a", "kafka/../x", "k".repeat(254), "kafka\u00e9")) {
                HttpResponse<Buffer> r = post(c, withHostname(c, bad));
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(r.bodyAsJsonObject().getString("error")).as(bad).containsAnyOf("host.hostname",
                        "NUL");
            }
            assertThat(c.getJson("/v1/fleet").getInteger("hosts")).isZero();
            assertThat(post(c, withHostname(c, "Kafka-01.eu_west.example.com")).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void loneSurrogatesNulAndOverlongUtf8AreRefusedAnywhereInTheReport(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            String json = new String(c.json.write(Reports.broker("kafka-a01", 1).relatime().build()),
                    StandardCharsets.UTF_8);
            String lone = json.replace("Every read updates atime", "Every read \\ud800 updates atime");
            HttpResponse<Buffer> r = post(c, lone.getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("error")).contains("lone surrogate", "$.findings[0]");
            String nul = json.replace("Every read updates atime", "Every read \\u0000 updates atime");
            assertThat(post(c, nul.getBytes(StandardCharsets.UTF_8)).bodyAsJsonObject().getString("error"))
                    .contains("NUL");
            // "/" as the overlong two-byte form C0 AF
            ByteArrayOutputStream overlong = new ByteArrayOutputStream();
            int at = json.indexOf("/data/kafka");
            overlong.write(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
            overlong.write(new byte[] {(byte) 0xC0, (byte) 0xAF});
            overlong.write(json.substring(at + 1).getBytes(StandardCharsets.UTF_8));
            HttpResponse<Buffer> o = post(c, overlong.toByteArray());
            assertThat(o.statusCode()).isEqualTo(400);
            assertThat(o.bodyAsJsonObject().getString("error")).contains("not valid UTF-8");
            String pair = json.replace("Every read updates atime", "Every read \\ud83d\\ude00 updates atime");
            assertThat(post(c, pair.getBytes(StandardCharsets.UTF_8)).statusCode()).as("a surrogate pair is fine")
                    .isEqualTo(202);
        }
    }

    @Test
    void reportIdMustBeAUuidAndClusterNamesPrintable(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            ObjectNode n = Hostile.tree(c.json, Reports.broker("kafka-a01", 1).build());
            n.put("reportId", "report-1");
            HttpResponse<Buffer> r = post(c, c.json.mapper().writeValueAsBytes(n));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("error")).contains("reportId must be a UUID");
            n.put("reportId", Hostile.uuid());
            n.put("clusterAlias", "prod\r\nX-Injected: 1");
            assertThat(post(c, c.json.mapper().writeValueAsBytes(n)).bodyAsJsonObject().getString("error"))
                    .contains("clusterAlias holds a control character");
            // the agent's last-known cluster id files a host whose broker is down, so it is held to the same set
            ObjectNode down = Hostile.tree(c.json, Reports.broker("kafka-a02", 2).brokerDownLastKnown("prod").build());
            ((ObjectNode) down.get("broker")).put("lastKnownClusterId", "prod\u0000\nX: 1");
            HttpResponse<Buffer> r2 = post(c, c.json.mapper().writeValueAsBytes(down));
            assertThat(r2.statusCode()).isEqualTo(400);
            assertThat(r2.bodyAsJsonObject().getString("error")).contains("broker.lastKnownClusterId");
        }
    }

    @Test
    void thePerReportCapsAreEnforced(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            byte[] tooMany = Hostile.maximal(c.json, "kafka-a01", 300_000, 1001);
            HttpResponse<Buffer> r = post(c, tooMany);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("error")).contains("$.findings: more than 1000 entries");
            ObjectNode n = Hostile.tree(c.json, Reports.broker("kafka-a01", 1).relatime().build());
            ((ObjectNode) n.get("findings").get(0)).put("rationale", "x".repeat(16_385));
            assertThat(post(c, c.json.mapper().writeValueAsBytes(n)).bodyAsJsonObject().getString("error"))
                    .contains("longer than 16384");
            ObjectNode evidence = (ObjectNode) n.get("findings").get(0).get("evidence");
            ((ObjectNode) n.get("findings").get(0)).put("rationale", "ok");
            for (int i = 0; i < 101; i++) {
                evidence.put("k" + i, "v");
            }
            assertThat(post(c, c.json.mapper().writeValueAsBytes(n)).bodyAsJsonObject().getString("error"))
                    .contains("$.findings[0].evidence: more than 100 entries");
            byte[] atCap = Hostile.maximal(c.json, "kafka-a02", 300_000, 1000);
            assertThat(post(c, atCap).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void capacityJsonNeverFailsOnAHostnameFromAnOlderStore(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            assertThat(c.post(Reports.broker("kafka-a01", 1).build()).statusCode()).isEqualTo(202);
            c.stop();
            // what a collector before the hostname check could have stored: a control character, long stale
            Report bad = Reports.broker("kafka\u0007\r\nX-Evil: 1", 2).at(Instant.parse("2026-01-01T00:00:00Z"))
                    .build();
            try (H2ReportStore store = H2ReportStore.open(dir.resolve("data"), c.json.mapper())) {
                store.store(List.of(new Incoming(Summaries.of(bad, Instant.parse("2026-01-01T00:00:00Z"), "team-a"),
                        CollectorFixture.gzip(c.json.write(bad)))));
            }
            c.start();
            HttpResponse<Buffer> r = c.get("/v1/clusters/c-prod/capacity.json");
            assertThat(r.statusCode()).isEqualTo(200);
            String skipped = r.getHeader("X-Broker-Tuner-Skipped");
            assertThat(skipped).contains("kafka\\u0007\\u000d\\u000aX-Evil: 1").doesNotContain("\r", "\n");
            assertThat(r.getHeader("X-Evil")).isNull();
        }
    }

    @Test
    void contentLengthWithChunkedOrTwiceIs400(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            for (String framing : List.of("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                    "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                    "Content-Length: 5\r\nContent-Length: 6\r\n")) {
                try (Socket s = Hostile.socket(c.port())) {
                    Hostile.write(s, "POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                            + CollectorFixture.TOKEN + "\r\n" + framing + "\r\n0\r\n\r\n");
                    Hostile.Read r = Hostile.readToClose(s);
                    assertThat(r.text()).as(framing).startsWith("HTTP/1.1 400");
                    assertThat(r.closed()).isTrue();
                }
            }
            assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
        }
    }

    private static byte[] withHostname(CollectorFixture c, String hostname) throws Exception {
        ObjectNode n = Hostile.tree(c.json, Reports.broker("placeholder", 1).build());
        ((ObjectNode) n.get("host")).put("hostname", hostname);
        return c.json.mapper().writeValueAsBytes(n);
    }

    private static HttpResponse<Buffer> post(CollectorFixture c, byte[] json) throws Exception {
        return c.post(json, null, null, CollectorFixture.TOKEN);
    }
}
