package dev.brokertuner.agent.workload;

import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.JmxBatch;
import dev.brokertuner.agent.gather.LogDirReads;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.management.MBeanServerConnection;
import org.apache.kafka.clients.admin.Admin;

/**
 * The producer side of the workload read, one per broker gatherer (it keeps what must carry across gatherings: the
 * ranking of the topics, the last per-topic rates and topic bytes, the cached topic details, each sampled
 * partition's batch-header window). Per gathering, in
 * three steps: {@link #around} reads the per-topic meters of the top K topics over the JMX sample window;
 * {@link #withMeters} sets those rates, the topics' effective configs and partition counts on the broker's topic
 * facts and ranks the topics for the next window; {@link #withBatches} samples the led partitions' batch headers
 * within the byte budget. Never throws: what could not be read is a problem.
 */
public final class ProducerWorkload {
    /** Default K: the busiest topics read per gathering. */
    public static final int DEFAULT_TOP_TOPICS = 20;
    /** The largest K accepted from the config or the command line. */
    public static final int MAX_TOP_TOPICS = 1_000;
    /** The smallest byte budget accepted: 64 KiB. */
    public static final long MIN_BUDGET = 64L << 10;
    /** The largest byte budget accepted: 64 MiB. */
    public static final long MAX_BUDGET = 64L << 20;

    /** Opens (or returns) the JMX connection. */
    @FunctionalInterface
    public interface Connection {
        MBeanServerConnection get() throws IOException;
    }

    private final int topTopics;
    private final long budgetBytes;
    private final TopicMeters meters;
    private final TopicDetails details;
    private final LongSupplier nanoTime;
    private List<String> ranked = List.of();
    private final Map<String, Double> lastRates = new HashMap<>();
    private final TopicGrowth topicGrowth = new TopicGrowth();
    private Map<String, List<Integer>> led = Map.of();
    private Window window;
    private long generation;
    private final JmxBatch batch;
    /** Each sampled partition's batch-header window, kept across gatherings so only appended bytes are read. */
    private final PartitionTails tails = new PartitionTails();
    /** The per-topic counts of the last window's end, which start the next window when recent (issue 15). */
    private final CarriedStart<TopicMeters.Counts> carried;
    /** How the last window's start was had: topics carried over and read in the window (for the harness, tests). */
    private volatile Starts lastStarts = new Starts(0, 0);
    /** {@code workload.topicMetersSeconds}: how often a top topic's meters are read ({@link MeterCadence}). */
    private final Duration period;
    /** The wall clock the reads are dated with (the report's {@code ratesReadAt}). */
    private final Clock wall;
    /** Each top topic's rates from its last read (span and time of the read), reported while it is not due. */
    private final Map<String, TopicRates> keptRates = new HashMap<>();
    /** When the last windowed gathering planned its reads ({@code nanoTime}), for the interval; null before. */
    private Long lastPlanNanos;

    /**
     * How one window's per-topic starts were had.
     *
     * @param carried topics whose start was their previous end read (only the end read in this window)
     * @param read    topics whose start was read inside the window (first gathering, new to the top K, a new
     *                connection or broker, a kept read too old)
     * @param skipped topics not read in this window (not due, {@link MeterCadence}): their last rates reported
     */
    public record Starts(int carried, int read, int skipped) {
        /** Every top topic read. */
        public Starts(int carried, int read) {
            this(carried, read, 0);
        }
    }

    /**
     * @param topTopics    K, at least 1
     * @param budgetBytes  segment bytes read per gathering
     * @param refreshEvery re-read topic details every this many gatherings
     */
    public ProducerWorkload(int topTopics, long budgetBytes, int refreshEvery, LongSupplier nanoTime) {
        this(topTopics, budgetBytes, refreshEvery, nanoTime, JmxBatch.sequential(nanoTime));
    }

    /** As above, the per-topic meters read side by side by {@code batch} (the gatherer's). */
    public ProducerWorkload(int topTopics, long budgetBytes, int refreshEvery, LongSupplier nanoTime,
                            JmxBatch batch) {
        this(topTopics, budgetBytes, refreshEvery, nanoTime, batch, new CarriedStart<>());
    }

