package dev.brokertuner.agent.bench;

import dev.brokertuner.testkit.KraftBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Footprint benchmark (not a test): runs the agent daemon as it runs in production (the {@code bin/broker-tuner}
 * launcher, its default small heap and serial GC, its own JVM) at a 5 s interval against a real KRaft broker under a
 * steady produce load, and samples the agent process's RSS, threads and CPU from {@code /proc/PID} and its heap and
 * gathering count from its own {@code /metrics}. Prints a markdown table for docs/performance.md.
 *
 * <pre>
 * bin/bench footprint [--minutes 10] [--interval 5] [--sample 2]
 * </pre>
 */
public final class FootprintBench {
    private static final Pattern METRIC = Pattern.compile("(?m)^(\\w+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 10;
        int interval = 5;
        int sample = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--interval" -> interval = Integer.parseInt(args[i + 1]);
                case "--sample" -> sample = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path repo = Path.of(System.getProperty("bt.repo.dir", ".")).toAbsolutePath().normalize();
        Path launcher = repo.resolve("bin/broker-tuner");
        Path work = Files.createTempDirectory("bt-footprint");
        try (KraftBroker broker = KraftBroker.builder().heap("-Xmx256m").start()) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> SteadyLoad.produce(broker.bootstrap(), java.util.List.of("footprint-load"), 100, running), "bench-load");
            load.setDaemon(true);
            load.start();
            int port = ProcSampling.freePort();
            Path config = work.resolve("agent.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:%d
                    intervalSeconds: %d
                    sampleSeconds: %d
                    serverProperties: %s
                    jmx: {url: "127.0.0.1:%d"}
                    bootstrapServers: %s
                    clusterAlias: footprint-bench
                    """.formatted(port, interval, sample, broker.serverProperties(), broker.jmxPort(),
                    broker.bootstrap()));
            long launched = System.nanoTime();
            Process agent = new ProcessBuilder(launcher.toString(), "agent", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile()).start();
            try {
                firstReports(port, launched);
                run(agent, port, minutes, interval, sample, broker);
            } finally {
                running.set(false);
                agent.destroy();
                agent.waitFor();
            }
        }
    }

    /**
     * Start-up as an operator sees it: from the launcher's exec to the API answering, to the first {@code GET
     * /v1/report} answering 200 (and which report {@code /health} says it is), to the first sampled report.
     */
    private static void firstReports(int port, long launched) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + port;
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        double listening = Double.NaN;
        double first = Double.NaN;
        String firstKind = null;
        double unsampled = Double.NaN;
        double sampled = Double.NaN;
        while (System.nanoTime() < end && Double.isNaN(sampled)) {
            try {
                int report = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/report")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                double now = (System.nanoTime() - launched) / 1e9;
                if (Double.isNaN(listening)) {
                    listening = now;
                }
                if (report == 200) {
                    String health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    Matcher kind = Pattern.compile("\"report\":\"([a-z-]+)\"").matcher(health);
                    String k = kind.find() ? kind.group(1) : "?";
                    if (firstKind == null) {
                        first = now;
                        firstKind = k;
                    }
                    if (k.equals("unsampled") && Double.isNaN(unsampled)) {
                        unsampled = now;
                    }
                    if (k.equals("sampled")) {
                        sampled = now;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        System.out.printf("agent: API listening %.2f s after the launcher's exec; first report (%s) %.2f s; "
                + "first unsampled report %.2f s; first sampled report %.2f s%n", listening, firstKind, first,
                unsampled, sampled);
    }

    private static void run(Process agent, int port, double minutes, int interval, int sample, KraftBroker broker)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long pid = agent.pid();
        // Warm-up: the first gatherings load classes and open connections; measure steady state after them.
        waitForGatherings(http, port, 3, Duration.ofMinutes(2));
        double cpu0 = ProcSampling.cpuSeconds(pid);
        double g0 = metric(http, port, "broker_tuner_gatherings", null);
        long end = System.nanoTime() + (long) (minutes * 60e9);
        List<long[]> rss = new ArrayList<>();
        double maxHeap = 0;
        int maxThreads = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(interval * 1000L);
            long[] status = status(pid);
            rss.add(status);
            maxThreads = Math.max(maxThreads, (int) status[1]);
            maxHeap = Math.max(maxHeap, metric(http, port, "jvm_memory_used_bytes", "area=\"heap\""));
        }
        double cpu1 = ProcSampling.cpuSeconds(pid);
        double g1 = metric(http, port, "broker_tuner_gatherings", null);
        double lastDuration = metric(http, port, "broker_tuner_last_gathering_duration_seconds", null);
        double brokerRead = metric(http, port, "broker_tuner_broker_jmx_read_seconds", null);
        double reachable = metric(http, port, "broker_tuner_broker_reachable", null);
        long maxRss = rss.stream().mapToLong(s -> s[0]).max().orElse(0);
        long maxAnon = rss.stream().mapToLong(s -> s[2]).max().orElse(0);
        double avgRss = rss.stream().mapToLong(s -> s[0]).average().orElse(0);
        double gatherings = g1 - g0;
        double cpuPerGathering = gatherings > 0 ? (cpu1 - cpu0) / gatherings : Double.NaN;
        System.out.printf("""

                | measure | value |
                |---|---|
                | run | %.1f min at a %d s interval, broker %s under a produce load, broker reachable: %s |
                | gatherings measured (after 3 warm-up) | %.0f |
                | RSS max / mean | %.1f MB / %.1f MB |
                | anonymous RSS max (RssAnon) | %.1f MB |
                | heap used max (of -Xmx64m) | %.1f MB |
                | threads max | %d |
                | CPU per gathering (all agent CPU over the run / gatherings) | %.1f ms |
                | agent CPU share of one core | %.2f %% |
                | last gathering wall time (incl. the %d s sample window) | %.2f s |
                | last JMX read | %.1f ms |
                """, minutes, interval, broker.bootstrap(), reachable == 1 ? "yes" : "no", gatherings,
                maxRss / 1024.0, avgRss / 1024.0, maxAnon / 1024.0, maxHeap / 1048576.0, maxThreads, cpuPerGathering * 1000,
                (cpu1 - cpu0) * 100 / (minutes * 60), sample, lastDuration, brokerRead * 1000);
    }

    private static void waitForGatherings(HttpClient http, int port, int n, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (metric(http, port, "broker_tuner_gatherings", null) >= n) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("agent did not complete " + n + " gatherings in " + timeout);
    }

    private static double metric(HttpClient http, int port, String name, String labelPart) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        boolean found = false;
        Matcher m = METRIC.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(name) && (labelPart == null || (m.group(2) != null
                    && m.group(2).contains(labelPart)))) {
                sum += Double.parseDouble(m.group(3));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    /** VmRSS in kB, thread count and RssAnon in kB of a process. */
    private static long[] status(long pid) throws IOException {
        long rssKb = 0;
        long threads = 0;
        long anonKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rssKb = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("RssAnon:")) {
                anonKb = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new long[] {rssKb, threads, anonKb};
    }

}
