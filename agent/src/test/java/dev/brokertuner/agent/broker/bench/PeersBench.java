package dev.brokertuner.agent.broker.bench;

import dev.brokertuner.agent.bench.ProcSampling;

import dev.brokertuner.agent.broker.BrokerBeans;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Side-by-side benchmark (not a test): one real KRaft broker under a steady produce load; for the same window at the
 * same interval, first nothing (the broker's own CPU), then the agent through its launcher (broker side on), then the
 * pair an operator would otherwise run: Debian's {@code prometheus-node-exporter} on loopback and jmx_exporter's
 * standalone server (its own JVM with a small heap, an allowlist of the beans the agent reads: 1.x's collector and
 * HTTP server wired as its standalone main does, {@code bench/jmx-exporter-1x}, or a 0.x standalone jar), both scraped by this harness every interval as Prometheus would. Samples each process's
 * {@code /proc/PID/status} (VmRSS, RssAnon, Threads) every 5 s and its CPU from {@code /proc/PID/stat}; prints a
 * Markdown table with the agent's figures as ratios against the pair's.
 *
 * <pre>
 * bin/bench peers [--minutes 2] [--interval 30] [--sample 5]
 * </pre>
 * {@code bin/bench peers} builds jmx_exporter 1.x's server from Maven Central first and passes its class path as
 * {@code -Dbt.jmx.exporter.classpath} (or, for a 0.x version, its standalone jar as {@code -Dbt.jmx.exporter.jar}),
 * and the version as {@code -Dbt.jmx.exporter.version}.
 */
public final class PeersBench {
    private PeersBench() {
    }

    /** One process's figures over a window. */
    record Figures(String what, long rssMaxKb, long anonMaxKb, long threadsMax, double cpuMsPerInterval) {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 2;
        int interval = 30;
        int sample = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--interval" -> interval = Integer.parseInt(args[i + 1]);
                case "--sample" -> sample = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> exporterCommand = exporterCommand(System.getProperty("bt.jmx.exporter.jar"),
                System.getProperty("bt.jmx.exporter.classpath"));
        String exporterName = "jmx_exporter " + System.getProperty("bt.jmx.exporter.version", "?")
                + " standalone, allowlist, -Xmx64m";
        Path repo = Path.of(System.getProperty("bt.repo.dir", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("bt-peers");
        long window = (long) (minutes * 60_000);
        try (KraftBroker broker = KraftBroker.builder().heap("-Xmx256m").start()) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> dev.brokertuner.agent.bench.SteadyLoad.produce(broker.bootstrap(), java.util.List.of("peers-load"), 100, running), "bench-load");
            load.setDaemon(true);
            load.start();
            // the broker's start-up (JIT, first segments) settles before anything is measured
            Thread.sleep(60_000);
            double intervals = window / 1000.0 / interval;

            // the broker alone, before and after the others (its CPU under the load drifts; the mean is the base)
            double b0 = ProcSampling.cpuSeconds(broker.pid());
            Thread.sleep(window);
            double brokerIdleBefore = (ProcSampling.cpuSeconds(broker.pid()) - b0) * 1000 / intervals;

            // the agent
            int agentPort = ProcSampling.freePort();
            Path config = work.resolve("agent.yaml");
            Files.writeString(config, """
                    listen: 127.0.0.1:%d
                    intervalSeconds: %d
                    sampleSeconds: %d
                    serverProperties: %s
                    jmx: {url: "127.0.0.1:%d"}
                    bootstrapServers: %s
                    clusterAlias: peers-bench
                    """.formatted(agentPort, interval, sample, broker.serverProperties(), broker.jmxPort(),
                    broker.bootstrap()));
            long agentStart = System.nanoTime();
            Process agent = new ProcessBuilder(repo.resolve("bin/broker-tuner").toString(), "agent", "--config",
                    config.toString()).redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile())
                    .start();
            Figures agentFigures;
            double brokerWithAgent;
            double[] firstSeconds = new double[2];
            double[] listening = new double[1];
            double[] firstGathering = new double[1];
            String[] firstKind = new String[1];
            try {
                // warm-up: the first (unsampled and sampled) gatherings load classes and open the connections
                String health = "http://127.0.0.1:" + agentPort + "/health";
                awaitHttp(health, Duration.ofMinutes(2), 503);
                listening[0] = (System.nanoTime() - agentStart) / 1e9;
                String firstReport = awaitHealth(health, Duration.ofMinutes(2));
                firstSeconds[0] = (System.nanoTime() - agentStart) / 1e9;
                firstGathering[0] = lastGatheringSeconds(agentPort);
                var kind = java.util.regex.Pattern.compile("\"report\":\"([a-z-]+)\"").matcher(firstReport);
                firstKind[0] = kind.find() ? kind.group(1) : "?";
                while (!awaitHealth(health, Duration.ofMinutes(2)).contains("\"report\":\"sampled\"")) {
                    Thread.sleep(100);
                }
                firstSeconds[1] = (System.nanoTime() - agentStart) / 1e9;
                Thread.sleep(3000);
                double[] brokerCpu = new double[1];
                agentFigures = measure("broker-tuner agent", List.of(agent.toHandle().pid()), window, intervals,
                        () -> { }, broker.pid(), brokerCpu).get(0);
                brokerWithAgent = brokerCpu[0];
            } finally {
                agent.destroy();
                agent.waitFor();
            }

            // the pair
            int nodePort = ProcSampling.freePort();
            Process node = new ProcessBuilder("prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + nodePort)
                    .redirectErrorStream(true).redirectOutput(work.resolve("node_exporter.log").toFile()).start();
            int jmxPort = ProcSampling.freePort();
            Path jmxConfig = work.resolve("jmx_exporter.yaml");
            Files.writeString(jmxConfig, jmxExporterConfig(broker.jmxPort()));
            List<String> jmxCommand = new ArrayList<>(exporterCommand);
            jmxCommand.addAll(List.of("127.0.0.1:" + jmxPort, jmxConfig.toString()));
            Process jmx = new ProcessBuilder(jmxCommand).redirectErrorStream(true)
                    .redirectOutput(work.resolve("jmx_exporter.log").toFile()).start();
            List<Figures> pair;
            double brokerWithPair;
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                String nodeUrl = "http://127.0.0.1:" + nodePort + "/metrics";
                String jmxUrl = "http://127.0.0.1:" + jmxPort + "/metrics";
                awaitHttp(nodeUrl, Duration.ofMinutes(1));
                awaitHttp(jmxUrl, Duration.ofMinutes(1));
                // warm-up scrapes, as the agent's first gatherings
                for (int i = 0; i < 2; i++) {
                    get(http, nodeUrl);
                    get(http, jmxUrl);
                }
                Runnable scrape = () -> {
                    try {
                        get(http, nodeUrl);
                        get(http, jmxUrl);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException("scrape failed: " + e, e);
                    }
                };
                double[] brokerCpu = new double[1];
                pair = measure("pair", List.of(node.pid(), jmx.pid()), window, intervals, scrape, broker.pid(),
                        brokerCpu, interval);
                pair = List.of(rename(pair.get(0), "node_exporter"), rename(pair.get(1), exporterName));
                brokerWithPair = brokerCpu[0];
            } finally {
                node.destroy();
                jmx.destroy();
                node.waitFor();
                jmx.waitFor();
            }
            b0 = ProcSampling.cpuSeconds(broker.pid());
            Thread.sleep(window);
            double brokerIdleAfter = (ProcSampling.cpuSeconds(broker.pid()) - b0) * 1000 / intervals;
            double brokerIdle = (brokerIdleBefore + brokerIdleAfter) / 2;
            running.set(false);
            print(minutes, interval, sample, agentFigures, pair, brokerIdle, brokerWithAgent, brokerWithPair);
            System.out.printf("broker alone before / after: %.1f / %.1f ms per interval%n", brokerIdleBefore,
                    brokerIdleAfter);
            System.out.printf("agent: API listening %.2f s after the launcher started; first report (%s) %.2f s "
                    + "(its gathering %.2f s); first sampled report %.2f s%n", listening[0], firstKind[0],
                    firstSeconds[0], firstGathering[0], firstSeconds[1]);
        }
    }

    private static Figures rename(Figures f, String what) {
        return new Figures(what, f.rssMaxKb(), f.anonMaxKb(), f.threadsMax(), f.cpuMsPerInterval());
    }

    private static void print(double minutes, int interval, int sample, Figures agent, List<Figures> pair,
                              double brokerIdle, double brokerWithAgent, double brokerWithPair) throws IOException {
        Figures sum = new Figures("pair (node_exporter + jmx_exporter)",
                pair.stream().mapToLong(Figures::rssMaxKb).sum(), pair.stream().mapToLong(Figures::anonMaxKb).sum(),
                pair.stream().mapToLong(Figures::threadsMax).sum(),
                pair.stream().mapToDouble(Figures::cpuMsPerInterval).sum());
        System.out.printf("%nwindow %.1f min per phase, interval %d s, agent sample window %d s; load average at the"
                + " end: %s%n%n", minutes, interval, sample, Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| process | RSS max MB | anonymous RSS max MB | threads max | CPU ms per interval "
                + "| broker's extra CPU ms per interval |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        row(agent, brokerWithAgent - brokerIdle);
        for (Figures f : pair) {
            row(f, Double.NaN);
        }
        row(sum, brokerWithPair - brokerIdle);
        System.out.printf("| **agent / pair** | %.2f | %.2f | %.2f | %.2f | %s |%n",
                ratio(agent.rssMaxKb(), sum.rssMaxKb()), ratio(agent.anonMaxKb(), sum.anonMaxKb()),
                ratio(agent.threadsMax(), sum.threadsMax()), ratio(agent.cpuMsPerInterval(), sum.cpuMsPerInterval()),
                String.format("%.2f", ratio(brokerWithAgent - brokerIdle, brokerWithPair - brokerIdle)));
        System.out.printf("%nbroker's own CPU per interval with nothing reading it: %.1f ms%n", brokerIdle);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    private static void row(Figures f, double brokerExtra) {
        System.out.printf("| %s | %.1f | %.1f | %d | %.1f | %s |%n", f.what(), f.rssMaxKb() / 1024.0,
                f.anonMaxKb() / 1024.0, f.threadsMax(), f.cpuMsPerInterval(),
                Double.isNaN(brokerExtra) ? "" : String.format("%.1f", brokerExtra));
    }

    private static List<Figures> measure(String what, List<Long> pids, long windowMillis, double intervals,
                                         Runnable everyInterval, long brokerPid, double[] brokerCpuPerInterval)
            throws Exception {
        return measure(what, pids, windowMillis, intervals, everyInterval, brokerPid, brokerCpuPerInterval, 0);
    }

    /**
     * Samples the processes every 5 s over the window, running {@code everyInterval} every {@code interval} s (0:
     * never; the agent gathers on its own timer). CPU per interval: the window's CPU over its intervals.
     */
    private static List<Figures> measure(String what, List<Long> pids, long windowMillis, double intervals,
                                         Runnable everyInterval, long brokerPid, double[] brokerCpuPerInterval,
                                         int interval) throws Exception {
        int n = pids.size();
        double[] cpu0 = new double[n];
        long[] rss = new long[n];
        long[] anon = new long[n];
        long[] threads = new long[n];
        for (int i = 0; i < n; i++) {
            cpu0[i] = ProcSampling.cpuSeconds(pids.get(i));
        }
        double b0 = ProcSampling.cpuSeconds(brokerPid);
        long start = System.nanoTime();
        long end = start + windowMillis * 1_000_000L;
        long nextScrape = start;
        while (System.nanoTime() < end) {
            if (interval > 0 && System.nanoTime() >= nextScrape) {
                everyInterval.run();
                nextScrape += interval * 1_000_000_000L;
            }
            for (int i = 0; i < n; i++) {
                Map<String, Long> s = ProcSampling.status(pids.get(i));
                rss[i] = Math.max(rss[i], s.getOrDefault("VmRSS", 0L));
                anon[i] = Math.max(anon[i], s.getOrDefault("RssAnon", 0L));
                threads[i] = Math.max(threads[i], s.getOrDefault("Threads", 0L));
            }
            long sleep = Math.min(5_000, (end - System.nanoTime()) / 1_000_000);
            if (interval > 0) {
                sleep = Math.min(sleep, Math.max(0, (nextScrape - System.nanoTime()) / 1_000_000));
            }
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        brokerCpuPerInterval[0] = (ProcSampling.cpuSeconds(brokerPid) - b0) * 1000 / intervals;
        List<Figures> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Figures(what, rss[i], anon[i], threads[i],
                    (ProcSampling.cpuSeconds(pids.get(i)) - cpu0[i]) * 1000 / intervals));
        }
        return out;
    }

    /**
     * The exporter's JVM and main without its two arguments: a 0.x standalone jar ({@code -jar}) or 1.x's class path
     * ({@code bench/jmx-exporter-1x}), the same small heap and collector either way.
     */
    static List<String> exporterCommand(String jar, String classpath) {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx64m", "-XX:+UseSerialGC"));
        if (classpath != null && !classpath.isBlank()) {
            command.addAll(List.of("-cp", classpath, "dev.brokertuner.bench.JmxExporterStandalone"));
        } else if (jar != null && Files.isRegularFile(Path.of(jar))) {
            command.addAll(List.of("-jar", jar));
        } else {
            throw new IllegalStateException("neither -Dbt.jmx.exporter.classpath nor a -Dbt.jmx.exporter.jar file ("
                    + jar + "); run bin/bench peers");
        }
        return command;
    }

    /** jmx_exporter's standalone config: the broker's JMX port, an allowlist of the beans the agent reads. */
    static String jmxExporterConfig(int brokerJmxPort) {
        Set<String> names = new LinkedHashSet<>();
        for (BrokerBeans.Bean b : BrokerBeans.all()) {
            names.add(b.name().toString());
        }
        names.add("kafka.server:type=socket-server-metrics,listener=*,networkProcessor=*");
        names.add("java.lang:type=GarbageCollector,name=*");
        // the workload meters (WorkloadBeans) and the top topics' meters (TopicMeters: per topic, here by pattern)
        names.add("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=*");
        names.add("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=FetchConsumer,version=*");
        names.add("kafka.network:type=RequestMetrics,name=RequestBytes,request=*");
        names.add("kafka.server:type=FetchSessionCache,name=*");
        names.add("kafka.server:type=BrokerTopicMetrics,name=*,topic=*");
        names.add("kafka.server:type=group-coordinator-metrics,*");
        names.add("kafka.coordinator.group:type=GroupMetadataManager,name=*");
        StringBuilder y = new StringBuilder("hostPort: 127.0.0.1:" + brokerJmxPort + "\n");
        y.append("lowercaseOutputName: true\nincludeObjectNames:\n");
        for (String n : names) {
            y.append("  - \"").append(n.replace("\"", "\\\"")).append("\"\n");
        }
        return y.toString();
    }

    /** The body of the first 200 from {@code url}. */
    private static String awaitHealth(String url, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(url + " not answering 200 within " + timeout);
    }

    /** The agent's own figure of its last gathering's wall time ({@code /metrics}). */
    private static double lastGatheringSeconds(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var m = java.util.regex.Pattern.compile("(?m)^broker_tuner_last_gathering_duration_seconds ([0-9.eE+-]+)$")
                .matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static void awaitHttp(String url, Duration timeout) throws Exception {
        awaitHttp(url, timeout, 200);
    }

    /** Waits until {@code url} answers 200 or, when given, {@code alsoStatus}. */
    private static void awaitHttp(String url, Duration timeout, int alsoStatus) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == alsoStatus) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(url + " not answering 200 within " + timeout);
    }

    private static void get(HttpClient http, String url) throws IOException, InterruptedException {
        var r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + ": " + r.statusCode());
        }
    }
}
