package dev.brokertuner.agent.workload.bench;

import dev.brokertuner.agent.workload.BatchHeaders;
import dev.brokertuner.agent.workload.BatchSampler;
import dev.brokertuner.agent.workload.TopTopics;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Benchmark harness (not a test): the per-gathering cost of the producer workload's disk side at scale. Writes, in a
 * temp dir, a data dir of T topics x P partitions shaped like a broker's: per partition an active segment
 * ({@code 00000000000000000000.log}) of record batch v2 batches (a third of the topics one-record uncompressed
 * batches of about 90 bytes, a third 1 KiB batches, a third 16 KiB lz4 batches; idempotent producer ids) and its
 * offset index with one entry per 4096 bytes appended, preallocated (sparse) to 10 MiB as the broker does for the
 * active segment. Then, per pass, ranks the topics ({@link TopTopics}) and samples the top K's partitions within the
 * budget ({@link BatchSampler}), as one gathering does; reports wall and CPU time per gathering (median, p99, max)
 * and the bytes read, for K = 20 (the default) and K = every topic (the bound the budget must hold on its own).
 * The segments are in the page cache (just written).
 *
 * <p>Run: {@code bin/bench workload [topics] [partitions per topic] [KiB per segment] [passes]}, default
 * 1000 10 128 30. Needs about topics x partitions x KiB of disk (1.2 GiB at the defaults), removed at the end.
 */
public final class WorkloadBench {
    private WorkloadBench() {
    }

    public static void main(String[] args) throws Exception {
        int topics = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int kib = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Path root = Files.createTempDirectory("bt-workload-bench");
        try {
            long t0 = System.nanoTime();
            Map<String, Long> bytes = new LinkedHashMap<>();
            Map<String, Double> rates = new HashMap<>();
            for (int t = 0; t < topics; t++) {
                String name = "topic-" + t;
                for (int p = 0; p < partitions; p++) {
                    writePartition(root.resolve(name + "-" + p), t % 3, kib << 10);
                }
                bytes.put(name, (long) partitions * (kib << 10));
                rates.put(name, (double) ((t * 7919) % 1000));
            }
            System.err.printf("wrote %d topics x %d partitions x %d KiB in %.1f s under %s%n", topics, partitions,
                    kib, (System.nanoTime() - t0) / 1e9, root);
            System.out.println("| topics sampled (K) | partitions on disk | budget | wall median ms/gathering "
                    + "| wall p99 ms | wall max ms | CPU median ms | bytes read/gathering | partitions read "
                    + "| batches parsed |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int k : new int[] {20, topics}) {
                run(root, bytes, rates, k, partitions, topics, BatchSampler.DEFAULT_BUDGET, passes);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path root, Map<String, Long> bytes, Map<String, Double> rates, int k, int partitions,
                            int topics, long budget, int passes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[passes];
        long[] cpu = new long[passes];
        BatchSampler.Result last = null;
        for (int pass = -3; pass < passes; pass++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            List<String> top = TopTopics.choose(k, bytes, Map.of(), rates);
            Map<String, List<Integer>> led = new LinkedHashMap<>();
            for (String t : top) {
                led.put(t, IntStream.range(0, partitions).boxed().toList());
            }
            last = BatchSampler.sample(led, List.of(root), budget);
            if (pass >= 0) {
                wall[pass] = System.nanoTime() - w0;
                cpu[pass] = threads.getCurrentThreadCpuTime() - c0;
            }
        }
        if (!last.problems().isEmpty()) {
            throw new IllegalStateException(last.problems().toString());
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        long batches = last.batches().values().stream().mapToLong(b -> b.sampled()).sum();
        System.out.printf("| %d | %,d | %d KiB | %.1f | %.1f | %.1f | %.1f | %,d | %d | %,d |%n", k,
                (long) topics * partitions, budget >> 10, wall[passes / 2] / 1e6,
                wall[(int) Math.ceil(0.99 * passes) - 1] / 1e6, wall[passes - 1] / 1e6, cpu[passes / 2] / 1e6,
                last.bytesRead(), last.partitionsRead(), batches);
    }

    /** One partition dir: a segment of {@code size} bytes of batches of the given shape and its index. */
    private static void writePartition(Path dir, int shape, int size) throws IOException {
        Files.createDirectories(dir);
        int records = shape == 0 ? 1 : shape == 1 ? 10 : 160;
        int payload = shape == 0 ? 30 : shape == 1 ? 1024 - BatchHeaders.HEADER_BYTES : 16384 - BatchHeaders.HEADER_BYTES;
        int attributes = shape == 2 ? 3 : 0;
        int whole = BatchHeaders.HEADER_BYTES + payload;
        int count = size / whole;
        ByteBuffer log = ByteBuffer.allocate(count * whole);
        ByteBuffer index = ByteBuffer.allocate((count * whole / 4096 + 2) * 8);
        long sinceEntry = 0;
        for (int i = 0; i < count; i++) {
            int pos = log.position();
            if (sinceEntry >= 4096) {
                index.putInt(i * records).putInt(pos);
                sinceEntry = 0;
            }
            log.putLong((long) i * records).putInt(whole - BatchHeaders.LOG_OVERHEAD).putInt(0).put((byte) 2)
                    .putInt(0).putShort((short) attributes).putInt(records - 1).putLong(1_700_000_000_000L)
                    .putLong(1_700_000_000_000L).putLong(1000 + shape).putShort((short) 0).putInt(i * records)
                    .putInt(records);
            log.position(pos + whole);
            sinceEntry += whole;
        }
        Files.write(dir.resolve("00000000000000000000.log"), log.array());
        Path idx = dir.resolve("00000000000000000000.index");
        Files.write(idx, Arrays.copyOf(index.array(), index.position()));
        try (RandomAccessFile f = new RandomAccessFile(idx.toFile(), "rw")) {
            f.setLength(10L << 20);
        }
    }
}
