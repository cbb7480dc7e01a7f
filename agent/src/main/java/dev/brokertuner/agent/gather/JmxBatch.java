package dev.brokertuner.agent.gather;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Fewer JMX round trips for one gatherer's reads, not fewer facts: independent {@code getAttributes} calls run
 * side by side over the same {@link MBeanServerConnection} on a small fixed pool of daemon threads (the RMI client
 * multiplexes them over its pooled sockets), and {@code queryNames} answers are kept across reads and asked again
 * only every {@code requeryEvery}th time, when a kept name has gone ({@link #stale}), or on a new connection (a
 * reconnect may be a restarted broker). One per gatherer, kept across gatherings; {@link #close} stops the pool.
 * With 0 threads every call runs on the caller's thread (the order of a sequential read).
 */
public final class JmxBatch implements AutoCloseable {
    /** Reads between two {@code queryNames} of the same pattern. */
    public static final int REQUERY_EVERY = 20;
    /** Threads of the daemon's pool: enough to overlap round trips, few enough for a 2-core host. */
    public static final int THREADS = 4;

    /** What one bean's read gave. */
    public sealed interface Result {
        /** The attributes it has of those asked, and when it answered ({@code nanoTime}). */
        record Read(Map<String, Object> attributes, long nanos) implements Result {
        }

        /** Not registered (not on this version, not yet, or gone). */
        record Missing() implements Result {
        }

        /** Registered but unreadable (or refused by a JMX access file). */
        record Failed(String reason) implements Result {
        }
    }

    /** One bean's read: its name and the attributes asked. */
    public record Ask(ObjectName name, String... attributes) {
    }

    private final ExecutorService pool;
    private final LongSupplier nanoTime;
    private final int requeryEvery;
    private final Map<ObjectName, Set<ObjectName>> names = new LinkedHashMap<>();
    private final Map<ObjectName, Integer> asked = new LinkedHashMap<>();
    private MBeanServerConnection namesOf;
    /** {@code getAttributes} calls made (each one round trip), for the harnesses. */
    private final java.util.concurrent.atomic.LongAdder calls = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param threads      pool size; 0 reads on the caller's thread
     * @param requeryEvery reads between two {@code queryNames} of one pattern (1 = every read)
     */
    public JmxBatch(int threads, int requeryEvery, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.requeryEvery = Math.max(1, requeryEvery);
        if (threads <= 0) {
            this.pool = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "broker-jmx-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** The daemon's: {@link #THREADS} threads, names asked again every {@link #REQUERY_EVERY} reads. */
    public static JmxBatch pooled(LongSupplier nanoTime) {
        return new JmxBatch(THREADS, REQUERY_EVERY, nanoTime);
    }

    /** Every call on the caller's thread and every pattern asked every time: the plain sequential read. */
    public static JmxBatch sequential(LongSupplier nanoTime) {
        return new JmxBatch(0, 1, nanoTime);
    }

    /**
     * Reads the asked attributes of every bean, side by side; the answers in the order asked.
     *
     * @throws IOException when the connection fails (the caller drops it)
     */
    public List<Result> read(MBeanServerConnection c, List<Ask> asks) throws IOException {
        List<Result> out = new ArrayList<>(asks.size());
        if (pool == null || asks.size() <= 1) {
            for (Ask a : asks) {
                out.add(one(c, a.name(), a.attributes()));
            }
            return out;
        }
        List<Future<Result>> futures = new ArrayList<>(asks.size());
        for (Ask a : asks) {
            futures.add(pool.submit(() -> one(c, a.name(), a.attributes())));
        }
        IOException failed = null;
        for (Future<Result> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    failed = failed == null ? io : failed;
                    out.add(new Result.Failed(io.toString()));
                } else if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                } else {
                    throw new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(x -> x.cancel(true));
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
        if (failed != null) {
            throw failed;
        }
        return out;
    }

    /** The broker JVM's {@code java.lang:type=Runtime} bean. */
    private static final ObjectName RUNTIME = runtime();

    /**
     * The broker JVM's start time ({@code java.lang:type=Runtime StartTime}, ms since the epoch): one call, which
     * tells a restarted broker (whose counters started again from zero) from the one a kept read came from; null
     * when it cannot be read (then nothing kept may start a window).
     */
    public Long brokerStart(MBeanServerConnection c) throws IOException {
        StartRead k = lastStart;
        long now = nanoTime.getAsLong();
        if (k != null && k.connection() == c && now - k.nanos() >= 0 && now - k.nanos() < START_KEPT_NANOS) {
            return k.value();
        }
        Long start = one(c, RUNTIME, new String[] {"StartTime"}) instanceof Result.Read r
                && r.attributes().get("StartTime") instanceof Number n ? n.longValue() : null;
        lastStart = start == null ? null : new StartRead(c, start, nanoTime.getAsLong());
        if (start != null) {
            lastKnownStart = start;
        }
        return start;
    }

    /**
     * How long a read of the broker's start time answers again over the same connection: 1 s and never past
     * {@link #newWindow}, so that the per-topic meters, the table and the workload beans, which each check it at
     * the start of one window, share one read (a window is at least 1 s, and each gathering begins a new one). A restarted broker cannot answer over the old
     * connection anyway (its RMI objects are gone with the old JVM; the call fails and the session reconnects).
     */
    static final long START_KEPT_NANOS = 1_000_000_000L;

    private record StartRead(MBeanServerConnection connection, Long value, long nanos) {
    }

    private volatile StartRead lastStart;
    private volatile Long lastKnownStart;

    /** The broker JVM's start time last read (kept across windows), null before one was read; no call. */
    public Long lastKnownStart() {
        return lastKnownStart;
    }

    /** A new gathering begins: its window reads the broker's start time afresh. */
    public void newWindow() {
        lastStart = null;
    }

    private static ObjectName runtime() {
        try {
            return new ObjectName("java.lang:type=Runtime");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One bean's read (a convenience over {@link #read(MBeanServerConnection, List)}). */
    public Result read(MBeanServerConnection c, ObjectName name, String... attributes) throws IOException {
        return one(c, name, attributes);
    }

    /** How many {@code getAttributes} calls (round trips) this batch made so far. */
    public long calls() {
        return calls.sum();
    }

    private Result one(MBeanServerConnection c, ObjectName n, String[] attributes) throws IOException {
        calls.increment();
        try {
            Map<String, Object> attrs = new LinkedHashMap<>();
            for (Attribute a : c.getAttributes(n, attributes).asList()) {
                attrs.put(a.getName(), a.getValue());
            }
            return new Result.Read(attrs, nanoTime.getAsLong());
        } catch (InstanceNotFoundException e) {
            return new Result.Missing();
        } catch (JMException | SecurityException e) {
            return new Result.Failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * The beans matching {@code pattern}, sorted: the kept answer while it is fresh, else asked.
     *
     * @throws SecurityException when the query is refused (a JMX access file); nothing is kept then
     */
    public synchronized Set<ObjectName> names(MBeanServerConnection c, ObjectName pattern) throws IOException {
        if (c != namesOf) {
            names.clear();
            asked.clear();
            namesOf = c;
        }
        int count = asked.merge(pattern, 1, Integer::sum);
        Set<ObjectName> kept = names.get(pattern);
        if (kept != null && (count - 1) % requeryEvery != 0) {
            return kept;
        }
        Set<ObjectName> found = java.util.Collections.unmodifiableSet(new TreeSet<>(c.queryNames(pattern, null)));
        names.put(pattern, found);
        asked.put(pattern, 1);
        return found;
    }

    /** A kept name of {@code pattern} answered not registered: ask again on the next read. */
    public synchronized void stale(ObjectName pattern) {
        names.remove(pattern);
        asked.remove(pattern);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
