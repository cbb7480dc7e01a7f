package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.Report;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 2: ingest holds report bytes within its memory budget, per token within its concurrency limit, and
 * refuses what is over either with 503 and Retry-After (413 past the size limit) while it keeps answering and keeps
 * every report it accepted.
 */
class IngestMemoryTest {
    private static final Pattern HELD = Pattern.compile("broker_tuner_collector_ingest_memory_bytes ([0-9.E]+)");

    @Test
    void fortyConcurrentMaximalReportsAreEachStoredOr503AndEvery503StoresOnRetry(@TempDir Path dir)
            throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), "ingestMemoryBytes: 25165824\n"
                + "maxConcurrentPerToken: 1000\n")) {
            List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                byte[] raw = Hostile.maximal(c.json, "kafka-big-" + i, 1_000_000, 900);
                assertThat(raw.length).isBetween(900_000, 1 << 20);
                byte[] gz = CollectorFixture.gzip(raw);
                bodies.add(gz);
                inFlight.add(send(c, gz));
            }
            int overloaded = 0;
            for (int i = 0; i < inFlight.size(); i++) {
                HttpResponse<Buffer> r = inFlight.get(i).await(90, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.bodyAsString()).isIn(202, 503);
                for (int attempt = 0; r.statusCode() == 503 && attempt < 20; attempt++) {
                    overloaded++;
                    assertThat(r.getHeader("Retry-After")).isEqualTo("2");
                    r = send(c, bodies.get(i)).await(90, TimeUnit.SECONDS);
                }
                assertThat(r.statusCode()).as("stored, at the latest on a retry").isEqualTo(202);
            }
            assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(held(c)).as("every reservation is given back").isZero();
            assertThat(c.getJson("/v1/fleet").getInteger("hosts")).isEqualTo(40);
            var summary = c.getJson("/v1/hosts/kafka-big-0").getJsonObject("summary");
            assertThat(summary.getInteger("warning")).as("counts stay exact").isEqualTo(900);
            assertThat(summary.getJsonArray("findings")).as("the in-memory summary keeps the most severe 100")
                    .hasSize(100);
        }
    }

    @Test
    void uploadsHoldingTheWholeBudgetMakeTheNextOne503UntilTheyGo(@TempDir Path dir) throws Exception {
        // 8 MiB, of which bodies still arriving may hold half: four uploads that have sent all but the last bytes
        // of 1 MiB each hold nearly all of that half
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), "ingestMemoryBytes: 8388608\n"
                + "maxConcurrentPerToken: 1000\n")) {
            List<Socket> stalled = new ArrayList<>();
            HttpResponse<Buffer> refused = null;
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = Hostile.socket(c.port());
                    Hostile.write(s, "POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                            + CollectorFixture.TOKEN + "\r\nContent-Length: 1048576\r\n\r\n{\"pad\":\""
                            + " ".repeat(1_048_500));
                    stalled.add(s);
                }
                // the collector reads what the sockets hold at its own pace
                for (int i = 0; i < 400 && held(c) < 4 * 1_048_508; i++) {
                    Thread.sleep(50);
                }
                assertThat(held(c)).as("each upload holds what it sent: 8 bytes of JSON and the padding").isEqualTo(4 * 1_048_508);
                refused = c.post(Reports.broker("kafka-a01", 1).build());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
                assertThat(refused.bodyAsJsonObject().getString("error")).contains("memory budget",
                        "ingestMemoryBytes");
                assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
                assertThat(c.get("/v1/fleet").statusCode()).isEqualTo(200);
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
            HttpResponse<Buffer> after = null;
            for (int i = 0; i < 100; i++) {
                after = c.post(Reports.broker("kafka-a02", 2).build());
                if (after.statusCode() == 202) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(after.statusCode()).isEqualTo(202);
            assertThat(held(c)).isZero();
        }
    }

    private static Future<HttpResponse<Buffer>> send(CollectorFixture c, byte[] gz) {
        return c.client.post(c.port(), "127.0.0.1", "/v1/reports")
                .putHeader("Authorization", "Bearer " + CollectorFixture.TOKEN)
                .putHeader("Content-Encoding", "gzip").putHeader("Content-Type", "application/json")
                .timeout(60_000).sendBuffer(Buffer.buffer(gz));
    }

    @Test
    void aChunkedBodyIsCutAtTheSizeLimitAndALengthAboveItIsRefusedUnread(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir)) {
            try (Socket s = Hostile.socket(c.port())) {
                StringBuilder req = new StringBuilder("POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + CollectorFixture.TOKEN + "\r\nTransfer-Encoding: chunked\r\n\r\n");
                String chunk = " ".repeat(65536);
                Hostile.write(s, req.toString());
                for (int i = 0; i < 40 && s.getInputStream().available() == 0; i++) {
                    try {
                        Hostile.write(s, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
                    } catch (java.net.SocketException e) {
                        break;
                    }
                }
                assertThat(Hostile.readStatus(s)).startsWith("HTTP/1.1 413");
            }
            try (Socket s = Hostile.socket(c.port())) {
                Hostile.write(s, "POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + CollectorFixture.TOKEN + "\r\nContent-Length: 999999999\r\n\r\n{");
                Hostile.Read r = Hostile.readToClose(s);
                assertThat(r.text()).startsWith("HTTP/1.1 413");
                assertThat(r.closed()).isTrue();
            }
            assertThat(held(c)).isZero();
            assertThat(c.post(Reports.broker("kafka-a01", 1).build()).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void oneTokensStalledUploadsCannotCrowdOutAnotherToken(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), "maxConcurrentPerToken: 2\n")) {
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket s = Hostile.socket(c.port());
                    Hostile.write(s, "POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                            + CollectorFixture.TOKEN + "\r\nContent-Length: 5000\r\n\r\n{\"schemaVersion\":");
                    stalled.add(s);
                }
                // the stalled uploads hold team-a's two slots; wait until the collector has seen both
                HttpResponse<Buffer> third = null;
                for (int i = 0; i < 100; i++) {
                    third = c.post(CollectorFixture.gzip(c.json.write(Reports.broker("kafka-a03", 3).build())),
                            "gzip", null, CollectorFixture.TOKEN);
                    if (third.statusCode() == 503) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertThat(third.statusCode()).isEqualTo(503);
                assertThat(third.getHeader("Retry-After")).isEqualTo("2");
                assertThat(third.bodyAsJsonObject().getString("error")).contains("team-a", "maxConcurrentPerToken");
                Report other = Reports.broker("kafka-b01", 1).build();
                assertThat(c.post(CollectorFixture.gzip(c.json.write(other)), "gzip", other.reportId(),
                        CollectorFixture.OTHER_TOKEN).statusCode()).isEqualTo(202);
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
            HttpResponse<Buffer> after = null;
            for (int i = 0; i < 100; i++) {
                after = c.post(Reports.broker("kafka-a04", 4).build());
                if (after.statusCode() == 202) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(after.statusCode()).as("closing the stalled uploads gives the slots back").isEqualTo(202);
        }
    }

    static double held(CollectorFixture c) throws Exception {
        Matcher m = HELD.matcher(c.get("/metrics", null).bodyAsString());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
