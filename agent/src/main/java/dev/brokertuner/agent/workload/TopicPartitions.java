package dev.brokertuner.agent.workload;

import dev.brokertuner.report.Problem;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Partition facts of the topics with replicas on this broker, kept across gatherings by the AdminClient reader that
 * owns it: each topic's partitions in the cluster and the ones this broker leads ({@code describeTopics}, cached and
 * re-read every {@link #DESCRIBE_EVERY} gatherings, a topic new here at once), and the skew between the led
 * partitions from the growth of their sizes ({@code describeLogDirs}) between the two latest distinct reads, over
 * the real span between them ({@link PartitionSkew}): a gathering that carries the last read (the reader calls
 * {@code describeLogDirs} every few gatherings) gets the skew of that read again, never a zero-growth one. Bounded by the reader's topic bound (at most 500 topics, so one
 * {@code describeTopics} of at most that many names, and one size per replica here: 10,000 partitions are 10,000
 * longs). Not thread-safe: one gatherer owns it.
 */
public final class TopicPartitions {
    /** Gatherings between two {@code describeTopics} (5 minutes at the daemon's default 30 s). */
    public static final int DESCRIBE_EVERY = 10;

    /** One topic's partitions: how many in the cluster, and the leader of each. */
    private record Layout(int partitions, Map<Integer, Integer> leaders) {
    }

    private final LongSupplier nanoTime;
    private final int describeEvery;
    private final Map<String, Layout> layouts = new HashMap<>();
    private int readsSinceDescribe;
    private Map<String, Map<Integer, Long>> previousSizes;
    private long previousNanos;
    /** The sizes' read time of the last call, and the skew per topic it gave (reused while the read is carried). */
    private Long lastReadNanos;
    private final Map<String, PartitionSkew> lastSkews = new HashMap<>();

    /** @param nanoTime the clock the growth is timed with ({@code System::nanoTime}) */
    public TopicPartitions(LongSupplier nanoTime) {
        this(nanoTime, DESCRIBE_EVERY);
    }

    TopicPartitions(LongSupplier nanoTime, int describeEvery) {
        this.nanoTime = nanoTime;
        this.describeEvery = Math.max(1, describeEvery);
    }

    /**
     * The topics with their partition facts set.
     *
     * @param admin      the reader's client
     * @param nodeId     this broker
     * @param topics     the topics read this gathering (already bounded)
     * @param sizes      the size of every replica on this broker ({@code describeLogDirs})
     * @param timeoutMs  how long to wait for {@code describeTopics}
     * @param problems   where a failed describe is said
     */
    public List<TopicFacts> withPartitions(Admin admin, int nodeId, List<TopicFacts> topics,
                                           Map<TopicPartition, Long> sizes, long timeoutMs, List<Problem> problems)
            throws InterruptedException {
        return withPartitions(admin, nodeId, topics, sizes, nanoTime.getAsLong(), timeoutMs, problems);
    }

    /**
     * As above, with the time the sizes were read ({@code describeLogDirs}'s answer, on this reader's clock): sizes
     * with the same read time as the last call's are that read carried, and get its skew again.
     */
    public List<TopicFacts> withPartitions(Admin admin, int nodeId, List<TopicFacts> topics,
                                           Map<TopicPartition, Long> sizes, long readNanos, long timeoutMs,
                                           List<Problem> problems) throws InterruptedException {
        describe(admin, topics, timeoutMs, problems);
        boolean carried = lastReadNanos != null && lastReadNanos == readNanos;
        lastReadNanos = readNanos;
        Map<String, Map<Integer, Long>> before = previousSizes;
        Map<String, Map<Integer, Long>> current = carried ? previousSizes : byTopic(sizes);
        double seconds = before == null ? 0 : (readNanos - previousNanos) / 1e9;
        if (!carried) {
            previousSizes = current;
            previousNanos = readNanos;
            lastSkews.clear();
        }
        List<TopicFacts> out = new ArrayList<>(topics.size());
        for (TopicFacts t : topics) {
            Layout layout = layouts.get(t.name());
            if (layout == null) {
                out.add(t);
                continue;
            }
            Set<Integer> led = new HashSet<>();
            layout.leaders().forEach((p, leader) -> {
                if (leader != null && leader == nodeId) {
                    led.add(p);
                }
            });
            PartitionSkew skew;
            if (carried) {
                skew = lastSkews.get(t.name());
            } else {
                skew = before == null ? null : PartitionSkew.of(before.getOrDefault(t.name(), Map.of()),
                        current.getOrDefault(t.name(), Map.of()), led, seconds);
                if (skew != null) {
                    lastSkews.put(t.name(), skew);
                }
            }
            out.add(t.withPartitions(layout.partitions(), led.size(), skew == null ? null : skew.skew(),
                    skew == null ? null : skew.hottestPartition()));
        }
        return out;
    }

    private static Map<String, Map<Integer, Long>> byTopic(Map<TopicPartition, Long> sizes) {
        Map<String, Map<Integer, Long>> out = new HashMap<>();
        sizes.forEach((tp, size) -> out.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp.partition(), size));
        return out;
    }

    /** Re-reads the layouts every {@link #describeEvery} gatherings, and those of topics not yet known at once. */
    private void describe(Admin admin, List<TopicFacts> topics, long timeoutMs, List<Problem> problems)
            throws InterruptedException {
        boolean refresh = readsSinceDescribe == 0 || readsSinceDescribe >= describeEvery;
        readsSinceDescribe = refresh ? 1 : readsSinceDescribe + 1;
        Set<String> names = new LinkedHashSet<>();
        topics.forEach(t -> names.add(t.name()));
        if (refresh) {
            layouts.keySet().retainAll(names);
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : names) {
            if (refresh || !layouts.containsKey(n)) {
                wanted.add(n);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(wanted).topicNameValues();
        int failed = 0;
        String first = null;
        for (String n : wanted) {
            try {
                TopicDescription d = futures.get(n).get(timeoutMs, TimeUnit.MILLISECONDS);
                Map<Integer, Integer> leaders = new HashMap<>();
                for (TopicPartitionInfo p : d.partitions()) {
                    leaders.put(p.partition(), p.leader() == null || p.leader().isEmpty() ? null : p.leader().id());
                }
                layouts.put(n, new Layout(d.partitions().size(), leaders));
            } catch (ExecutionException | TimeoutException e) {
                failed++;
                layouts.remove(n);
                if (first == null) {
                    first = n + ": " + (e.getCause() == null ? e : e.getCause()).toString();
                }
            }
        }
        if (failed > 0) {
            problems.add(new Problem("broker:admin", "describeTopics for " + failed + " of " + wanted.size()
                    + " topics failed (first: " + first + "); their partitions and skew are unknown"));
        }
    }
}
