package dev.brokertuner.collector;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.config.ConfigLoader;
import dev.brokertuner.collector.config.Overrides;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/** A real collector on a free loopback port over a temp data dir, with a Vert.x WebClient speaking to it. */
public final class CollectorFixture implements AutoCloseable {
    public static final String TOKEN = "team-a-0123456789abcdef";
    public static final String OTHER_TOKEN = "team-b-fedcba9876543210";
    /** An operator's token ({@code role=operator}): the only kind that may change alerts and send tests. */
    public static final String OPERATOR_TOKEN = "oncall-00112233445566778899";
    /** A second operator's token, for tests that use up a per-token limit. */
    public static final String OTHER_OPERATOR_TOKEN = "oncall-b-99887766554433221100";

    public final Path dir;
    public final ReportJson json = new ReportJson();
    private final Vertx vertx = Vertx.vertx();
    public final WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1"));
    private final Clock clock;
    private final String extraYaml;
    private CollectorApp app;
    private int port;

    public CollectorFixture(Path dir, Clock clock, String extraYaml) throws Exception {
        this.dir = dir;
        this.clock = clock;
        this.extraYaml = extraYaml;
        Files.writeString(dir.resolve("tokens"), "# senders\nteam-a " + TOKEN + "\nteam-b " + OTHER_TOKEN + "\n"
                + "oncall " + OPERATOR_TOKEN + " role=operator\noncall-b " + OTHER_OPERATOR_TOKEN + " role=operator\n");
        start();
    }

    public CollectorFixture(Path dir) throws Exception {
        this(dir, Clock.systemUTC(), "");
    }

    public static String yaml(Path dir, int port, String extra) {
        return """
                listen: 127.0.0.1:%d
                dataDir: %s
                tokensFile: %s
                """.formatted(port, dir.resolve("data"), dir.resolve("tokens")) + extra;
    }

    public CollectorConfig config() throws Exception {
        return new ConfigLoader().parse(yaml(dir, port, extraYaml), null, Overrides.none());
    }

    /** Starts (again) on the same port and data dir. */
    public void start() throws Exception {
        app = CollectorApp.start(config(), clock);
        port = app.port();
    }

    /** Stops cleanly (the data stays). */
    public void stop() {
        app.close();
    }

    public CollectorApp app() {
        return app;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** POSTs a report gzip-compressed as the agent does. */
    public HttpResponse<Buffer> post(Report r) throws Exception {
        return post(gzip(json.write(r)), "gzip", r.reportId(), TOKEN);
    }

    public HttpResponse<Buffer> post(byte[] body, String encoding, String idempotencyKey, String token)
            throws Exception {
        var req = client.post(port, "127.0.0.1", "/v1/reports").putHeader("Content-Type", "application/json");
        if (encoding != null) {
            req.putHeader("Content-Encoding", encoding);
        }
        if (idempotencyKey != null) {
            req.putHeader("Idempotency-Key", idempotencyKey);
        }
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return req.timeout(30_000).sendBuffer(Buffer.buffer(body)).await(30, TimeUnit.SECONDS);
    }

    /** GETs with the viewer token. */
    public HttpResponse<Buffer> get(String path) throws Exception {
        return get(path, TOKEN);
    }

    public HttpResponse<Buffer> get(String path, String token) throws Exception {
        var req = client.get(port, "127.0.0.1", path);
        if (token != null) {
            req.putHeader("Authorization", "Bearer " + token);
        }
        return req.timeout(30_000).send().await(30, TimeUnit.SECONDS);
    }

    public JsonObject getJson(String path) throws Exception {
        HttpResponse<Buffer> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.bodyAsString());
        }
        return r.bodyAsJsonObject();
    }

    public static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws Exception {
        try {
            app.close();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
