package dev.brokertuner.collector.bench;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness (a {@code main}, not a test): starts the collector as its own JVM with the launcher's heap, then
 * simulates {@code hosts} agents in {@code clusters} clusters posting realistic gzip reports over loopback with
 * {@code concurrency} requests in flight: one round to register every host, then {@code rounds} timed rounds. Prints
 * the sustained ingest rate, ingest latency percentiles, and fleet view latencies at that many hosts, and with
 * {@code --write FILE} replaces the "Collector ingest" section of that Markdown file. Each round also prints the CPU
 * time the collector and the generator spent per report (user and system, from the OS), which moves far less than
 * reports/s when other work shares the cores.
 *
 * <p>Flags: {@code --hosts N} (10000), {@code --clusters N} (50), {@code --rounds N} steady rounds (2),
 * {@code --concurrency N} requests in flight (64), {@code --durability fsync,flush} (one collector per mode),
 * {@code --heap -Xmx256m}, {@code --java-opts '...'} more options for the collector's JVM (JFR, JIT settings),
 * {@code --fresh-rounds N} rounds of new hosts in new clusters against the warm collector after the views (0),
 * {@code --warm-generator N} reports the generator first posts to a stub in its own JVM, untimed, so that the register
 * round times a cold collector and not the generator's own JIT warm-up (10000; 0 for the earlier behaviour),
 * {@code --launcher} starts the collector through {@code bin/broker-tuner-collector} from the packaged jars, with the
 * launcher's JVM options (replaced by {@code --java-opts} when given; {@code --heap} unused) and its class data
 * sharing archive ({@code bin/bench ingest --launcher} dumps it first; {@code BROKER_TUNER_COLLECTOR_CDS=off} in the
 * environment starts without it).
 *
 * <pre>{@code
 * mvn -B -q -o -pl report,collector -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp collector/target/test-classes:collector/target/classes:$(cat collector/target/bench.cp) \
 *     dev.brokertuner.collector.bench.IngestLoadHarness --hosts 10000 --write docs/performance.md
 * }</pre>
 */
public final class IngestLoadHarness {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");

    private int hosts = 10_000;
    private int clusters = 50;
    private int rounds = 2;
    /** Rounds of new hosts (new hostnames in new clusters) against the warm collector, after the views. */
    private int freshRounds = 0;
    /**
     * Reports the generator first posts to a stub server in its own JVM, so that the register round times a cold
     * collector, not the generator's own JIT warm-up (agents are other machines); 0 to skip.
     */
    private int warmGenerator = 10_000;
    private int concurrency = 64;
    private int viewSamples = 300;
    private String heap = "-Xmx256m";
    /** More JVM options for the collector (JFR, tiered compilation, CDS), split at whitespace. */
    private String javaOpts = "";
    private String durability = "fsync";
    /** Start the collector with bin/broker-tuner-collector (packaged jars, launcher options, CDS archive). */
    private boolean launcher;
    private Path write;

    public static void main(String[] args) throws Exception {
        IngestLoadHarness h = new IngestLoadHarness();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> h.hosts = Integer.parseInt(args[++i]);
                case "--clusters" -> h.clusters = Integer.parseInt(args[++i]);
                case "--rounds" -> h.rounds = Integer.parseInt(args[++i]);
                case "--fresh-rounds" -> h.freshRounds = Integer.parseInt(args[++i]);
                case "--warm-generator" -> h.warmGenerator = Integer.parseInt(args[++i]);
                case "--concurrency" -> h.concurrency = Integer.parseInt(args[++i]);
                case "--heap" -> h.heap = args[++i];
                case "--java-opts" -> h.javaOpts = args[++i];
                case "--durability" -> h.durability = args[++i];
                case "--launcher" -> h.launcher = true;
                case "--write" -> h.write = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.exit(h.run());
    }

    /**
     * One round's figures; {@code collectorCpuMs} and {@code generatorCpuMs} are the CPU time (user and system) each
     * process spent per report during the round: unlike reports/s, they hardly move when other work shares the
     * cores.
     */
    private record Round(int reports, double seconds, double rate, double p50, double p99, double max,
                         int non2xx, double collectorCpuMs, double generatorCpuMs) {
    }

    /** The collector's process, for its CPU time. */
    private ProcessHandle collectorProcess;

    private record Result(String durability, Round register, List<Round> timed, double[] fleet,
                          double[] fleetFresh, double[] cluster, double[] findings, List<Round> fresh) {
    }

