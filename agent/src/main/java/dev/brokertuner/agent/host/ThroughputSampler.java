package dev.brokertuner.agent.host;

import dev.brokertuner.report.Problem;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code diskstats} and {@code net/dev} twice, a window apart, and turns the counter deltas into rates: bytes/s
 * (sectors are 512 bytes in diskstats whatever the device's block size), the busy fraction, IOPS, await and average
 * queue size of each disk (see {@link DiskStats}).
 * A counter that went backwards (device re-created, counter wrap) gives no rate rather than a negative one.
 */
public final class ThroughputSampler {
    private static final long SECTOR = 512;
    private final HostFiles files;
    private final Sleeper sleeper;

    public ThroughputSampler(HostFiles files, Sleeper sleeper) {
        this.files = files;
        this.sleeper = sleeper;
    }

    /** Samples over the window; an unreadable counter file leaves its side empty with a problem. */
    public Throughput sample(int seconds, List<Problem> problems) {
        if (seconds <= 0) {
            return Throughput.none();
        }
        Map<String, DiskStats.Counters> disk0 = diskstats(problems);
        Map<String, NetDev.Counters> net0 = netdev(problems);
        if (disk0 == null && net0 == null) {
            return Throughput.none();
        }
        long elapsedNanos;
        try {
            elapsedNanos = sleeper.sleep(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(new Problem("sampler", "throughput sample interrupted"));
            return Throughput.none();
        }
        double secs = Math.max(elapsedNanos, 1) / 1e9;
        Map<String, Throughput.DiskRate> disks = new HashMap<>();
        Map<String, Throughput.NicRate> nics = new HashMap<>();
        Map<String, DiskStats.Counters> disk1 = disk0 == null ? null : diskstats(problems);
        Map<String, NetDev.Counters> net1 = net0 == null ? null : netdev(problems);
        if (disk0 != null && disk1 != null) {
            disk1.forEach((name, after) -> {
                DiskStats.Counters before = disk0.get(name);
                if (before != null && after.notBefore(before)) {
                    disks.put(name, diskRate(before, after, secs));
                }
            });
        }
        if (net0 != null && net1 != null) {
            net1.forEach((name, after) -> {
                NetDev.Counters before = net0.get(name);
                if (before == null || after.rxBytes() < before.rxBytes() || after.txBytes() < before.txBytes()) {
                    return;
                }
                nics.put(name, new Throughput.NicRate((after.rxBytes() - before.rxBytes()) / secs,
                        (after.txBytes() - before.txBytes()) / secs));
            });
        }
        return new Throughput(disks, nics);
    }

    /** iostat's arithmetic: per-second deltas, await = ms spent / I/Os completed, aqu-sz = weighted ms / window. */
    static Throughput.DiskRate diskRate(DiskStats.Counters before, DiskStats.Counters after, double secs) {
        double windowMillis = secs * 1000.0;
        long reads = after.readsCompleted() - before.readsCompleted();
        long writes = after.writesCompleted() - before.writesCompleted();
        return new Throughput.DiskRate((after.sectorsRead() - before.sectorsRead()) * SECTOR / secs,
                (after.sectorsWritten() - before.sectorsWritten()) * SECTOR / secs,
                Math.min(1.0, (after.busyMillis() - before.busyMillis()) / windowMillis),
                reads / secs, writes / secs,
                reads > 0 ? (double) (after.readMillis() - before.readMillis()) / reads : null,
                writes > 0 ? (double) (after.writeMillis() - before.writeMillis()) / writes : null,
                (after.weightedMillis() - before.weightedMillis()) / windowMillis);
    }

    private Map<String, DiskStats.Counters> diskstats(List<Problem> problems) {
        Read r = files.proc("diskstats");
        if (r.textOrNull() == null) {
            problems.add(new Problem("procfs:diskstats", "disk throughput unknown: " + r.why()));
            return null;
        }
        return DiskStats.parse(r.textOrNull());
    }

    private Map<String, NetDev.Counters> netdev(List<Problem> problems) {
        Read r = files.proc("net/dev");
        if (r.textOrNull() == null) {
            problems.add(new Problem("procfs:net/dev", "network throughput unknown: " + r.why()));
            return null;
        }
        return NetDev.parse(r.textOrNull());
    }
}
