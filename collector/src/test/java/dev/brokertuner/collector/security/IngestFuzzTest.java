package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of {@code POST /v1/reports} over real HTTP: 400 bodies derived from a valid report by structural
 * edits (wrong types, hostile strings, huge lists, deep nesting, dropped fields), byte edits (flips, truncation,
 * invalid UTF-8) and hostile headers (encodings, keys, tokens), 8 in flight. Every answer must be 2xx, 4xx or 503,
 * never 500 nor a dropped connection; afterwards the collector is healthy, holds no ingest memory, and its heap is
 * bounded. The seed is fixed, so a failure reproduces; the body that failed is in the assertion message.
 */
class IngestFuzzTest {
    private static final long SEED = 0x5ec_0011L;
    private static final int CASES = 400;
    private static final String[] HOSTILE = {"", "\u0000", "\n", "\r\nX-Evil: 1", "\ud800", "\udfff", "\u202e",
        "../../etc/passwd", "$(id)", "'; DROP TABLE reports; --", "<script>alert(1)</script>", "\uffff", "\u0085",
        "a".repeat(20_000), "kafka-a01", "\ud83d\ude00", "%00", "\\", "null", "9".repeat(400)};

    @Test
    void noBodyOrHeaderMakesIngestAnswer500OrHoldMemory(@TempDir Path dir) throws Exception {
        try (CollectorFixture c = new CollectorFixture(dir, Clock.systemUTC(), "ingestMemoryBytes: 16777216\n"
                + "maxConcurrentPerToken: 1000\n")) {
            Random rnd = new Random(SEED);
            byte[] base = c.json.write(Reports.broker("kafka-f00", 1).relatime().swappiness("60").at(Instant.now())
                    .build());
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int batch = 0; batch < CASES / 8; batch++) {
                List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
                List<String> described = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    Case x = next(rnd, c, base);
                    described.add(x.describe());
                    HttpRequest<Buffer> req = c.client.post(c.port(), "127.0.0.1", "/v1/reports").timeout(30_000);
                    x.headers().forEach(req::putHeader);
                    inFlight.add(req.sendBuffer(Buffer.buffer(x.body())));
                }
                for (int k = 0; k < inFlight.size(); k++) {
                    HttpResponse<Buffer> r = inFlight.get(k).await(60, TimeUnit.SECONDS);
                    int s = r.statusCode();
                    statuses.merge(s, 1, Integer::sum);
                    assertThat(s / 100 == 2 || (s / 100 == 4) || s == 503).as(described.get(k) + " -> " + s + " "
                            + r.bodyAsString()).isTrue();
                }
            }
            assertThat(statuses.keySet()).as("the fuzz reaches both acceptance and refusal").contains(202, 400);
            assertThat(c.get("/health", null).statusCode()).isEqualTo(200);
            assertThat(IngestMemoryTest.held(c)).as("no reservation leaked").isZero();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            assertThat(heap).as("heap after the fuzz (collector and client in this JVM)").isLessThan(512L << 20);
        }
    }

    private record Case(String kind, byte[] body, Map<String, String> headers) {
        String describe() {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.ISO_8859_1);
            return kind + " " + headers + " " + text.replaceAll("[^\\x20-\\x7e]", "?");
        }
    }

    private static Case next(Random rnd, CollectorFixture c, byte[] base) throws Exception {
        Map<String, String> h = new TreeMap<>();
        h.put("Authorization", "Bearer " + (rnd.nextInt(20) == 0 ? "wrong-token-wrong-token" : rnd.nextBoolean()
                ? CollectorFixture.TOKEN : CollectorFixture.OTHER_TOKEN));
        h.put("Content-Type", "application/json");
        ObjectNode tree = (ObjectNode) c.json.mapper().readTree(base);
        tree.put("reportId", Hostile.uuid());
        ((ObjectNode) tree.get("host")).put("hostname", "kafka-f" + rnd.nextInt(40));
        String kind;
        byte[] body;
        switch (rnd.nextInt(6)) {
            case 0, 1 -> {
                kind = "structural";
                int edits = 1 + rnd.nextInt(3);
                for (int i = 0; i < edits; i++) {
                    edit(rnd, tree);
                }
                body = c.json.mapper().writeValueAsBytes(tree);
            }
            case 2 -> {
                kind = "bytes";
                body = c.json.mapper().writeValueAsBytes(tree);
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    body[rnd.nextInt(body.length)] = (byte) rnd.nextInt(256);
                }
            }
            case 3 -> {
                kind = "truncated";
                byte[] full = c.json.mapper().writeValueAsBytes(tree);
                body = java.util.Arrays.copyOf(full, rnd.nextInt(full.length));
            }
            case 4 -> {
                kind = "valid";
                body = c.json.mapper().writeValueAsBytes(tree);
            }
            default -> {
                kind = "noise";
                body = new byte[rnd.nextInt(4096)];
                rnd.nextBytes(body);
            }
        }
        switch (rnd.nextInt(8)) {
            case 0, 1, 2 -> {
                h.put("Content-Encoding", "gzip");
                body = CollectorFixture.gzip(body);
            }
            case 3 -> h.put("Content-Encoding", rnd.nextBoolean() ? "gzip" : "deflate");
            case 4 -> h.put("Idempotency-Key", rnd.nextBoolean() ? Hostile.uuid() : "key-\u00e9-" + Hostile.uuid());
            default -> {
            }
        }
        return new Case(kind, body, h);
    }

    /** One structural edit at a random place of the tree. */
    private static void edit(Random rnd, ObjectNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(rnd.nextInt(containers.size()));
        JsonNode value = value(rnd);
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    if (!names.isEmpty()) {
                        o.set(names.get(rnd.nextInt(names.size())), value);
                    }
                }
                case 1 -> {
                    if (!names.isEmpty()) {
                        o.remove(names.get(rnd.nextInt(names.size())));
                    }
                }
                default -> o.set(HOSTILE[rnd.nextInt(HOSTILE.length)], value);
            }
        } else if (target instanceof ArrayNode a) {
            if (a.size() > 0 && rnd.nextBoolean()) {
                a.set(rnd.nextInt(a.size()), value);
            } else {
                a.add(value);
            }
        }
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            n.elements().forEachRemaining(e -> collect(e, out));
        }
    }

    private static JsonNode value(Random rnd) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (rnd.nextInt(9)) {
            case 0 -> f.textNode(HOSTILE[rnd.nextInt(HOSTILE.length)]);
            case 1 -> f.numberNode(rnd.nextBoolean() ? Long.MAX_VALUE : -rnd.nextInt(1000));
            case 2 -> f.numberNode(rnd.nextBoolean() ? Double.MAX_VALUE : -0.5);
            case 3 -> f.nullNode();
            case 4 -> f.booleanNode(rnd.nextBoolean());
            case 5 -> {
                ArrayNode big = f.arrayNode();
                int n = rnd.nextInt(12_000);
                for (int i = 0; i < n; i++) {
                    big.add(i);
                }
                yield big;
            }
            case 6 -> {
                ObjectNode deep = f.objectNode();
                ObjectNode at = deep;
                int depth = rnd.nextInt(60);
                for (int i = 0; i < depth; i++) {
                    at = at.putObject("d");
                }
                yield deep;
            }
            case 7 -> f.textNode(Instant.ofEpochSecond(rnd.nextLong() % 100_000_000_000L).toString());
            default -> f.objectNode().put(HOSTILE[rnd.nextInt(HOSTILE.length)], HOSTILE[rnd.nextInt(HOSTILE.length)]);
        };
    }
}
