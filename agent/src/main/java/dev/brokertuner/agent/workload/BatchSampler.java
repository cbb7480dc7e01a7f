package dev.brokertuner.agent.workload;

import dev.brokertuner.report.Problem;
import dev.brokertuner.report.TopicBatches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the batch headers at the tail of the active segment of the partitions this broker leads, for a ranked list
 * of topics, within one byte budget per gathering: the budget is spread evenly over the topics and, within a topic,
 * over its led partitions (each read between {@link #MIN_PARTITION_BUDGET} and {@link SegmentTail#DEFAULT_BUDGET}
 * bytes, so with many partitions a topic gets a few partitions read rather than all of them read too shallowly),
 * and the sampling stops when it is spent. Within a gatherer, each partition's window is kept across gatherings and
 * only the bytes appended since are read ({@link PartitionTails}); the figures cover the batches in the last
 * per-partition budget of each active segment either way. A partition's directory is looked for in each data dir root
 * ({@code <root>/<topic>-<partition>}, JBOD). Each file is opened and closed within its read.
 * An unreadable data dir or segment is a problem (typically the agent user not in the broker's group), never a
 * failure; what could be read is still summed up.
 */
public final class BatchSampler {
    /** The smallest read per partition: a few dozen small batches, or one 4 KiB index interval. */
    public static final int MIN_PARTITION_BUDGET = 4 << 10;
    /** Default byte budget per gathering over every topic sampled: 2 MiB. */
    public static final long DEFAULT_BUDGET = 2L << 20;

    /** Kafka topic names are {@code [a-zA-Z0-9._-]}: anything else never names a dir here. */
    private static final java.util.regex.Pattern TOPIC_DIR = java.util.regex.Pattern.compile("[a-zA-Z0-9._-]+-\\d+");

    private BatchSampler() {
    }

    /**
     * What one gathering's sampling gave.
     *
     * @param batches        per topic sampled, in rank order
     * @param bytesRead      segment bytes read in all
     * @param partitionsRead partitions whose tail was read
     * @param problems       dirs and segments that could not be read
     */
    public record Result(Map<String, TopicBatches> batches, long bytesRead, int partitionsRead,
                         List<Problem> problems) {
        public Result {
            batches = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(batches));
            problems = List.copyOf(problems);
        }
    }

    /**
     * Samples {@code led}'s partitions under {@code roots}.
     *
     * @param led    topic to the partitions this broker leads, in the order the topics are to be sampled
     * @param roots  the data dirs as the agent can read them (the node path of a broker in a container)
     * @param budget the most segment bytes read in all
     */
    public static Result sample(Map<String, List<Integer>> led, List<Path> roots, long budget) {
        return sample(led, roots, budget, new PartitionTails());
    }

    /**
     * {@link #sample(Map, List, long)} with each partition's window kept in {@code tails} across gatherings: only the
     * bytes appended since the last gathering are read ({@link PartitionTails}). The budget is charged by the bytes
     * each partition's window spans, as a full read would have read them, so the same partitions are sampled; the
     * bytes actually read are what {@link Result#bytesRead} and {@link TopicBatches#bytesRead} count. The state of
     * partitions not sampled this time is dropped.
     */
    static Result sample(Map<String, List<Integer>> led, List<Path> roots, long budget, PartitionTails tails) {
        java.util.Set<Path> sampledDirs = new java.util.HashSet<>();
        List<Problem> problems = new ArrayList<>();
        List<Path> readable = new ArrayList<>();
        for (Path r : roots) {
            if (Files.isDirectory(r) && Files.isReadable(r) && Files.isExecutable(r)) {
                readable.add(r);
            } else {
                problems.add(new Problem("broker:batches", r + ": " + (Files.exists(r) ? "not readable by the agent "
                        + "user (it must be in the broker's group, with the dir group-readable: see docs/broker.md)"
                        : "no such directory here") + "; batch headers under it not sampled"));
            }
        }
        Map<String, TopicBatches> out = new LinkedHashMap<>();
        long topics = led.values().stream().filter(p -> !p.isEmpty()).count();
        if (readable.isEmpty() || topics == 0 || budget < BatchHeaders.HEADER_BYTES) {
            tails.retain(sampledDirs);
            return new Result(out, 0, 0, problems);
        }
        long perTopic = Math.max(BatchHeaders.HEADER_BYTES, budget / topics);
        long remaining = budget;
        long total = 0;
        int partitionsRead = 0;
        int unreadable = 0;
        int missing = 0;
        String firstUnreadable = null;
        for (Map.Entry<String, List<Integer>> e : led.entrySet()) {
            List<Integer> partitions = e.getValue();
            if (partitions.isEmpty() || remaining < BatchHeaders.HEADER_BYTES) {
                continue;
            }
            long perPartition = Math.max(MIN_PARTITION_BUDGET, Math.min(SegmentTail.DEFAULT_BUDGET,
                    perTopic / partitions.size()));
            long count = Math.max(1, Math.min(partitions.size(), perTopic / perPartition));
            List<BatchHeader> headers = new ArrayList<>();
            long topicBytes = 0;
            int sampled = 0;
            for (int i = 0; i < count && remaining >= BatchHeaders.HEADER_BYTES; i++) {
                String name = e.getKey() + "-" + partitions.get(i);
                // a dir with a kept window is looked at by the read itself; found again if it is gone (moved)
                Path dir = TOPIC_DIR.matcher(name).matches() ? tails.kept(readable, name) : null;
                PartitionTails.Tail t = null;
                int want = (int) Math.max(BatchHeaders.HEADER_BYTES, Math.min(perPartition, remaining));
                if (dir != null) {
                    t = tails.read(dir, want, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
                    if (t.how() == PartitionTails.How.FULL_GONE && t.read() instanceof TailRead.Unreadable) {
                        Path moved = find(readable, name);
                        if (moved == null) {
                            missing++;
                            continue;
                        }
                        if (!moved.equals(dir)) {
                            dir = moved;
                            t = tails.read(moved, want, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
                        }
                    }
                } else {
                    dir = find(readable, name);
                    if (dir == null) {
                        missing++;
                        continue;
                    }
                    t = tails.read(dir, want, BatchHeaders.DEFAULT_MAX_BATCH_LENGTH);
                }
                sampledDirs.add(dir);
                TailRead r = t.read();
                if (r instanceof TailRead.Read read) {
                    headers.addAll(read.scan().batches());
                    topicBytes += read.bytesRead();
                    remaining -= t.covered();
                    sampled++;
                } else if (r instanceof TailRead.Unreadable u && !u.reason().equals("no log segment")) {
                    unreadable++;
                    firstUnreadable = firstUnreadable == null ? u.path() + ": " + u.reason() : firstUnreadable;
                }
            }
            if (sampled > 0) {
                BatchSample s = BatchSample.of(headers);
                out.put(e.getKey(), new TopicBatches(s.sampled(), s.controlBatches(), sampled, topicBytes,
                        s.medianRecords(), s.medianBytes(), s.p90Bytes(), s.codecs(), s.idempotent(),
                        s.transactional()));
                partitionsRead += sampled;
                total += topicBytes;
            }
        }
        tails.retain(sampledDirs);
        if (unreadable > 0) {
            problems.add(new Problem("broker:batches", unreadable + " partition segment(s) could not be read "
                    + "(first: " + firstUnreadable + "); is the agent user in the broker's group?"));
        }
        if (missing > 0) {
            problems.add(new Problem("broker:batches", missing + " led partition dir(s) found under none of the "
                    + "data dirs " + readable + "; their batches not sampled"));
        }
        return new Result(out, total, partitionsRead, problems);
    }

    private static Path find(List<Path> roots, String name) {
        if (!TOPIC_DIR.matcher(name).matches()) {
            return null;
        }
        for (Path r : roots) {
            Path d = r.resolve(name);
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        return null;
    }
}