    private int run() throws Exception {
        List<Result> results = new ArrayList<>();
        for (String mode : durability.split(",")) {
            results.add(runOne(mode.trim()));
        }
        String section = section(results);
        System.out.println(section);
        if (write != null) {
            replaceSection(write, section);
            System.out.println("wrote " + write);
        }
        return 0;
    }

    private Result runOne(String mode) throws Exception {
        Path dir = Files.createTempDirectory("collector-bench");
        Files.writeString(dir.resolve("tokens"), "bench " + CollectorFixture.TOKEN + "\n");
        Path config = Files.writeString(dir.resolve("collector.yaml"), CollectorFixture.yaml(dir, 0,
                "durability: " + mode + "\n"));
        Path log = dir.resolve("collector.log");
        ProcessBuilder pb;
        if (launcher) {
            Path script = Path.of(System.getProperty("bt.repo.dir", "."), "bin", "broker-tuner-collector");
            pb = new ProcessBuilder(script.toString(), "serve", "--config", config.toString());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            if (!javaOpts.isBlank()) {
                pb.environment().put("BROKER_TUNER_COLLECTOR_JAVA_OPTS", javaOpts.trim());
            }
        } else {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), heap, "-XX:+UseSerialGC"));
            if (!javaOpts.isBlank()) {
                cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.brokertuner.collector.cli.Main",
                    "serve", "--config", config.toString()));
            pb = new ProcessBuilder(cmd);
        }
        Process collector = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        collectorProcess = collector.toHandle();
        Vertx vertx = Vertx.vertx();
        try {
            int port = awaitPort(collector, log);
            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(concurrency));
            ReportJson json = new ReportJson();
            Instant t0 = Instant.now().minusSeconds(3600);
            System.out.printf(Locale.ROOT, "durability %s, collector on port %d; %d hosts in %d clusters, %d in "
                    + "flight; started by %s%n", mode, port, hosts, clusters, concurrency, launcher
                    ? "bin/broker-tuner-collector (BROKER_TUNER_COLLECTOR_CDS="
                    + System.getenv().getOrDefault("BROKER_TUNER_COLLECTOR_CDS", "on") + ")" : "java, test classpath");
            if (warmGenerator > 0) {
                warmGenerator(vertx, client, json, t0);
            }
            Round register = round(client, port, json, t0, 0, 0);
            System.out.printf(Locale.ROOT, "register round: %s%n", register);
            List<Round> timed = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Round x = round(client, port, json, t0, r, 0);
                timed.add(x);
                System.out.printf(Locale.ROOT, "round %d: %s%n", r, x);
            }
            Result viewed = new Result(mode, register, timed, views(client, port, "/v1/fleet"),
                    views(client, port, "/v1/fleet?fresh=true"),
                    views(client, port, "/v1/clusters/c-0007"), views(client, port, "/v1/findings?severity=warning"),
                    new ArrayList<>());
            for (int g = 1; g <= freshRounds; g++) {
                Round x = round(client, port, json, t0, rounds + 1, g);
                viewed.fresh().add(x);
                System.out.printf(Locale.ROOT, "fresh round %d (new hosts, warm collector): %s%n", g, x);
            }
            return viewed;
        } finally {
            collector.destroy();
            collector.waitFor(20, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** The collector JVM's options as the section names them. */
    private String jvmDescription() {
        if (launcher) {
            String cds = System.getenv().getOrDefault("BROKER_TUNER_COLLECTOR_CDS", "on");
            return "bin/broker-tuner-collector, " + (javaOpts.isBlank() ? "its default options"
                    : javaOpts.trim()) + ", class data sharing " + ("off".equals(cds) ? "off" : "on");
        }
        return heap + " -XX:+UseSerialGC" + (javaOpts.isBlank() ? "" : " " + javaOpts.trim());
    }

    /** Posts {@link #warmGenerator} reports to a stub that answers 202, untimed; the collector sees none. */
    private void warmGenerator(Vertx vertx, WebClient client, ReportJson json, Instant t0) throws Exception {
        io.vertx.core.http.HttpServer stub = vertx.createHttpServer()
                .requestHandler(req -> req.body().onComplete(b -> req.response().setStatusCode(202)
                        .putHeader("Content-Type", "application/json").end("{\"status\":\"stored\"}")))
                .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        try {
            List<byte[]> bodies = bodies(json, t0, 0, 0);
            Round warm = send(client, stub.actualPort(), bodies.subList(0, Math.min(warmGenerator, bodies.size())));
            System.out.printf(Locale.ROOT, "generator warm-up against a stub (untimed): %.0f reports/s%n",
                    warm.rate());
        } finally {
            stub.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Every host posts one report; bodies are built before the clock starts. Generation 0 is the fleet of the
     * register and steady rounds; each later generation is as many new hosts in as many new clusters.
     */
    private Round round(WebClient client, int port, ReportJson json, Instant t0, int round, int generation)
            throws Exception {
        return send(client, port, bodies(json, t0, round, generation));
    }

    private List<byte[]> bodies(ReportJson json, Instant t0, int round, int generation) throws Exception {
        return bodies(json, t0, hosts, clusters, round, generation);
    }

    /**
     * The gzip report bodies of {@code hosts} hosts in {@code clusters} clusters at round {@code round} (30 s apart
     * from {@code t0}); generation 0 is the first fleet, each later one as many new hosts in new clusters.
     */
    static List<byte[]> bodies(ReportJson json, Instant t0, int hosts, int clusters, int round, int generation)
            throws Exception {
        List<byte[]> bodies = new ArrayList<>(hosts);
        int perCluster = Math.max(1, hosts / clusters);
        for (int i = 0; i < hosts; i++) {
            int c = i / perCluster + generation * clusters;
            Reports r = Reports.broker(String.format("kafka-%02d-%04d", c, i), i % perCluster)
                    .cluster(String.format(Locale.ROOT, "c-%04d", c), "cluster-" + c)
                    .throughput((5 + i % 20) * 1e6, (10 + i % 30) * 1e6).at(t0.plusSeconds(30L * round));
            if (i % 97 == 3) {
                r.relatime();
            }
            if (i % 53 == 5) {
                r.nicMbps(10_000);
            }
            if (i % 19 == 7) {
                r.swappiness("60");
            }
            bodies.add(CollectorFixture.gzip(json.write(r.build())));
        }
        return bodies;
    }

    private Round send(WebClient client, int port, List<byte[]> bodies) throws Exception {
        int n = bodies.size();
        long[] latencies = new long[n];
        AtomicInteger non2xx = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(n);
        long collectorCpu0 = cpuNanos(collectorProcess);
        long generatorCpu0 = cpuNanos(ProcessHandle.current());
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int idx = i;
            long sent = System.nanoTime();
            client.post(port, "127.0.0.1", "/v1/reports")
                    .putHeader("Authorization", "Bearer " + CollectorFixture.TOKEN)
                    .putHeader("Content-Type", "application/json").putHeader("Content-Encoding", "gzip")
                    .sendBuffer(Buffer.buffer(bodies.get(i))).onComplete(ar -> {
                        latencies[idx] = System.nanoTime() - sent;
                        if (ar.failed() || ar.result().statusCode() / 100 != 2) {
                            non2xx.incrementAndGet();
                        }
                        inFlight.release();
                        done.countDown();
                    });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("round did not finish in 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double collectorCpu = (cpuNanos(collectorProcess) - collectorCpu0) / 1e6 / n;
        double generatorCpu = (cpuNanos(ProcessHandle.current()) - generatorCpu0) / 1e6 / n;
        Arrays.sort(latencies);
        return new Round(n, seconds, n / seconds, ms(latencies, 0.50), ms(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6, non2xx.get(), collectorCpu, generatorCpu);
    }

    /** Sequential GETs of one view; returns {p50, p99, max} in ms. */
    private double[] views(WebClient client, int port, String path) throws Exception {
        long[] lat = new long[viewSamples];
        for (int i = 0; i < viewSamples; i++) {
            long t = System.nanoTime();
            io.vertx.ext.web.client.HttpResponse<Buffer> resp;
            try {
                resp = get(client, port, path);
            } catch (io.vertx.core.http.HttpClosedException e) {
                // a pooled connection the collector closed while idle (between rounds): once more, timed anew
                t = System.nanoTime();
                resp = get(client, port, path);
            }
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + resp.statusCode() + ": " + resp.bodyAsString());
            }
            lat[i] = System.nanoTime() - t;
        }
        Arrays.sort(lat);
        return new double[] {ms(lat, 0.5), ms(lat, 0.99), lat[lat.length - 1] / 1e6};
    }

    private static io.vertx.ext.web.client.HttpResponse<Buffer> get(WebClient client, int port, String path)
            throws Exception {
        return client.get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + CollectorFixture.TOKEN)
                .send().await(30, TimeUnit.SECONDS);
    }

    /** User and system CPU time of a process so far (Linux: from /proc), -1 when the platform does not say. */
    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private String section(List<Result> results) {
        StringBuilder s = new StringBuilder();
        s.append("## Collector ingest\n\n");
        s.append(String.format(Locale.ROOT, "Measured %s by `IngestLoadHarness` (collector/src/test/java/dev/"
                + "brokertuner/collector/bench/): the collector in its own JVM (`%s`, H2 store on "
                + "local disk) and the load generator in another, sharing this machine's %d cores (%s, Java %s). "
                + "%d simulated hosts in %d clusters post realistic gzip reports (3.5 KB of JSON, 1.4 KB gzipped) "
                + "over loopback with %d requests in flight: one round registers every host, then %d steady "
                + "rounds. Every 202 is answered only after its batch is stored; `durability` says how far: "
                + "`fsync` (the default, survives power loss) or `flush` (written to the file, survives "
                + "`kill -9`). The generator first posts %d reports to a stub in its own JVM, untimed, so the "
                + "register round times a cold collector rather than the generator's own warm-up. CPU ms/report "
                + "is each process's user and system CPU time over the round divided by its reports: on 2 cores "
                + "the two together must stay under 1 ms for 2,000 reports/s, and unlike reports/s it hardly "
                + "moves when other work shares the cores.%n",
                java.time.LocalDate.now(), jvmDescription(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), System.getProperty("java.version"), hosts, clusters, concurrency,
                rounds, warmGenerator));
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "%n### durability: %s%n%n", r.durability()));
            s.append("| round | reports | seconds | reports/s | p50 ms | p99 ms | max ms | non-2xx "
                    + "| collector CPU ms/report | generator CPU ms/report |\n");
            s.append("|---|---|---|---|---|---|---|---|---|---|\n");
            row(s, "register (new hosts)", r.register());
            for (int i = 0; i < r.timed().size(); i++) {
                row(s, "steady " + (i + 1), r.timed().get(i));
            }
            for (int i = 0; i < r.fresh().size(); i++) {
                row(s, "new hosts, warm collector " + (i + 1) + " (after the views)", r.fresh().get(i));
            }
            s.append(String.format(Locale.ROOT, "%nFleet views at %d hosts (%d sequential GETs each):%n%n", hosts,
                    viewSamples));
            s.append("| view | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n");
            view(s, "`GET /v1/fleet` (served from the view computed at most once a second)", r.fleet());
            view(s, "`GET /v1/fleet?fresh=true` (recomputed over every host each time)", r.fleetFresh());
            view(s, "`GET /v1/clusters/{id}` (" + hosts / clusters + " brokers, 1 h throughput from the store)",
                    r.cluster());
            view(s, "`GET /v1/findings?severity=warning`", r.findings());
        }
        s.append(String.format(Locale.ROOT, "%nTargets: at least 2,000 reports/s on 2 cores and fleet views under "
                + "100 ms p99. This machine is shared with other builds, so runs vary; the first round of each mode "
                + "includes JIT warm-up and the insertion of every host. Reproduce with the commands in the "
                + "harness's javadoc.%n"));
        return s.toString();
    }

    private static void row(StringBuilder s, String name, Round r) {
        s.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.0f | %.1f | %.1f | %.1f | %d | %.2f | %.2f |%n",
                name, r.reports(), r.seconds(), r.rate(), r.p50(), r.p99(), r.max(), r.non2xx(), r.collectorCpuMs(),
                r.generatorCpuMs()));
    }

    private static void view(StringBuilder s, String name, double[] v) {
        s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, v[0], v[1], v[2]));
    }

    /** Replaces (or appends) the "## Collector ingest" section, leaving every other section as it is. */
    static void replaceSection(Path file, String section) throws Exception {
        replaceSection(file, "## Collector ingest", section);
    }

    /** Replaces (or appends) the section headed exactly {@code heading}, leaving every other section as it is. */
    static void replaceSection(Path file, String heading, String section) throws Exception {
        String text = Files.exists(file) ? Files.readString(file) : "# Performance\n\n";
        java.util.regex.Matcher at = Pattern.compile("(?m)^" + Pattern.quote(heading) + "$").matcher(text);
        int start = at.find() ? at.start() : -1;
        if (start < 0) {
            text = text.stripTrailing() + "\n\n" + section;
        } else {
            int next = text.indexOf("\n## ", start + 3);
            text = text.substring(0, start) + section + (next < 0 ? "" : "\n" + text.substring(next + 1));
        }
        Files.writeString(file, text);
    }

    private static int awaitPort(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = STARTED.matcher(Files.readString(log));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!child.isAlive()) {
                throw new IllegalStateException("the collector exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the collector did not start: " + Files.readString(log));
    }
}
