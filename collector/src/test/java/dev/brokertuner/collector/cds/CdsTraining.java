package dev.brokertuner.collector.cds;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.Workloads;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build's training run for the collector's class data sharing archive (run by the collector's {@code package}
 * phase; not part of the product): starts the packaged collector ({@code cli.Main serve}, the jar and its runtime
 * jars only, the launcher's heap options) in its own JVM under {@code -XX:DumpLoadedClassList}, and drives it as a
 * fleet does: gzip reports over HTTP with {@code durability: fsync} into its H2 store (new hosts, then the same
 * hosts again until their findings' alerts are RAISED and delivered to a webhook this JVM serves, then cleared), a
 * workload report, the rejected kinds (bad token, invalid report, a body that is not gzip), then every fleet view,
 * the dashboard's files, alerts and silences, {@code /metrics} and {@code /openapi.yaml}. Only the collector's JVM
 * writes the list, so it names no test class. Exits 0 when every answer was the expected one, 1 otherwise.
 *
 * <pre>
 * java -cp TEST_CLASSPATH dev.brokertuner.collector.cds.CdsTraining CLASSLIST COLLECTOR_CLASSPATH [JVM OPTIONS...]
 * </pre>
 */
public final class CdsTraining {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final int HOSTS = 240;
    private static final int CLUSTERS = 3;

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true));
    private final ReportJson json = new ReportJson();
    private final List<String> failures = new ArrayList<>();
    private int port;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CdsTraining CLASSLIST COLLECTOR_CLASSPATH [JVM OPTIONS...]");
            System.exit(64);
        }
        CdsTraining t = new CdsTraining();
        int rc;
        try {
            rc = t.run(Path.of(args[0]), args[1], List.of(args).subList(2, args.length));
        } finally {
            t.vertx.close().await(10, TimeUnit.SECONDS);
        }
        System.exit(rc);
    }

    private int run(Path classlist, String classpath, List<String> jvmOptions) throws Exception {
        Path dir = Files.createTempDirectory("bt-collector-cds");
        HttpServer hook = vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(b -> req.response().setStatusCode(200).end()))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        Files.writeString(dir.resolve("tokens"), "fleet " + CollectorFixture.TOKEN + "\noncall "
                + CollectorFixture.OPERATOR_TOKEN + " role=operator\n");
        Path config = Files.writeString(dir.resolve("collector.yaml"), CollectorFixture.yaml(dir, 0, """
                durability: fsync
                alerts:
                  receivers:
                    - {name: hook, type: webhook, url: "http://127.0.0.1:%d/bt"}
                  routes:
                    - {minSeverity: info, receivers: [hook]}
                """.formatted(hook.actualPort())));
        Path log = dir.resolve("collector.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xshare:off", "-XX:DumpLoadedClassList=" + classlist));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classpath, "dev.brokertuner.collector.cli.Main", "serve", "--config",
                config.toString()));
        Process collector = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            port = awaitPort(collector, log);
            train();
        } finally {
            collector.destroy();
            if (!collector.waitFor(30, TimeUnit.SECONDS)) {
                collector.destroyForcibly();
                failures.add("the collector did not stop on SIGTERM");
            }
            hook.close().await(10, TimeUnit.SECONDS);
        }
        if (!Files.isRegularFile(classlist) || Files.size(classlist) == 0) {
            failures.add("no class list written to " + classlist);
        }
        failures.forEach(f -> System.err.println("cds training: " + f));
        if (!failures.isEmpty()) {
            System.err.println("cds training: the collector's log:\n" + Files.readString(log));
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private void train() throws Exception {
        Instant t0 = Instant.now().minusSeconds(600);
        // new hosts, then the same hosts twice more (alerts RAISED after consecutive reports), then healthy (CLEAR)
        for (int round = 0; round < 4; round++) {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < HOSTS; i++) {
                posts.add(post(body(i, round, t0), "gzip", CollectorFixture.TOKEN, 202));
                if (posts.size() == 32) {
                    Future.join(posts).await(60, TimeUnit.SECONDS);
                    posts.clear();
                }
            }
            Future.join(posts).await(60, TimeUnit.SECONDS);
        }
        Report workload = Workloads.with(Reports.broker("kafka-workload", 9).cluster("c-0000", "cluster-0")
                .at(t0.plusSeconds(120)).build(), List.of(Workloads.topic("clicks", 12, 4, 2e6, 5e4, 600.0, 4e6,
                1.3, 0, "producer", 500, 1, 107, "none", 500)), List.<GroupFacts>of());
        await(post(CollectorFixture.gzip(json.write(workload)), "gzip", CollectorFixture.TOKEN, 202));
        await(post(gzip("{}"), "gzip", "not-a-token-0123456789", 401));
        await(post(gzip("{\"schemaVersion\": 1}"), "gzip", CollectorFixture.TOKEN, 400));
        await(post("not gzip".getBytes(StandardCharsets.UTF_8), "gzip", CollectorFixture.TOKEN, 400));
        for (String path : List.of("/health", "/metrics", "/openapi.yaml", "/v1/fleet", "/v1/fleet?fresh=true",
                "/v1/clusters/c-0000", "/v1/clusters/c-0000/topics", "/v1/clusters/c-0000/groups",
                "/v1/clusters/c-0000/capacity.json", "/v1/hosts/kafka-00-0003", "/v1/findings?severity=warning",
                "/v1/findings", "/v1/alerts", "/v1/silences", "/", "/ui/app.js", "/ui/app.css", "/ui/alerts.js",
                "/ui/workload.js")) {
            await(get(path, 200));
        }
        await(get("/v1/hosts/no-such-host", 404));
        await(send(client.request(HttpMethod.POST, port, "127.0.0.1", "/v1/silences"), CollectorFixture
                .OPERATOR_TOKEN, Buffer.buffer("{\"host\": \"kafka-00-0003\", \"durationMinutes\": 60, "
                + "\"comment\": \"training\"}"), -1, "POST /v1/silences"));
    }

    /** Host {@code i}'s report at {@code round}: findings on some hosts in rounds 0-2, none in round 3. */
    private byte[] body(int i, int round, Instant t0) throws Exception {
        int perCluster = HOSTS / CLUSTERS;
        int c = i / perCluster;
        Reports r = Reports.broker(String.format(Locale.ROOT, "kafka-%02d-%04d", c, i), i % perCluster)
                .cluster(String.format(Locale.ROOT, "c-%04d", c), "cluster-" + c)
                .throughput((5 + i % 20) * 1e6, (10 + i % 30) * 1e6).at(t0.plusSeconds(30L * round));
        if (round < 3) {
            if (i % 7 == 3) {
                r.relatime();
            }
            if (i % 11 == 5) {
                r.nicMbps(10_000);
            }
            if (i % 5 == 1) {
                r.swappiness("60");
            }
        }
        if (i % 37 == 9 && round == 1) {
            r.brokerDownLastKnown(String.format(Locale.ROOT, "c-%04d", c));
        }
        return CollectorFixture.gzip(json.write(r.build()));
    }

    private static byte[] gzip(String s) throws Exception {
        return CollectorFixture.gzip(s.getBytes(StandardCharsets.UTF_8));
    }

    private Future<?> post(byte[] body, String encoding, String token, int expected) {
        HttpRequest<Buffer> req = client.request(HttpMethod.POST, port, "127.0.0.1", "/v1/reports")
                .putHeader("Content-Type", "application/json");
        if (encoding != null) {
            req.putHeader("Content-Encoding", encoding);
        }
        return send(req, token, Buffer.buffer(body), expected, "POST /v1/reports");
    }

    private Future<?> get(String path, int expected) {
        return send(client.request(HttpMethod.GET, port, "127.0.0.1", path), CollectorFixture.TOKEN, null,
                expected, "GET " + path);
    }

    /** Sends; an answer other than {@code expected} (any 2xx when it is -1) is a failure. */
    private Future<?> send(HttpRequest<Buffer> req, String token, Buffer body, int expected, String what) {
        req.putHeader("Authorization", "Bearer " + token).timeout(30_000);
        return (body == null ? req.send() : req.sendBuffer(body)).andThen(ar -> {
            synchronized (failures) {
                if (ar.failed()) {
                    failures.add(what + ": " + ar.cause());
                } else if (expected == -1 ? ar.result().statusCode() / 100 != 2
                        : ar.result().statusCode() != expected) {
                    failures.add(what + ": " + ar.result().statusCode() + " " + ar.result().bodyAsString());
                }
            }
        });
    }

    private static void await(Future<?> f) {
        try {
            f.await(30, TimeUnit.SECONDS);
        } catch (Exception recorded) {
            // send() recorded it
        }
    }

    private static int awaitPort(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("collector exited " + p.exitValue() + ":\n" + Files.readString(log));
            }
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("collector did not start within 60 s:\n" + Files.readString(log));
    }
}
