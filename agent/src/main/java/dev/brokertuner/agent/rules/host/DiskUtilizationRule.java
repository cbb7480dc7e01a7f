package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Disk;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges whether the disks under the data dirs (or every disk when none is mapped) were saturated over the sample
 * window, from {@code <procfs>/diskstats} deltas. Two kinds of device, two signals:
 * <ul>
 *   <li>A rotational disk serves one request at a time, so its busy time ({@code io_ticks}) is its saturation: above
 *   80% busy, requests queue.</li>
 *   <li>A device that serves requests in parallel (non-rotational, NVMe, md, device-mapper, virtio or Xen virtual
 *   disks) can be busy 100% of the
 *   time and far from its limit (iostat(1) says so of {@code %util}). It is judged by latency and queue depth: mean
 *   milliseconds per I/O ({@code await}) above 10 ms with more than 4 requests in flight on average.</li>
 * </ul>
 * All these thresholds are the product's own heuristic. When the broker's Produce {@code LocalTimeMs} p99 is read,
 * the advice is tied to it: a saturated disk while produce local time stays low is information, not a warning.
 */
public final class DiskUtilizationRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.disk.utilization";
    static final String MAX = "max";
    static final String AWAIT_MS = "awaitMs";
    static final String QUEUE = "queueSize";
    static final String MIN_IOPS = "minIops";
    static final String PRODUCE_LOCAL_MS = "produceLocalTimeP99Ms";
    static final String HEURISTIC = "broker-tuner's own heuristic (not from Kafka's docs): a rotational disk is "
            + "saturated above 80% busy (max); a device that serves requests in parallel (non-rotational, NVMe, md, "
            + "dm, virtio/Xen virtual disks) is saturated when its mean time per I/O is above 10 ms (awaitMs) with "
            + "more than 4 requests in flight on average (queueSize) and at least 10 I/Os per second (minIops); while "
            + "the broker's Produce LocalTimeMs p99 stays under 50 ms (produceLocalTimeP99Ms) the finding is info";

    static final RuleMeta META = new RuleMeta(ID,
            "Disks under data dirs should not be saturated over the sample window: rotational disks judged by busy "
                    + "time (80%), NVMe/SSD/md/dm/virtual disks by await and queue depth (10 ms, 4 in flight); "
                    + "thresholds are the product's heuristic.",
            Set.of(Source.HOST, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_DISKS, Sources.IOSTAT, Sources.KERNEL_IOSTATS, HEURISTIC),
            Map.of(MAX, 0.8, AWAIT_MS, 10.0, QUEUE, 4.0, MIN_IOPS, 10.0, PRODUCE_LOCAL_MS, 50.0),
            Set.of(Severity.INFO, Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    /** The thresholds of one evaluation. */
    private record Limits(double maxBusy, double awaitMs, double queue, double minIops, double produceLocalMs) {
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        Limits limits = new Limits(thresholds.get(MAX, 0.8), thresholds.get(AWAIT_MS, 10.0),
                thresholds.get(QUEUE, 4.0), thresholds.get(MIN_IOPS, 10.0), thresholds.get(PRODUCE_LOCAL_MS, 50.0));
        HostFacts host = snapshot.host();
        if (host.sampleSeconds() <= 0) {
            return List.of(new Outcome.Unknown("disks", "throughput not sampled (--sample-seconds 0)"));
        }
        Set<String> dataDevices = new LinkedHashSet<>();
        for (DataDir d : host.dataDirs()) {
            dataDevices.addAll(d.devices());
        }
        List<Disk> disks = host.disks().stream()
                .filter(d -> dataDevices.isEmpty() || dataDevices.contains(d.name())).toList();
        Double produceLocal = snapshot.broker().ok() && snapshot.broker().metrics() != null
                ? snapshot.broker().metrics().produceLocalTimeMsP99() : null;
        List<Outcome> out = new ArrayList<>();
        for (Disk disk : disks) {
            String subject = "disk " + disk.name();
            if (disk.utilization() == null) {
                if (!dataDevices.isEmpty()) {
                    out.add(new Outcome.Unknown(subject, "utilization not sampled for " + disk.name()));
                }
                continue;
            }
            out.add(servesInParallel(disk) ? parallel(snapshot, disk, subject, limits, produceLocal)
                    : rotational(snapshot, disk, subject, limits, produceLocal));
        }
        if (out.isEmpty()) {
            out.add(new Outcome.Unknown("disks", "no disk utilization sampled"));
        }
        return out;
    }

    /**
     * True for a device that serves requests in parallel, where busy time is not saturation: non-rotational
     * ({@code queue/rotational} 0), NVMe, stacked (md, device-mapper), whose members work in parallel, or a virtual
     * disk ({@code vd*} virtio-blk, {@code xvd*} Xen), whose driver reports rotational whatever backs it (a cloud
     * volume serves requests in parallel). Any other disk, rotational or not known, is judged by busy time.
     */
    static boolean servesInParallel(Disk disk) {
        String n = disk.name();
        return Boolean.FALSE.equals(disk.rotational()) || n.startsWith("nvme") || n.startsWith("md")
                || n.startsWith("dm-") || n.matches("x?vd[a-z]+");
    }

    /** Mean milliseconds per I/O over reads and writes together, null when none completed. */
    static Double awaitMs(Disk disk) {
        double r = disk.readIops() == null ? 0 : disk.readIops();
        double w = disk.writeIops() == null ? 0 : disk.writeIops();
        if (r + w <= 0) {
            return null;
        }
        double rt = disk.readAwaitMs() == null ? 0 : disk.readAwaitMs() * r;
        double wt = disk.writeAwaitMs() == null ? 0 : disk.writeAwaitMs() * w;
        return (rt + wt) / (r + w);
    }

    private Outcome rotational(Snapshot snapshot, Disk disk, String subject, Limits limits, Double produceLocal) {
        double u = disk.utilization();
        if (u <= limits.maxBusy()) {
            return new Outcome.Pass(subject, Units.percent(u) + " busy (rotational: judged by busy time)");
        }
        HostFacts host = snapshot.host();
        Map<String, String> evidence = evidence(host, disk);
        evidence.put("threshold.max", Units.percent(limits.maxBusy()));
        StringBuilder why = new StringBuilder();
        why.append(disk.name()).append(" is ").append(rotationalWord(disk)).append(" and was busy ")
                .append(Units.percent(u)).append(" of a ").append(host.sampleSeconds()).append(" s sample (reads ")
                .append(mb(disk.readBytesPerSec())).append(", writes ").append(mb(disk.writeBytesPerSec()))
                .append(awaitText(disk)).append("). A rotational disk serves one request at a time, so busy time ")
                .append("is its saturation: near it, requests wait in the disk queue. On a spinning disk, reads ")
                .append("from lagging consumers also turn sequential I/O into seeks. The ")
                .append(Units.percent(limits.maxBusy())).append(" threshold is broker-tuner's own heuristic. ");
        return finding(snapshot, disk, subject, evidence, why, produceLocal, limits,
                Units.percent(u) + " busy", "<= " + Units.percent(limits.maxBusy()) + " busy");
    }

    private Outcome parallel(Snapshot snapshot, Disk disk, String subject, Limits limits, Double produceLocal) {
        Double await = awaitMs(disk);
        double iops = nz(disk.readIops()) + nz(disk.writeIops());
        Double queue = disk.avgQueueSize();
        String busy = Units.percent(disk.utilization()) + " busy by io_ticks";
        if (await == null || queue == null || disk.readIops() == null) {
            return new Outcome.Pass(subject, busy + "; " + disk.name() + " serves requests in parallel, so busy time "
                    + "is not saturation, and no I/O completed to measure await");
        }
        boolean saturated = iops >= limits.minIops() && await > limits.awaitMs() && queue > limits.queue();
        String state = "await " + ms(await) + ", " + Units.trim(queue) + " in flight, " + Units.trim(iops) + " IOPS";
        if (!saturated) {
            return new Outcome.Pass(subject, state + " (" + busy + ": " + disk.name() + " serves requests in "
                    + "parallel, so busy time is not saturation; judged by await and queue depth)");
        }
        HostFacts host = snapshot.host();
        Map<String, String> evidence = evidence(host, disk);
        evidence.put("awaitMs", Units.exact(await));
        evidence.put("threshold.awaitMs", Units.exact(limits.awaitMs()));
        evidence.put("threshold.queueSize", Units.exact(limits.queue()));
        evidence.put("threshold.minIops", Units.exact(limits.minIops()));
        StringBuilder why = new StringBuilder();
        why.append(disk.name()).append(" serves requests in parallel (").append(kind(disk)).append("), so its busy ")
                .append("time (").append(busy).append(") says nothing about saturation (iostat(1)); its latency ")
                .append("does: over a ").append(host.sampleSeconds()).append(" s sample each I/O took ")
                .append(ms(await)).append(" on average (reads ").append(ms(disk.readAwaitMs())).append(", writes ")
                .append(ms(disk.writeAwaitMs())).append(") with ").append(Units.trim(queue))
                .append(" requests in flight on average at ").append(Units.trim(iops)).append(" IOPS (reads ")
                .append(mb(disk.readBytesPerSec())).append(", writes ").append(mb(disk.writeBytesPerSec()))
                .append("). A standing queue with multi-millisecond await means requests wait for the device, or ")
                .append("for a cloud volume's provisioned IOPS or throughput. The thresholds (await above ")
                .append(ms(limits.awaitMs())).append(" with more than ").append(Units.trim(limits.queue()))
                .append(" in flight) are broker-tuner's own heuristic. ");
        return finding(snapshot, disk, subject, evidence, why, produceLocal, limits, state,
                "await <= " + ms(limits.awaitMs()) + " or <= " + Units.trim(limits.queue()) + " in flight");
    }

    private Outcome finding(Snapshot snapshot, Disk disk, String subject, Map<String, String> evidence,
                            StringBuilder why, Double produceLocal, Limits limits, String current,
                            String recommended) {
        Severity severity = Severity.WARNING;
        evidence.put("threshold.produceLocalTimeP99Ms", Units.exact(limits.produceLocalMs()));
        if (produceLocal != null) {
            evidence.put("broker.produceLocalTimeMsP99", Units.exact(produceLocal));
            if (produceLocal < limits.produceLocalMs()) {
                severity = Severity.INFO;
                why.append("The broker's Produce LocalTimeMs p99 is ").append(ms(produceLocal))
                        .append(", under the ").append(ms(limits.produceLocalMs())).append(" this rule takes as felt ")
                        .append("by producers (heuristic): the disk is near its limit but appends do not wait on it ")
                        .append("yet, so this is information, worth watching as traffic grows. ");
            } else {
                why.append("The broker's Produce LocalTimeMs p99 is ").append(ms(produceLocal))
                        .append(": appends on this broker are waiting on local I/O, which is what LocalTimeMs ")
                        .append("measures (Kafka's own XFS-versus-ext4 comparison is in this metric). ");
            }
        } else {
            evidence.put("broker.produceLocalTimeMsP99", "unknown");
            why.append("The broker's Produce LocalTimeMs p99 was not read, so whether appends wait on this disk is ")
                    .append("not known; check it (kafka.network:type=RequestMetrics,name=LocalTimeMs,")
                    .append("request=Produce). ");
        }
        why.append("A single short sample can catch a burst: confirm it is sustained before acting. Kafka's ")
                .append("documentation names disk throughput as the usual bottleneck and asks to keep other I/O (OS, ")
                .append("application logs) off Kafka's disks; spread load across more disks (more log.dirs, or move ")
                .append("partitions). Sources: ").append(Sources.KAFKA_OPS_DISKS).append("; ").append(Sources.IOSTAT)
                .append('.');
        List<String> apply = new ArrayList<>();
        if (KernelNames.isBlockDeviceName(disk.name())) {
            apply.add(Cmd.of("iostat", "-x", "5", disk.name())
                    .comment("is it sustained? watch r_await, w_await and aqu-sz").line());
        }
        apply.add(Shell.comment("if sustained: add disks to log.dirs or move partitions away with "
                + "kafka-reassign-partitions.sh"));
        return new Outcome.Recommend(new Finding(ID, severity, subject, current, recommended, why.toString(),
                evidence, apply));
    }

    private static Map<String, String> evidence(HostFacts host, Disk disk) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("disk", disk.name());
        evidence.put("rotational", String.valueOf(disk.rotational()));
        evidence.put("utilization", Units.trim(disk.utilization() * 100) + "%");
        evidence.put("readBytesPerSec", String.valueOf(disk.readBytesPerSec()));
        evidence.put("writeBytesPerSec", String.valueOf(disk.writeBytesPerSec()));
        evidence.put("readIops", String.valueOf(disk.readIops()));
        evidence.put("writeIops", String.valueOf(disk.writeIops()));
        evidence.put("readAwaitMs", String.valueOf(disk.readAwaitMs()));
        evidence.put("writeAwaitMs", String.valueOf(disk.writeAwaitMs()));
        evidence.put("avgQueueSize", String.valueOf(disk.avgQueueSize()));
        evidence.put("scheduler", String.valueOf(disk.scheduler()));
        evidence.put("sampleSeconds", String.valueOf(host.sampleSeconds()));
        return evidence;
    }

    private static String kind(Disk disk) {
        String n = disk.name();
        if (n.startsWith("md")) {
            return "an md array";
        }
        if (n.startsWith("dm-")) {
            return "a device-mapper volume";
        }
        if (n.startsWith("nvme")) {
            return "NVMe";
        }
        if (n.matches("x?vd[a-z]+")) {
            return "a virtual disk, whose rotational flag says nothing of the volume behind it";
        }
        return "non-rotational";
    }

    private static String rotationalWord(Disk disk) {
        return Boolean.TRUE.equals(disk.rotational()) ? "rotational" : "not known to be non-rotational";
    }

    private static String awaitText(Disk disk) {
        Double await = awaitMs(disk);
        return await == null ? "" : ", await " + ms(await);
    }

    private static double nz(Double v) {
        return v == null ? 0 : v;
    }

    private static String ms(Double v) {
        return v == null ? "n/a" : Units.exact(v) + " ms";
    }

    private static String mb(Double v) {
        return v == null ? "unknown" : Units.megabytesPerSec(v);
    }
}