    /** As above, the last window's end kept for the next window's start by {@code carried}; every topic every window. */
    public ProducerWorkload(int topTopics, long budgetBytes, int refreshEvery, LongSupplier nanoTime,
                            JmxBatch batch, CarriedStart<TopicMeters.Counts> carried) {
        this(topTopics, budgetBytes, refreshEvery, nanoTime, batch, carried, Duration.ZERO,
                Clock.systemUTC());
    }

    /**
     * As the daemon runs it: a top topic's meters read every {@code topicMeters} ({@code workload.topicMetersSeconds},
     * {@link MeterCadence}), its kept end read bounded by {@link MeterCadence#bound}.
     */
    public ProducerWorkload(int topTopics, long budgetBytes, int refreshEvery, LongSupplier nanoTime,
                            JmxBatch batch, Duration topicMeters) {
        this(topTopics, budgetBytes, refreshEvery, nanoTime, batch,
                new CarriedStart<>(MeterCadence.bound(topicMeters)), topicMeters, Clock.systemUTC());
    }

    /** As above, every part given (for tests). */
    public ProducerWorkload(int topTopics, long budgetBytes, int refreshEvery, LongSupplier nanoTime,
                            JmxBatch batch, CarriedStart<TopicMeters.Counts> carried,
                            Duration topicMeters, Clock wall) {
        this.period = topicMeters;
        this.wall = wall;
        this.batch = batch;
        this.carried = carried;
        this.topTopics = Math.max(1, topTopics);
        this.budgetBytes = budgetBytes;
        this.meters = new TopicMeters(nanoTime, batch);
        this.details = new TopicDetails(refreshEvery);
        this.nanoTime = nanoTime;
    }

    /** The meters of one window: the topics' rates (those not read in it: their last, carried), or why none were. */
    private record Window(long generation, Map<String, TopicRates> rates, String problem, Set<String> carried) {
        Window(long generation, Map<String, TopicRates> rates, String problem) {
            this(generation, rates, problem, Set.of());
        }
    }

    /**
     * A new gathering starts: the meters of an earlier one are dropped (also those a JMX read that timed out may
     * still deliver: {@link #around} keeps only the current gathering's).
     */
    public synchronized long begin() {
        window = null;
        batch.newWindow();
        return ++generation;
    }

    /** The current gathering's number, for {@link #around}. */
    public synchronized long generation() {
        return generation;
    }

    /**
     * Runs {@code read} (the broker-wide JMX read over the window) between the two reads of the top topics' meters,
     * on the caller's thread; without a window ({@code sampleSeconds} 0) reads their one-minute rates after it.
     * With a window, which topics are read is {@link MeterCadence}'s: a due topic's start is its last end read
     * when {@link CarriedStart} allows it (same connection and broker JVM, recent), so only its end is read and its
     * rates span the time since that read; a topic new to the top K (or whose kept read may not start it) has its
     * start read at the window's start, as on a first gathering; a topic not due is not read and its last rates are
     * reported, carried.
     */
    public <T> T around(long gathering, Connection connection, int sampleSeconds, Supplier<T> read) {
        MBeanServerConnection c;
        List<String> topics;
        TopicMeters.Counts start = null;
        TopicMeters.Counts kept = TopicMeters.Counts.none();
        MeterCadence.Plan plan = null;
        Long brokerStart = null;
        try {
            c = connection.get();
            topics = candidates(c);
            if (sampleSeconds > 0) {
                brokerStart = batch.brokerStart(c);
                long now = nanoTime.getAsLong();
                kept = carried.take(c, brokerStart, now).map(k -> k.only(topics)).orElse(TopicMeters.Counts.none());
                plan = plan(topics, kept, now);
                start = kept.only(plan.end()).and(meters.counts(c, plan.start()));
                lastStarts = new Starts(plan.end().size(), plan.start().size(), plan.carried().size());
            }
        } catch (IOException | RuntimeException e) {
            carried.clear();
            keep(new Window(gathering, Map.of(), "per-topic meters not read: " + e.getMessage()));
            return read.get();
        }
        T result = read.get();
        try {
            Map<String, TopicRates> rates;
            Set<String> notRead = Set.of();
            if (start == null) {
                Instant at = wall.instant();
                Map<String, TopicRates> single = new LinkedHashMap<>();
                meters.oneMinuteRates(c, topics).forEach((t, r) -> single.put(t, r.at(at)));
                rates = single;
            } else {
                MeterCadence.Plan p = plan;
                List<String> now = topics.stream().filter(t -> !p.carried().contains(t)).toList();
                TopicMeters.Counts end = meters.counts(c, now);
                Instant at = wall.instant();
                Map<String, TopicRates> fresh = TopicMeters.rates(start, end);
                rates = ratesOf(topics, fresh, at, plan.carried());
                notRead = Set.copyOf(plan.carried());
                if (current(gathering)) {
                    carried.keep(end.and(kept.only(plan.carried())), c, brokerStart, nanoTime.getAsLong());
                    keepRates(topics, rates);
                }
            }
            keep(new Window(gathering, rates, null, notRead));
        } catch (IOException | RuntimeException e) {
            carried.clear();
            keep(new Window(gathering, Map.of(), "per-topic meters not read: " + e.getMessage()));
        }
        return result;
    }

