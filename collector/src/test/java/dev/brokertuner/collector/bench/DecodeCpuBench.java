package dev.brokertuner.collector.bench;

import dev.brokertuner.collector.http.Decoded;
import dev.brokertuner.collector.http.ReportDecoder;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Harness (a {@code main}, not a test): what the ingest decode ({@link ReportDecoder#decode}: gunzip, limits scan,
 * schema validation, mapping, summary) costs per report, apart from HTTP and the store, so that a change to it can
 * be measured on a machine other work shares (one thread's CPU time moves far less than a load round's reports/s).
 * It relaunches itself in a JVM with the collector launcher's options ({@code -Xmx256m -XX:+UseSerialGC
 * -XX:TieredStopAtLevel=1}, or {@code --java-opts '...'}), builds the same 10,000 gzip bodies as
 * {@link IngestLoadHarness} (50 clusters), then decodes them on one thread, {@code --rounds} times (3). The first
 * round is the cold JVM's (as a collector's first round of new hosts); per round it prints the decoding thread's CPU
 * per report, the whole process's (JIT compiler and GC threads included) and the bytes the decoding thread allocated
 * per report (what drives the young collections). With {@code --stage validate} it times the schema validation
 * alone ({@link ReportValidator#validate(com.fasterxml.jackson.databind.JsonNode)} of trees parsed before the clock
 * starts): the most a cheaper validation could save per report.
 *
 * <pre>{@code
 * bin/bench dev.brokertuner.collector.bench.DecodeCpuBench [--hosts 10000] [--rounds 3] [--java-opts '...']
 *     [--stage decode|validate]
 * }</pre>
 */
public final class DecodeCpuBench {
    private static final String CHILD = "bt.decode.child";

    public static void main(String[] args) throws Exception {
        int hosts = 10_000;
        int rounds = 3;
        String javaOpts = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
        String stage = "decode";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--java-opts" -> javaOpts = args[++i];
                case "--stage" -> stage = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (System.getProperty(CHILD) == null) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
            cmd.addAll(List.of("-D" + CHILD + "=1", "-cp", System.getProperty("java.class.path"),
                    DecodeCpuBench.class.getName(), "--hosts", String.valueOf(hosts), "--rounds",
                    String.valueOf(rounds), "--stage", stage));
            System.out.println("JVM options: " + javaOpts);
            System.exit(new ProcessBuilder(cmd).inheritIO().start().waitFor());
        }
        if (!List.of("decode", "validate").contains(stage)) {
            throw new IllegalArgumentException("--stage decode or validate, not " + stage);
        }
        run(hosts, rounds, stage.equals("validate"));
    }

    private static void run(int hosts, int rounds, boolean validateOnly) throws Exception {
        ReportJson json = new ReportJson();
        Instant t0 = Instant.now().minusSeconds(3600);
        // the same bodies as the load harness's register round
        List<byte[]> bodies = IngestLoadHarness.bodies(json, t0, hosts, 50, 0, 0);
        ReportValidator validator = new ReportValidator();
        ReportDecoder decoder = new ReportDecoder(validator, json, 1 << 20);
        List<com.fasterxml.jackson.databind.JsonNode> trees = new ArrayList<>();
        if (validateOnly) {
            com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            for (byte[] body : bodies) {
                trees.add(mapper.readTree(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))));
            }
            long nulls = trees.stream().mapToLong(DecodeCpuBench::nulls).sum();
            System.out.printf(Locale.ROOT, "stage: schema validation alone, of trees parsed before the clock starts "
                    + "(%.1f null values per report)%n", nulls / (double) trees.size());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean allocations = (com.sun.management.ThreadMXBean) threads;
        long self = Thread.currentThread().getId();
        System.out.println("| round | reports | decode thread CPU ms/report | process CPU ms/report | wall ms/report "
                + "| KiB allocated/report |");
        System.out.println("|---|---|---|---|---|---|");
        for (int round = 1; round <= rounds; round++) {
            long thread0 = threads.getCurrentThreadCpuTime();
            long process0 = processCpu();
            long wall0 = System.nanoTime();
            long allocated0 = allocations.getThreadAllocatedBytes(self);
            int ok = 0;
            if (validateOnly) {
                for (com.fasterxml.jackson.databind.JsonNode tree : trees) {
                    if (validator.validate(tree).isEmpty()) {
                        ok++;
                    }
                }
            } else {
                for (byte[] body : bodies) {
                    if (decoder.decode(body, "gzip", null, "bench", Instant.now()) instanceof Decoded.Ok) {
                        ok++;
                    }
                }
            }
            if (ok != bodies.size()) {
                throw new IllegalStateException((bodies.size() - ok) + " bodies were refused");
            }
            double n = bodies.size();
            System.out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.1f |%n", round == 1 ? "1 (cold JVM)"
                    : String.valueOf(round), bodies.size(), (threads.getCurrentThreadCpuTime() - thread0) / 1e6 / n,
                    (processCpu() - process0) / 1e6 / n, (System.nanoTime() - wall0) / 1e6 / n,
                    (allocations.getThreadAllocatedBytes(self) - allocated0) / 1024.0 / n);
        }
    }

    /** Null values in a tree: each is a union type's second alternative (its first fails, building an error). */
    private static long nulls(com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isNull()) {
            return 1;
        }
        long c = 0;
        for (com.fasterxml.jackson.databind.JsonNode child : n) {
            c += nulls(child);
        }
        return c;
    }

    private static long processCpu() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }
}
