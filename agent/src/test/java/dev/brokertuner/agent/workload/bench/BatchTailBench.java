package dev.brokertuner.agent.workload.bench;

import dev.brokertuner.agent.workload.BatchSample;
import dev.brokertuner.agent.workload.SegmentTail;
import dev.brokertuner.agent.workload.TailRead;
import dev.brokertuner.testkit.KraftBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Benchmark harness (not a test): the cost of reading the batch headers at the end of N partitions' active segments
 * with {@link SegmentTail}, as a sampling pass over a broker's log dir would. Starts one real KRaft broker, creates
 * one topic of N partitions, produces {@code MiB per partition} of random (incompressible) 1 KiB records, uncompressed, with
 * {@code linger.ms=5} and {@code batch.size=16384}, round-robin, then reads every partition's tail at several budgets.
 *
 * <p>Per budget: wall time per partition (median and p99 over all partition reads of all passes), the reading
 * thread's CPU per partition, bytes read and batches parsed per partition. The segments are in the page cache (just
 * written): a cold read adds one disk read per partition (two with the index), which this harness cannot show
 * without dropping caches as root.
 *
 * <p>Run: {@code bin/bench batches [partitions] [MiB per partition] [passes]}, default 200 2 20.
 */
public final class BatchTailBench {
    private BatchTailBench() {
    }

    public static void main(String[] args) throws Exception {
        int partitions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (KraftBroker broker = KraftBroker.builder().heap("-Xmx512m").start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     broker.bootstrap(), "linger.ms", 5, "batch.size", 16384),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            admin.createTopics(List.of(new NewTopic("bench", partitions, (short) 1))).all().get(2, TimeUnit.MINUTES);
            // random values: incompressible, so each partition's segment really holds about MiB bytes
            byte[] value = new byte[1024];
            new java.util.Random(42).nextBytes(value);
            // produce only once every partition has a leader the producer knows: sends to a partition whose
            // leader is not known yet are refused (NOT_LEADER_OR_FOLLOWER) and retried for up to 120 s
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (producer.partitionsFor("bench").stream().anyMatch(p -> p.leader() == null)
                    || producer.partitionsFor("bench").size() < partitions) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions without a leader after 2 minutes");
                }
                Thread.sleep(200);
            }
            Thread.sleep(2000);
            long records = (long) partitions * mib * 1024;
            AtomicLong acked = new AtomicLong();
            long t0 = System.nanoTime();
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("bench", (int) (i % partitions), null, value), (m, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
            System.err.printf("%,d of %,d records acknowledged into %d partitions in %.1f s%n", acked.get(), records,
                    partitions, (System.nanoTime() - t0) / 1e9);
            List<Path> dirs = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                dirs.add(broker.logDirs().get(0).resolve("bench-" + p));
            }
            System.out.println("| budget | partitions | wall median µs/partition | wall p99 µs/partition "
                    + "| CPU µs/partition | bytes read/partition | batches/partition | started from the index |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int budget : new int[] {16 << 10, 64 << 10, 256 << 10}) {
                for (int w = 0; w < 3; w++) {
                    pass(dirs, budget);
                }
                long[] wall = new long[passes * partitions];
                long cpu = 0;
                long bytes = 0;
                long batches = 0;
                long fromIndex = 0;
                int k = 0;
                for (int pass = 0; pass < passes; pass++) {
                    for (Path d : dirs) {
                        long c0 = threads.getCurrentThreadCpuTime();
                        long w0 = System.nanoTime();
                        TailRead r = SegmentTail.read(d, budget);
                        wall[k++] = System.nanoTime() - w0;
                        cpu += threads.getCurrentThreadCpuTime() - c0;
                        if (!(r instanceof TailRead.Read read)) {
                            throw new IllegalStateException(r.toString());
                        }
                        bytes += read.bytesRead();
                        batches += BatchSample.of(read.scan().batches()).sampled();
                        fromIndex += read.start() == TailRead.Start.INDEX ? 1 : 0;
                    }
                }
                Arrays.sort(wall);
                long n = wall.length;
                System.out.printf("| %d KiB | %d | %.0f | %.0f | %.0f | %,d | %.1f | %d %% |%n", budget >> 10,
                        partitions, wall[wall.length / 2] / 1e3, wall[(int) Math.ceil(0.99 * n) - 1] / 1e3,
                        cpu / 1e3 / n, bytes / n, (double) batches / n, 100 * fromIndex / n);
            }
        }
    }

    private static void pass(List<Path> dirs, int budget) {
        for (Path d : dirs) {
            SegmentTail.read(d, budget);
        }
    }
}
