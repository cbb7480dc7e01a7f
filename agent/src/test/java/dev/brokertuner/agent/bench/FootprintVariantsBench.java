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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Footprint of JVM option sets side by side (not a test): ONE real KRaft broker under the steady produce load, then
 * the agent through its launcher ({@code BROKER_TUNER_JAVA_OPTS} set to each variant's options, the launcher's
 * class data sharing archive in use) for the same window, one variant after the other, in rounds (A B A B: drift
 * on a shared machine falls on both). Per variant and round: max RSS and anonymous RSS, threads, CPU per gathering;
 * after the last round of each variant, where its anonymous memory is (the largest anonymous mappings of
 * {@code /proc/PID/smaps}, {@code smaps_rollup}), its threads by name, the live heap's largest classes and the heap
 * after that full GC ({@code GC.class_histogram} collects first) and, when the
 * variant's options turn on {@code -XX:NativeMemoryTracking=summary}, {@code jcmd VM.native_memory summary}.
 *
 * <pre>
 * bin/bench dev.brokertuner.agent.bench.FootprintVariantsBench [--minutes 2] [--interval 5] [--sample 2] [--rounds 1]
 *     'NAME=JVM OPTIONS' ['NAME=JVM OPTIONS' ...]
 * </pre>
 * A word {@code @KEY=VALUE} among a variant's options is an environment variable of the launcher instead (e.g.
 * {@code @MALLOC_ARENA_MAX=1}).
 */
public final class FootprintVariantsBench {
    private static final Pattern METRIC = Pattern.compile("(?m)^(\\w+)(\\{[^}]*\\})? ([0-9.eE+-]+)$");

    private FootprintVariantsBench() {
    }

    record Variant(String name, String opts) {
    }

    record Run(String variant, int round, long maxRssKb, long maxAnonKb, long maxThreads, double cpuMsPerGathering,
               double gatherings, String load) {
    }