    /** This window's plan: each kept topic's last read the oldest of its beans' end reads. */
    private synchronized MeterCadence.Plan plan(List<String> topics, TopicMeters.Counts kept, long now) {
        Map<String, Long> lastRead = new HashMap<>();
        for (String t : kept.topics()) {
            Map<String, Long> at = kept.nanos().get(t);
            if (keptRates.containsKey(t) && at != null && !at.isEmpty()) {
                lastRead.put(t, at.values().stream().mapToLong(Long::longValue).min().getAsLong());
            }
        }
        Duration interval = lastPlanNanos == null ? null : Duration.ofNanos(now - lastPlanNanos);
        lastPlanNanos = now;
        return MeterCadence.plan(topics, lastRead, now, period, interval);
    }

    /** The rates of {@code topics}: those read now, dated {@code at}; those not read, their kept rates. */
    private synchronized Map<String, TopicRates> ratesOf(List<String> topics, Map<String, TopicRates> fresh,
                                                         Instant at, List<String> notRead) {
        Map<String, TopicRates> out = new LinkedHashMap<>();
        for (String t : topics) {
            boolean carried = notRead.contains(t);
            TopicRates r = carried ? keptRates.get(t) : fresh.get(t);
            if (r != null) {
                out.put(t, carried ? r : r.at(at));
            }
        }
        return out;
    }

    /** Keeps each top topic's latest rates for the gatherings that do not read it; the others dropped. */
    private synchronized void keepRates(List<String> topics, Map<String, TopicRates> rates) {
        keptRates.keySet().retainAll(topics);
        keptRates.putAll(rates);
    }

    /** How the last window's per-topic starts were had. */
    public Starts lastStarts() {
        return lastStarts;
    }

    private synchronized boolean current(long gathering) {
        return gathering == generation;
    }

    private synchronized List<String> candidates(MBeanServerConnection c) throws IOException {
        return ranked.isEmpty() ? meters.busiest(c, topTopics) : ranked;
    }

    private synchronized void keep(Window w) {
        if (w.generation() == generation) {
            window = w;
        }
    }

