package dev.brokertuner.collector.bench;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportKey;
import dev.brokertuner.testkit.KraftBroker;
import dev.brokertuner.testkit.PostgresServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bench harness (a {@code main}, not a test; {@code bin/bench kafka-ingest}): a real single-node KRaft broker and
 * the collector as its own JVM (H2 store), then {@code hosts} simulated agents deliver one realistic report each per
 * round, first through Kafka (a producer configured as the agent's: idempotent, {@code acks=all}, zstd, key
 * {@code cluster/host}; the collector consumes with {@code ingest.kafka}), then, in the same run against a fresh
 * collector, over HTTP ({@code POST /v1/reports}, {@code concurrency} in flight): a registering round and
 * {@code rounds} bursts as fast as they go, then one round paced at the fleet's own rate (10,000 agents at 30 s: 333
 * reports/s). Per round: reports/s from the first
 * send until the collector's store holds them all, and the end-to-end latency of {@code probes} sampled hosts from
 * the report being made to {@code /v1/hosts/{host}} serving it. The same rounds then run through Kafka into a real
 * PostgreSQL server (the testkit's, {@code initdb}/{@code pg_ctl} in a temp dir) with one collector, and with two
 * collectors in one consumer group sharing that store (the probes alternate between them, so a report counts as
 * visible when the collector that did not necessarily store it serves it). Each mode gets a fresh topic and a fresh
 * store. {@code --modes} picks modes (comma-separated: kafka-h2, http-h2, kafka-pg1, kafka-pg2; default all), so a
 * smaller run is possible with {@code --hosts}/{@code --rounds}. With {@code --write FILE} replaces the
 * "Collector ingest over Kafka" section of that Markdown file.
 */
public final class KafkaIngestHarness {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");
    static final String SECTION = "## Collector ingest over Kafka";

    private int hosts = 10_000;
    private int clusters = 50;
    private int rounds = 2;
    private int concurrency = 64;
    private int partitions = 12;
    private int probes = 50;
    /** The paced round's rate: 10,000 agents at the default 30 s interval. */
    private double pacedRate = 10_000 / 30.0;
    private String heap = "-Xmx256m";
    private Path write;
    private EnumSet<Mode> modes = EnumSet.allOf(Mode.class);

    /** A delivery path and store: how reports reach the collectors, which store, how many collectors. */
    enum Mode {
        KAFKA_H2("kafka-h2", "Kafka → H2", true, false, 1),
        HTTP_H2("http-h2", "HTTP → H2", false, false, 1),
        KAFKA_PG1("kafka-pg1", "Kafka → PostgreSQL, 1 collector", true, true, 1),
        KAFKA_PG2("kafka-pg2", "Kafka → PostgreSQL, 2 collectors", true, true, 2);

        final String arg;
        final String label;
        final boolean viaKafka;
        final boolean postgres;
        final int collectors;

        Mode(String arg, String label, boolean viaKafka, boolean postgres, int collectors) {
            this.arg = arg;
            this.label = label;
            this.viaKafka = viaKafka;
            this.postgres = postgres;
            this.collectors = collectors;
        }

        static Mode of(String arg) {
            for (Mode m : values()) {
                if (m.arg.equals(arg)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode " + arg + " (kafka-h2, http-h2, kafka-pg1, kafka-pg2)");
        }

        String topic() {
            return "broker-tuner.reports-" + arg;
        }
    }

    public static void main(String[] args) throws Exception {
        KafkaIngestHarness h = new KafkaIngestHarness();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> h.hosts = Integer.parseInt(args[++i]);
                case "--rounds" -> h.rounds = Integer.parseInt(args[++i]);
                case "--concurrency" -> h.concurrency = Integer.parseInt(args[++i]);
                case "--partitions" -> h.partitions = Integer.parseInt(args[++i]);
                case "--probes" -> h.probes = Integer.parseInt(args[++i]);
                case "--paced-rate" -> h.pacedRate = Double.parseDouble(args[++i]);
                case "--heap" -> h.heap = args[++i];
                case "--write" -> h.write = Path.of(args[++i]);
                case "--modes" -> {
                    h.modes = EnumSet.noneOf(Mode.class);
                    for (String m : args[++i].split(",")) {
                        h.modes.add(Mode.of(m.strip()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.exit(h.run());
    }

    record Round(String name, int reports, double seconds, double rate, double p50, double p99, double max) {
    }

    private int run() throws Exception {
        double[] load0 = loadAverage();
        Map<Mode, List<Round>> results = new java.util.LinkedHashMap<>();
        PostgresServer pg = null;
        try (KraftBroker broker = KraftBroker.start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
                List<NewTopic> topics = new ArrayList<>();
                for (Mode m : modes) {
                    if (m.viaKafka) {
                        topics.add(new NewTopic(m.topic(), partitions, (short) 1));
                    }
                }
                admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            }
            for (Mode m : modes) {
                if (m.postgres && pg == null) {
                    pg = PostgresServer.start("bench-pg-" + java.util.UUID.randomUUID());
                }
                results.put(m, mode(broker, pg, m));
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        double[] load1 = loadAverage();
        String section = section(results, load0, load1);
        System.out.println(section);
        if (write != null) {
            IngestLoadHarness.replaceSection(write, SECTION, section);
            System.out.println("wrote " + write);
        }
        return 0;
    }

    private List<Round> mode(KraftBroker broker, PostgresServer pg, Mode mode) throws Exception {
        boolean viaKafka = mode.viaKafka;
        Path root = Files.createTempDirectory("kafka-bench");
        String extra = viaKafka ? "ingest:\n  kafka: {bootstrapServers: \"" + broker.bootstrap() + "\", topic: "
                + mode.topic() + "}\n" : "";
        if (mode.postgres) {
            String db = mode.arg.replace('-', '_');
            pg.createDatabase(db);
            Path pw = root.resolve("pg-password");
            Files.writeString(pw, pg.password() + "\n");
            Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
            extra += "store: {type: postgres, url: \"" + pg.jdbcUrl(db) + "\", user: " + PostgresServer.USER
                    + ", passwordFile: " + pw + "}\n";
        }
        List<Process> collectors = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap());
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("compression.type", "zstd");
        p.put("linger.ms", "5");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int c = 0; c < mode.collectors; c++) {
                Path dir = Files.createDirectories(root.resolve("collector-" + c));
                Files.writeString(dir.resolve("tokens"), "bench " + CollectorFixture.TOKEN + "\n");
                Path config = Files.writeString(dir.resolve("collector.yaml"), CollectorFixture.yaml(dir, 0, extra));
                Path log = dir.resolve("collector.log");
                Process collector = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                        "dev.brokertuner.collector.cli.Main", "serve", "--config", config.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                collectors.add(collector);
                ports.add(awaitPort(collector, log));
            }
            if (mode.collectors > 1) {
                awaitMembers(ports);
            }
            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(concurrency + 4));
            ReportJson json = new ReportJson();
            Instant t0 = Instant.now().minusSeconds(3600);
            List<Round> out = new ArrayList<>();
            for (int r = 0; r <= rounds + 1; r++) {
                boolean paced = r == rounds + 1;
                String name = r == 0 ? "register (new hosts)" : paced ? String.format(Locale.ROOT,
                        "paced at %.0f/s (the fleet's own rate)", pacedRate) : "burst " + r;
                Round x = round(name, mode, producer, client, ports, json, t0.plusSeconds(30L * r),
                        (long) hosts * (r + 1), paced ? pacedRate : 0);
                System.out.printf(Locale.ROOT, "%s %s%n", mode.arg, x);
                out.add(x);
            }
            return out;
        } finally {
            for (Process collector : collectors) {
                collector.destroy();
                collector.waitFor(20, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** Waits until every collector of the group holds partitions (the group has settled before the clock starts). */
    private static void awaitMembers(List<Integer> ports) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (int port : ports) {
            while (metric(port, "broker_tuner_collector_kafka_partitions") <= 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("collector :" + port + " got no partitions within 2 minutes");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Every host delivers one report; bodies are built before the clock starts. */
    private Round round(String name, Mode mode, KafkaProducer<String, byte[]> producer, WebClient client,
                        List<Integer> ports, ReportJson json, Instant at, long expectedTotal, double rate)
            throws Exception {
        boolean viaKafka = mode.viaKafka;
        int port = ports.get(0);
        List<Report> reports = new ArrayList<>(hosts);
        List<byte[]> bodies = new ArrayList<>(hosts);
        int perCluster = Math.max(1, hosts / clusters);
        for (int i = 0; i < hosts; i++) {
            int c = i / perCluster;
            Report r = Reports.broker(String.format(Locale.ROOT, "kafka-%02d-%04d", c, i), i % perCluster)
                    .cluster(String.format(Locale.ROOT, "c-%04d", c), "cluster-" + c)
                    .throughput((5 + i % 20) * 1e6, (10 + i % 30) * 1e6).at(at).build();
            reports.add(r);
            byte[] raw = json.write(r);
            bodies.add(viaKafka ? raw : CollectorFixture.gzip(raw));
        }
        int every = Math.max(1, hosts / probes);
        Map<Integer, Long> madeAt = new ConcurrentHashMap<>();
        List<Long> visible = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread poller = probe(ports, reports, madeAt, visible);
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(viaKafka ? 0 : hosts);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < hosts; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            if (i % every == 0) {
                madeAt.put(i, System.nanoTime());
            }
            Report r = reports.get(i);
            if (viaKafka) {
                ProducerRecord<String, byte[]> rec = new ProducerRecord<>(mode.topic(), ReportKey.of(r),
                        bodies.get(i));
                rec.headers().add("reportId", r.reportId().getBytes(StandardCharsets.UTF_8));
                producer.send(rec, (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            } else {
                inFlight.acquire();
                client.post(port, "127.0.0.1", "/v1/reports")
                        .putHeader("Authorization", "Bearer " + CollectorFixture.TOKEN)
                        .putHeader("Content-Type", "application/json").putHeader("Content-Encoding", "gzip")
                        .putHeader("Idempotency-Key", r.reportId())
                        .sendBuffer(Buffer.buffer(bodies.get(i))).onComplete(ar -> {
                            if (ar.failed() || ar.result().statusCode() / 100 != 2) {
                                failed.incrementAndGet();
                            }
                            inFlight.release();
                            done.countDown();
                        });
            }
        }
        if (viaKafka) {
            producer.flush();
        }
        done.await(10, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (stored(mode, ports) < expectedTotal) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": not all reports stored within 10 minutes");
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        poller.join(60_000);
        poller.interrupt();
        if (failed.get() > 0) {
            throw new IllegalStateException(name + ": " + failed.get() + " deliveries failed");
        }
        long[] lat = visible.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Round(name, hosts, seconds, hosts / seconds, ms(lat, 0.5), ms(lat, 0.99),
                lat.length == 0 ? Double.NaN : lat[lat.length - 1] / 1e6);
    }

    /** Polls {@code /v1/hosts/{host}} of each probed host until it serves the new report; records made -> visible. */
    private Thread probe(List<Integer> ports, List<Report> reports, Map<Integer, Long> madeAt, List<Long> visible) {
        HttpClient http = HttpClient.newHttpClient();
        int every = Math.max(1, hosts / probes);
        Thread t = new Thread(() -> {
            List<Integer> waiting = new ArrayList<>();
            for (int i = 0; i < hosts; i += every) {
                waiting.add(i);
            }
            try {
                while (!waiting.isEmpty()) {
                    for (var it = waiting.iterator(); it.hasNext(); ) {
                        int i = it.next();
                        Long made = madeAt.get(i);
                        if (made == null) {
                            continue;
                        }
                        Report r = reports.get(i);
                        int port = ports.get((i / every) % ports.size());
                        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                        + port + "/v1/hosts/" + r.host().hostname() + "?history=1"))
                                .header("Authorization", "Bearer " + CollectorFixture.TOKEN).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() == 200 && r.reportId().equals(new JsonObject(resp.body())
                                .getJsonObject("summary").getString("reportId"))) {
                            visible.add(System.nanoTime() - made);
                            it.remove();
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "probe");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Reports stored so far: over HTTP the store's count; through Kafka the reports the group's members newly
     * stored from the topic, summed (each mode has a fresh topic and store, so that is the store's count too).
     */
    private static long stored(Mode mode, List<Integer> ports) throws Exception {
        if (!mode.viaKafka) {
            return (long) metric(ports.get(0), "broker_tuner_collector_store_reports");
        }
        long sum = 0;
        for (int port : ports) {
            sum += (long) metric(port, "broker_tuner_collector_kafka_reports_stored");
        }
        return sum;
    }

    private static double metric(int port, String name) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/metrics")).header("Authorization", "Bearer " + CollectorFixture.TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E+-]+)$").matcher(r.body());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (Exception e) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private String section(Map<Mode, List<Round>> results, double[] load0, double[] load1) {
        StringBuilder s = new StringBuilder(SECTION + "\n\n");
        s.append(String.format(Locale.ROOT, "Measured %s by `KafkaIngestHarness` (`bin/bench kafka-ingest`): a real "
                        + "single-node KRaft broker (topic with %d partitions, RF 1), the collector in its own JVM "
                        + "(`%s -XX:+UseSerialGC`; H2 store with `durability: fsync`, or the testkit's real "
                        + "PostgreSQL server, `initdb`/`pg_ctl` in a temp dir, default pool) and the load generator "
                        + "in another, "
                        + "all sharing this machine's %d cores (%s, Java %s; load average %.2f / %.2f / %.2f before "
                        + "the run, %.2f / %.2f / %.2f after: other builds were running). %d simulated hosts in %d "
                        + "clusters deliver one realistic report each per round (a register round and bursts as fast as "
                        + "they go, then one round paced at the fleet's own rate), through Kafka (a producer set up "
                        + "as the agent's: idempotent, `acks=all`, zstd, key `cluster/host`) and then, in the same "
                        + "run against a fresh collector, over HTTP (%d POSTs in flight); then through Kafka into "
                        + "PostgreSQL with one collector, and with two collectors in one consumer group sharing the "
                        + "store (the probes alternate between them). Each mode has a fresh topic and store; modes "
                        + "run: %s. reports/s runs from the "
                        + "first send to the store holding every report of the round; the latency is, for %d hosts "
                        + "sampled across the round, from the report being made to `GET /v1/hosts/{host}` serving "
                        + "it.%n%n",
                java.time.LocalDate.now(), partitions, heap, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), System.getProperty("java.version"), load0[0], load0[1], load0[2],
                load1[0], load1[1], load1[2], hosts, clusters, concurrency,
                String.join(", ", results.keySet().stream().map(m -> "`" + m.arg + "`").toList()), probes));
        s.append("| path | round | reports | seconds | reports/s | made → visible p50 ms | p99 ms | max ms |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        results.forEach((mode, rounds) -> rounds.forEach(r -> row(s, mode.label, r)));
        s.append(String.format(Locale.ROOT, "%nReading the table: in a burst the producer puts all %d reports on "
                + "the topic within about a second and the collector works through the backlog, so made -> visible "
                + "is mostly the wait in the topic; over HTTP the generator holds reports back (%d in flight), so "
                + "that wait happens before a report counts as made and is not in its latency. The paced round is "
                + "the steady state of such a fleet: both paths keep up and a report is visible within the "
                + "consumer's poll and one group commit. Throughput through Kafka is bounded by the same store "
                + "writer as HTTP ingest, and one member waits for each poll's batch to be stored and committed "
                + "before it polls again, which is why its bursts run below HTTP's here; what the topic adds is a "
                + "durable buffer and several collectors in one group ([fleet-scale.md](fleet-scale.md)). The "
                + "PostgreSQL rows go through the same writer into a server on the same cores as everything else; "
                + "with two collectors each member holds half the partitions and polls, stores and commits its "
                + "batches in parallel with the other, and a probe counts a report as visible when the collector "
                + "it asks serves it, whichever member stored it.%n", hosts, concurrency));
        return s.toString();
    }

    private static void row(StringBuilder s, String path, Round r) {
        s.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.0f | %.1f | %.1f | %.1f |%n", path, r.name(),
                r.reports(), r.seconds(), r.rate(), r.p50(), r.p99(), r.max()));
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