    public static void main(String[] args) throws Exception {
        double minutes = 2;
        int interval = 5;
        int sample = 2;
        int rounds = 1;
        List<Variant> variants = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--interval" -> interval = Integer.parseInt(args[++i]);
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    int eq = args[i].indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("expected NAME=JVM OPTIONS, got " + args[i]);
                    }
                    variants.add(new Variant(args[i].substring(0, eq), args[i].substring(eq + 1)));
                }
            }
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("no variants: give 'NAME=JVM OPTIONS' arguments");
        }
        Path repo = Path.of(System.getProperty("bt.repo.dir", ".")).toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("bt-footprint-variants");
        List<Run> runs = new ArrayList<>();
        try (KraftBroker broker = KraftBroker.builder().heap("-Xmx256m").start()) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> SteadyLoad.produce(broker.bootstrap(), List.of("footprint-load"), 100,
                    running), "bench-load");
            load.setDaemon(true);
            load.start();
            for (int round = 1; round <= rounds; round++) {
                for (Variant v : variants) {
                    runs.add(runOne(repo, work, broker, v, round, round == rounds, minutes, interval, sample));
                }
            }
            running.set(false);
        }
        System.out.println();
        System.out.println("| variant | round | RSS max MB | anonymous max MB | threads max | CPU ms per gathering "
                + "| gatherings | load average at the end |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        for (Run r : runs) {
            System.out.printf("| %s | %d | %.1f | %.1f | %d | %.1f | %.0f | %s |%n", r.variant(), r.round(),
                    r.maxRssKb() / 1024.0, r.maxAnonKb() / 1024.0, r.maxThreads(), r.cpuMsPerGathering(),
                    r.gatherings(), r.load());
        }
    }

    private static Run runOne(Path repo, Path work, KraftBroker broker, Variant v, int round, boolean dump,
                              double minutes, int interval, int sample) throws Exception {
        int port = ProcSampling.freePort();
        Path config = work.resolve("agent-" + v.name() + "-" + round + ".yaml");
        Files.writeString(config, """
                listen: 127.0.0.1:%d
                intervalSeconds: %d
                sampleSeconds: %d
                serverProperties: %s
                jmx: {url: "127.0.0.1:%d"}
                bootstrapServers: %s
                clusterAlias: footprint-variants
                """.formatted(port, interval, sample, broker.serverProperties(), broker.jmxPort(),
                broker.bootstrap()));
        ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/broker-tuner").toString(), "agent", "--config",
                config.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("agent-" + v.name() + "-" + round + ".log").toFile());
        StringBuilder jvm = new StringBuilder();
        for (String word : v.opts().trim().split("\\s+")) {
            if (word.startsWith("@") && word.indexOf('=') > 1) {
                pb.environment().put(word.substring(1, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
            } else {
                jvm.append(jvm.isEmpty() ? "" : " ").append(word);
            }
        }
        pb.environment().put("BROKER_TUNER_JAVA_OPTS", jvm.toString());
        System.out.printf("%n## %s, round %d: %s%nuptime: %s%n", v.name(), round, v.opts(), uptime());
        Process agent = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long pid = agent.pid();
            waitForGatherings(http, port, 3, Duration.ofMinutes(2));
            double cpu0 = ProcSampling.cpuSeconds(pid);
            double g0 = metric(http, port, "broker_tuner_gatherings");
            long end = System.nanoTime() + (long) (minutes * 60e9);
            long maxRss = 0;
            long maxAnon = 0;
            long maxThreads = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(interval * 1000L);
                Map<String, Long> s = ProcSampling.status(pid);
                maxRss = Math.max(maxRss, s.getOrDefault("VmRSS", 0L));
                maxAnon = Math.max(maxAnon, s.getOrDefault("RssAnon", 0L));
                maxThreads = Math.max(maxThreads, s.getOrDefault("Threads", 0L));
            }
            double cpu1 = ProcSampling.cpuSeconds(pid);
            double g1 = metric(http, port, "broker_tuner_gatherings");
            double reachable = metric(http, port, "broker_tuner_broker_reachable");
            String uptime = uptime();
            System.out.printf("RSS max %.1f MB, anonymous max %.1f MB, threads max %d, CPU per gathering %.1f ms "
                            + "over %.0f gatherings, broker reachable %s; uptime: %s%n", maxRss / 1024.0,
                    maxAnon / 1024.0, maxThreads, (cpu1 - cpu0) * 1000 / (g1 - g0), g1 - g0, reachable == 1,
                    uptime);
            if (dump) {
                where(pid, v.opts().contains("NativeMemoryTracking"));
            }
            return new Run(v.name(), round, maxRss, maxAnon, maxThreads, (cpu1 - cpu0) * 1000 / (g1 - g0), g1 - g0,
                    uptime);
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    /** Where the anonymous memory of a running agent is, printed as it stands (before and after a full GC). */
    private static void where(long pid, boolean nmt) throws Exception {
        System.out.println("smaps_rollup:");
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
            if (line.matches("(Rss|Pss|Pss_Anon|Pss_File|Anonymous|Private_Dirty|Shared_Clean|Private_Clean):.*")) {
                System.out.println("  " + line.replaceAll("\\s+", " "));
            }
        }
        System.out.println("largest anonymous mappings (kB; size, rss, anonymous, name):");
        mappings(pid).stream().sorted((a, b) -> Long.compare(b[2], a[2])).limit(25).forEach(m ->
                System.out.printf("  %8d %8d %8d  %s%n", m[0], m[1], m[2], names.get((int) m[3])));
        System.out.println("threads by name:");
        Map<String, Integer> threads = new TreeMap<>();
        Matcher t = Pattern.compile("(?m)^\"([^\"]+)\"").matcher(jcmd(pid, "Thread.print"));
        while (t.find()) {
            threads.merge(t.group(1).replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        threads.forEach((n, c) -> System.out.printf("  %3d  %s%n", c, n));
        if (nmt) {
            System.out.println("native memory (before a full GC):");
            for (String line : jcmd(pid, "VM.native_memory", "summary", "scale=KB").split("\n")) {
                if (line.contains("committed=") && (line.startsWith("-") || line.startsWith("Total"))) {
                    System.out.println("  " + line.trim());
                }
            }
        }
        System.out.println("largest classes on the heap (live, after a full GC):");
        jcmd(pid, "GC.class_histogram").lines().skip(1).limit(18).forEach(l -> System.out.println("  " + l.trim()));
        System.out.println("heap after a full GC:");
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            if (line.contains("total") || line.contains("Metaspace") || line.contains("class space")) {
                System.out.println("  " + line.trim());
            }
        }
        Map<String, Long> s = ProcSampling.status(pid);
        System.out.printf("after the full GC: RSS %.1f MB, anonymous %.1f MB%n", s.get("VmRSS") / 1024.0,
                s.get("RssAnon") / 1024.0);
    }

    private static final List<String> names = new ArrayList<>();

    /** Per mapping of /proc/PID/smaps: size, Rss, Anonymous (kB) and an index into {@link #names}. */
    private static List<long[]> mappings(long pid) throws IOException {
        List<long[]> out = new ArrayList<>();
        long[] cur = null;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] f = line.split("\\s+", 6);
                names.add(f[0] + " " + f[1] + " " + (f.length > 5 ? f[5] : "[anon]"));
                cur = new long[] {0, 0, 0, names.size() - 1};
                out.add(cur);
            } else if (cur != null && line.startsWith("Size:")) {
                cur[0] = kb(line);
            } else if (cur != null && line.startsWith("Rss:")) {
                cur[1] = kb(line);
            } else if (cur != null && line.startsWith("Anonymous:")) {
                cur[2] = kb(line);
            }
        }
        return out;
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void waitForGatherings(HttpClient http, int port, int n, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (metric(http, port, "broker_tuner_gatherings") >= n) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("agent did not complete " + n + " gatherings in " + timeout);
    }

    private static double metric(HttpClient http, int port, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        boolean found = false;
        Matcher m = METRIC.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                sum += Double.parseDouble(m.group(3));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

}