    /**
     * The broker's topic facts with the top K topics' meters, effective configs and partition counts set; the
     * ranking for the next window updated from this one.
     *
     * @param admin the broker's AdminClient, null when none answered
     */
    public synchronized Gathered<BrokerFacts> withMeters(BrokerFacts facts, Admin admin) {
        List<Problem> problems = new ArrayList<>();
        if (facts.topics() == null) {
            return new Gathered<>(facts, problems);
        }
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (TopicFacts t : facts.topics()) {
            bytes.put(t.name(), t.bytes() == null ? 0L : t.bytes());
        }
        long now = nanoTime.getAsLong();
        // over the real span between two distinct describeLogDirs reads, never a carried read's zero growth
        Map<String, Double> growth = topicGrowth.update(bytes,
                LogDirReads.readAt(facts), now);
        Map<String, TopicRates> rates = window == null ? Map.of() : window.rates();
        if (window != null && window.problem() != null) {
            problems.add(new Problem("broker:jmx", window.problem()));
        }
        rates.forEach((t, r) -> lastRates.put(t, r.bytesInPerSec() == null ? 0.0 : r.bytesInPerSec()));
        lastRates.keySet().retainAll(bytes.keySet());
        List<String> chosen = new ArrayList<>();
        for (String t : rates.keySet()) {
            if (bytes.containsKey(t) && !InternalTopics.internal(t)) {
                chosen.add(t);
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(TopTopics.choose(topTopics, bytes, growth, lastRates));
        }
        ranked = TopTopics.choose(topTopics, bytes, growth, lastRates);
        TopicDetails.Read read = null;
        if (admin != null && facts.nodeId() != null && !chosen.isEmpty()) {
            try {
                read = details.read(admin, facts.nodeId(), chosen);
                problems.addAll(read.problems());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                problems.add(new Problem("broker:workload", "top topics' details not read: " + e));
            }
        }
        Map<String, List<Integer>> ledNow = new LinkedHashMap<>();
        List<TopicFacts> out = new ArrayList<>();
        for (TopicFacts t : facts.topics()) {
            if (!chosen.contains(t.name())) {
                out.add(t);
                continue;
            }
            TopicRates r = rates.get(t.name());
            Map<String, String> config = read == null ? null : read.configs().get(t.name());
            TopicFacts f = t.withMeters(r == null ? null : r.bytesInPerSec(), r == null ? null : r.messagesInPerSec(),
                    r == null ? null : r.produceRequestsPerSec(), r == null ? null : r.bytesOutPerSec(), config,
                    r == null ? null : r.seconds(), r == null ? null : r.readAt(),
                    r == null ? null : window.carried().contains(t.name()));
            TopicDetails.Detail d = read == null ? null : read.partitions().get(t.name());
            if (d != null) {
                f = f.withPartitions(d.partitions(), d.led().size(), t.partitionSkew(), t.hottestPartition());
                ledNow.put(t.name(), d.led());
            }
            out.add(f);
        }
        // sample in rank order: busiest first, so a spent budget leaves out the quietest
        Map<String, List<Integer>> ordered = new LinkedHashMap<>();
        chosen.stream().sorted(java.util.Comparator.comparing((String t) -> -lastRates.getOrDefault(t, 0.0)))
                .filter(ledNow::containsKey).forEach(t -> ordered.put(t, ledNow.get(t)));
        led = ordered;
        return new Gathered<>(facts.withWorkload(out, facts.groups(), facts.workload()), problems);
    }

    /**
     * The broker's facts with the led partitions' batch headers sampled in the data dirs ({@link DataDirRoots}), the
     * problems added; unchanged when the broker was not read, and with a problem when no broker process was found
     * here (a broker named only by its address may be another host's: its data dirs are not local paths).
     *
     * @param localProcfs        the procfs root is this machine's
     * @param sameMountNamespace whether the broker with this pid sees the agent's mount namespace
     */
    public Gathered<BrokerFacts> withBatches(Gathered<BrokerFacts> broker, HostFacts host, boolean localProcfs,
                                             LongPredicate sameMountNamespace) {
        BrokerFacts facts = broker.value();
        if (!facts.ok() || facts.topics() == null) {
            return broker;
        }
        List<Problem> problems = new ArrayList<>(broker.problems());
        if (facts.process() == null) {
            problems.add(new Problem("broker:batches", "batch headers not sampled: no broker process found on this "
                    + "host, so the data dirs the broker names are not known to be local"));
            return new Gathered<>(facts, problems);
        }
        try {
            Gathered<List<Path>> roots = DataDirRoots.of(host, facts, localProcfs,
                    sameMountNamespace.test(facts.process().pid()));
            Gathered<BrokerFacts> sampled = withBatches(facts, roots.value());
            problems.addAll(roots.problems());
            problems.addAll(sampled.problems());
            return new Gathered<>(sampled.value(), problems);
        } catch (RuntimeException e) {
            problems.add(new Problem("broker:batches", "batch headers not sampled: unexpected " + e));
            return new Gathered<>(facts, problems);
        }
    }

    /** The facts with the led partitions' batch headers sampled under {@code roots}. */
    public synchronized Gathered<BrokerFacts> withBatches(BrokerFacts facts, List<Path> roots) {
        if (facts.topics() == null || led.isEmpty() || roots.isEmpty()) {
            return new Gathered<>(facts, List.of());
        }
        BatchSampler.Result r = BatchSampler.sample(led, roots, budgetBytes, tails);
        List<TopicFacts> out = new ArrayList<>();
        for (TopicFacts t : facts.topics()) {
            TopicBatches b = r.batches().get(t.name());
            out.add(b == null ? t : t.withBatches(b));
        }
        return new Gathered<>(facts.withWorkload(out, facts.groups(), facts.workload()), r.problems());
    }
}
