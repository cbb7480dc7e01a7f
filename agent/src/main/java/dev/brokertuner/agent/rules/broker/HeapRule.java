package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The broker JVM's memory: its {@code -Xmx} against the host's {@code MemTotal} and against the page cache Kafka's
 * documentation asks for (about 30 seconds of writes: client plus replication bytes in, times 30), the share of the
 * window spent in garbage collection ({@code java.lang:type=GarbageCollector} {@code CollectionTime} deltas), and how
 * much of the JVM is swapped out now ({@code VmSwap} of {@code <procfs>/PID/status}). Three subjects: heap, GC time,
 * swap.
 */
public final class HeapRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.memory.heap";
    static final String GC_WARN = "gcTimeRatioWarning";
    static final String SWAP_WARN = "swapWarningBytes";
    static final double PAGE_CACHE_SECONDS = 30;
    static final String HEURISTIC = "broker-tuner's own heuristics, not from Kafka's documentation: more than 10 % of "
            + "the window in GC (gcTimeRatioWarning) is a warning, and 64 MiB or more of the JVM in swap "
            + "(swapWarningBytes) is a warning, less is info";

    static final RuleMeta META = new RuleMeta(ID,
            "-Xmx against MemTotal and against the page cache Kafka's docs ask for ((bytes in + replication bytes in) "
                    + "x 30 s); GC time over the window and the JVM's swap use (the thresholds for those two are the "
                    + "product's own heuristics).",
            Set.of(Source.BROKER, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_MEMORY, Sources.KAFKA_DESIGN_PAGE_CACHE, Sources.KAFKA_OPS_JAVA, HEURISTIC),
            Map.of(GC_WARN, 0.10, SWAP_WARN, (double) (64L << 20)),
            Set.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown("broker heap", "broker not read (" + broker.status().wire() + ")"));
        }
        return List.of(heap(snapshot, broker), gc(broker, thresholds), swap(broker, thresholds));
    }

    private Outcome heap(Snapshot snapshot, BrokerFacts broker) {
        String subject = "broker heap";
        BrokerProcess p = broker.process();
        Long heap = p == null ? null : p.heapMaxBytes();
        Long mem = snapshot.host().memoryBytes();
        if (heap == null) {
            return new Outcome.Unknown(subject, p == null ? "the broker's process was not found on this host"
                    : "no -Xmx on the broker's command line (the JVM default is a quarter of memory)");
        }
        if (mem == null || mem <= 0) {
            return new Outcome.Unknown(subject, "MemTotal not read");
        }
        BrokerMetrics m = broker.metrics();
        Double in = m.bytesInPerSec();
        Double repl = m.replicationBytesInPerSec();
        Map<String, String> e = new LinkedHashMap<>();
        e.put("heapMaxBytes", String.valueOf(heap));
        e.put("memTotalBytes", String.valueOf(mem));
        e.put("bytesInPerSec", in == null ? "unknown" : Units.exact(in));
        e.put("replicationBytesInPerSec", repl == null ? "unknown" : Units.exact(repl));
        long room = mem - heap;
        if (heap >= mem) {
            String why = "-Xmx is " + Units.bytes(heap) + " on a host with " + Units.bytes(mem) + " of memory: the "
                    + "heap can grow past the physical memory, so it ends in swap or the kernel's OOM killer, and "
                    + "nothing is left for the page cache Kafka reads and writes through. " + pageCacheText()
                    + "Sources: " + String.join("; ", Sources.KAFKA_OPS_MEMORY, Sources.KAFKA_DESIGN_PAGE_CACHE,
                    Sources.KAFKA_OPS_JAVA) + ".";
            long target = Math.max(1L << 30, (mem / 4) & ~((1L << 30) - 1));
            return recommend(Severity.CRITICAL, subject, "-Xmx" + gib(heap), "-Xmx" + gib(target) + " or less", why,
                    e, heapApply(target));
        }
        if (in == null || repl == null) {
            return new Outcome.Pass(subject, "-Xmx" + gib(heap) + " of " + Units.bytes(mem) + " MemTotal; the write "
                    + "rate was not read, so the page cache Kafka asks for (30 s of writes) is not judged");
        }
        double need = (in + repl) * PAGE_CACHE_SECONDS;
        e.put("pageCacheNeedBytes", String.valueOf(Math.round(need)));
        e.put("memoryLeftBytes", String.valueOf(room));
        if (room >= need) {
            return new Outcome.Pass(subject, "-Xmx" + gib(heap) + " leaves " + Units.bytes(room) + " of "
                    + Units.bytes(mem) + " for the page cache; 30 s of writes is " + Units.bytes(need));
        }
        long target = (long) Math.floor((mem - need) / (1L << 30)) << 30;
        String recommended = target >= (1L << 30) ? "more memory, or -Xmx" + gib(target) + " if GC stays low at it"
                : "more memory (" + Units.bytes(need + heap) + " at least)";
        String why = "-Xmx is " + Units.bytes(heap) + " of " + Units.bytes(mem) + ", which leaves " + Units.bytes(room)
                + " for the page cache (less what the OS and other processes use), while Kafka's documentation asks "
                + "for about 30 s of writes in memory (write throughput x 30). This broker writes what clients "
                + "produce to it and what it replicates as a follower, so broker-tuner counts both: ("
                + Units.megabytesPerSec(in) + " from clients + " + Units.megabytesPerSec(repl) + " replication) x 30 s = "
                + Units.bytes(need) + ". A smaller heap frees memory only if the JVM does not need it (watch GC time "
                + "and heap after GC before lowering it; too small a heap fails with OutOfMemoryError). Consumers and "
                + "followers that fall behind then read from disk instead of memory, competing with appends. "
                + pageCacheText() + "Sources: " + String.join("; ", Sources.KAFKA_OPS_MEMORY,
                Sources.KAFKA_DESIGN_PAGE_CACHE, Sources.KAFKA_OPS_JAVA) + ".";
        return recommend(Severity.WARNING, subject, "-Xmx" + gib(heap), recommended, why, e,
                target >= (1L << 30) ? heapApply(target)
                        : List.of(Shell.comment("add memory to this host: the write rate needs "
                        + Units.bytes(need) + " of page cache beside the " + Units.bytes(heap) + " heap")));
    }

    private Outcome gc(BrokerFacts broker, Thresholds thresholds) {
        String subject = "GC time";
        Double ratio = broker.metrics().gcTimeRatio();
        if (ratio == null) {
            return new Outcome.Unknown(subject, "GC time needs a window (CollectionTime is a lifetime total): "
                    + "java.lang:type=GarbageCollector not read over two reads");
        }
        double warn = thresholds.get(GC_WARN, 0.10);
        if (ratio < warn) {
            return new Outcome.Pass(subject, Units.percent(ratio) + " of the window in GC (below "
                    + Units.percent(warn) + ")");
        }
        BrokerProcess p = broker.process();
        Map<String, String> e = new LinkedHashMap<>();
        e.put("gcTimeRatio", Units.exact(ratio));
        e.put("heapMaxBytes", p == null || p.heapMaxBytes() == null ? "unknown" : String.valueOf(p.heapMaxBytes()));
        e.put("threshold." + GC_WARN, Units.exact(warn));
        String why = "The broker's JVM spent " + Units.percent(ratio) + " of the window in garbage collection: "
                + "request handlers and network threads stall during pauses, which shows as produce and fetch "
                + "latency and, past replica.lag.time.max.ms, as ISR shrinks. A heap that is too small for the "
                + "partitions, connections and request sizes makes the collector run back to back; check the GC log "
                + "before raising -Xmx, and keep the page cache in mind (heap subject). The "
                + Units.percent(warn) + " threshold is " + HEURISTIC + ". Sources: " + Sources.KAFKA_OPS_JAVA + ".";
        return recommend(Severity.WARNING, subject, Units.percent(ratio) + " of the window",
                "below " + Units.percent(warn), why, e,
                List.of(Shell.comment("find the cause in the broker's GC log (kafkaServer-gc.log with the stock "
                        + "start scripts) before changing -Xmx; raise it in KAFKA_HEAP_OPTS only if memory allows")));
    }

    private Outcome swap(BrokerFacts broker, Thresholds thresholds) {
        String subject = "broker swap";
        BrokerProcess p = broker.process();
        Long swap = p == null ? null : p.swapBytes();
        if (swap == null) {
            return new Outcome.Unknown(subject, p == null ? "the broker's process was not found on this host"
                    : "VmSwap not read from the broker's status file");
        }
        if (swap == 0) {
            return new Outcome.Pass(subject, "VmSwap=0: nothing of the broker's JVM is swapped out");
        }
        double warn = thresholds.get(SWAP_WARN, 64L << 20);
        Severity severity = swap >= warn ? Severity.WARNING : Severity.INFO;
        Map<String, String> e = new LinkedHashMap<>();
        e.put("vmSwapBytes", String.valueOf(swap));
        e.put("heapMaxBytes", p.heapMaxBytes() == null ? "unknown" : String.valueOf(p.heapMaxBytes()));
        e.put("threshold." + SWAP_WARN, String.valueOf((long) warn));
        String why = Units.bytes(swap) + " of the broker's JVM is in swap now (VmSwap). When the collector or a "
                + "request touches a swapped page the thread waits for the disk, a pause of milliseconds per page "
                + "that no GC log shows. Keep the heap and the page cache within memory and swapping rare "
                + "(host.vm.swappiness); vendor guides set vm.swappiness=1 for brokers. The size split ("
                + Units.bytes(warn) + ") is " + HEURISTIC + ". Sources: " + Sources.KAFKA_DESIGN_PAGE_CACHE + ".";
        return recommend(severity, subject, Units.bytes(swap), "0 B", why, e,
                List.of(Shell.comment("lower vm.swappiness (see host.vm.swappiness); once memory is free, "
                        + "swapoff -a && swapon -a brings the swapped pages back into memory")));
    }

    private static String pageCacheText() {
        return "The broker keeps little on its heap and reads and writes through the OS page cache, so memory the "
                + "heap does not claim is what serves consumers and followers; Kafka's documentation uses -Xmx6g as "
                + "its typical setting. ";
    }

    private static List<String> heapApply(long target) {
        return List.of(
                Shell.comment("set the heap in the broker's environment (systemd drop-in Environment= or the "
                        + "start script's KAFKA_HEAP_OPTS), then restart the brokers one at a time:"),
                Shell.comment("KAFKA_HEAP_OPTS=\"-Xmx" + gib(target) + " -Xms" + gib(target) + "\""));
    }

    private static String gib(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "g";
        }
        return (bytes >> 20) + "m";
    }

    private static Outcome recommend(Severity severity, String subject, String current, String recommended,
                                     String why, Map<String, String> evidence, List<String> apply) {
        return new Outcome.Recommend(new Finding(ID, severity, subject, current, recommended, why, evidence, apply));
    }
}
