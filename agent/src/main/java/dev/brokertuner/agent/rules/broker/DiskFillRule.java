package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.LogDirReads;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges how full each data dir's filesystem is: {@code 1 - usable / total}, from the host's view of the mount
 * ({@link DataDir}, statvfs) or, when the host did not size it, from the broker's {@code describeLogDirs}
 * ({@link LogDirUsage}). Above 70% full a broker has little room for a partition reassignment or a retention change,
 * and a full disk takes the log dir offline. One outcome per filesystem; the broker's bytes per data dir are evidence.
 * Works from host facts alone when the broker cannot be read (a full disk is a common reason a broker is down).
 * Usable bytes are statvfs {@code f_bavail} (reserved blocks excluded), as the broker's unprivileged user sees them.
 *
 * <p>Time to full comes from the <em>net</em> growth of the broker's {@code describeLogDirs} sizes across reads
 * ({@link Snapshot#earlier()}, one point per distinct read at the read's time, {@link LogDirReads}: the daemon reads
 * them every {@code broker.logDirsSeconds} and carries the last read between, and a carried copy is no point of its
 * own), never from the gross write rate: at steady retention the broker deletes about what it
 * writes, so net growth is about zero and there is no time to full. It is stated in a fill finding (and in a pass's
 * detail), never raised on its own: retention deletes whole segments at its check interval, so the daemon's short
 * window can show growth between two deletions on a host at steady state. The 70% / 85% thresholds are the product's
 * own heuristic.
 */
public final class DiskFillRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.disk.fill";
    static final String WARN = "fillWarning";
    static final String CRIT = "fillCritical";
    static final String MIN_TREND = "minTrendMinutes";
    static final String HEURISTIC = "broker-tuner's own heuristic (not from Kafka's docs): warning above 70% full "
            + "(fillWarning), critical above 85% (fillCritical); a growth trend needs three distinct describeLogDirs "
            + "reads spanning at least 5 minutes (minTrendMinutes): at the daemon's default 120 s between reads "
            + "(broker.logDirsSeconds) that is four reads, about 6 minutes after start (the 12 kept gatherings at "
            + "30 s then always hold four)";

    /** One filesystem with the data dirs on it. */
    record Fs(String key, List<String> dirs, Long total, Long usable, Long kafkaBytes, String error) {
    }

    static final RuleMeta META = new RuleMeta(ID,
            "A data dir's filesystem above 70% full (usable vs total bytes; the product's heuristic) leaves no room "
                    + "for reassignment or retention changes; a full disk takes the log dir offline. Time to full from "
                    + "the net growth of describeLogDirs sizes across distinct reads.",
            Set.of(Source.HOST, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_DISKS, Sources.KAFKA_BROKER_CONFIGS, Sources.KAFKA_OPS_TIERED, HEURISTIC),
            Map.of(WARN, 0.7, CRIT, 0.85, MIN_TREND, 5.0),
            Set.of(Severity.WARNING, Severity.CRITICAL));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double warn = thresholds.get(WARN, 0.7);
        double crit = thresholds.get(CRIT, 0.85);
        Duration minTrend = Duration.ofSeconds((long) (thresholds.get(MIN_TREND, 5.0) * 60));
        List<Outcome> out = new ArrayList<>();
        for (DataDir d : snapshot.host().dataDirs()) {
            if (Boolean.FALSE.equals(d.exists())) {
                out.add(new Outcome.Unknown(d.path(), d.path() + " does not exist (or is not a directory) on this "
                        + "host: not judged as any mount; see problems"));
            }
        }
        List<Fs> filesystems = filesystems(snapshot);
        if (filesystems.isEmpty() && out.isEmpty()) {
            return List.of(new Outcome.Unknown("data dirs", "no data dirs known (neither log.dirs on the host nor "
                    + "describeLogDirs from the broker)"));
        }
        for (Fs fs : filesystems) {
            out.add(judge(snapshot, fs, warn, crit, Trend.of(snapshot, fs, minTrend)));
        }
        return out;
    }

    /**
     * Net growth of the broker's bytes on one filesystem across distinct {@code describeLogDirs} reads.
     *
     * @param points      distinct reads with a size for these dirs (this gathering's included), one per read
     * @param span        from the oldest of them to the newest, at the reads' times
     * @param netBytes    bytes now minus bytes at the oldest
     * @param deletionSeen true when the size went down between two reads: retention (or a move) deleted data
     * @param enough      true when at least three points span at least the minimum: only then is a rate stated
     */
    record Trend(int points, Duration span, long netBytes, boolean deletionSeen, boolean enough) {
        static Trend of(Snapshot snapshot, Fs fs, Duration minimum) {
            if (LogDirReads.pointAt(snapshot) == null || fs.kafkaBytes() == null) {
                return new Trend(fs.kafkaBytes() == null ? 0 : 1, Duration.ZERO, 0, false, false);
            }
            List<Instant> times = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            List<Snapshot> reads = LogDirReads.distinct(snapshot);
            times.add(LogDirReads.pointAt(snapshot));
            sizes.add(fs.kafkaBytes());
            for (Snapshot e : reads.subList(1, reads.size())) {
                Instant at = LogDirReads.pointAt(e);
                if (at == null) {
                    continue;
                }
                filesystems(e).stream().filter(o -> o.key().equals(fs.key()) && o.dirs().equals(fs.dirs())
                        && o.kafkaBytes() != null).findFirst().ifPresent(o -> {
                            times.add(at);
                            sizes.add(o.kafkaBytes());
                        });
            }
            boolean deletion = false;
            for (int i = 0; i + 1 < sizes.size(); i++) {
                // newest first: a later size below the one before it is a deletion
                if (sizes.get(i) < sizes.get(i + 1)) {
                    deletion = true;
                }
            }
            int last = sizes.size() - 1;
            Duration span = Duration.between(times.get(last), times.get(0));
            boolean enough = sizes.size() >= 3 && span.compareTo(minimum) >= 0 && !span.isZero();
            return new Trend(sizes.size(), span, sizes.get(0) - sizes.get(last), deletion, enough);
        }

        double bytesPerSec() {
            return span.isZero() ? 0 : netBytes / (span.toMillis() / 1000.0);
        }

        String minutes() {
            return Units.trim(span.toMillis() / 60000.0) + " min";
        }
    }

    /** No trend from a single window. */
    static final String NO_TREND_SINGLE = "No growth trend: one describeLogDirs read (inspect is a single window; "
            + "the agent daemon measures net growth across its reads). ";
    /** Arguments: distinct reads, their span. */
    static final String NO_TREND_YET = "No growth trend yet: %d describeLogDirs reads over %s (too few). ";
    /** Arguments: span, distinct reads, net growth. */
    static final String TREND_FLAT = "Over the last %s (%d describeLogDirs reads, growth over the span between the "
            + "oldest and the newest read) the broker's data here did not grow (net %s): retention deletes about "
            + "what is written, so there is no time to full. ";
    /** Arguments: span, distinct reads, net growth, rate, hours, deletion words. */
    static final String TREND_GROWS = "Over the last %s (%d describeLogDirs reads, growth over the span between the "
            + "oldest and the newest read) the broker's data here grew by %s net (%s): at that rate the free space "
            + "lasts about %s hours. %s";
    static final String DELETION_SEEN = "Retention deleted data between these reads, yet the total still grew. ";
    static final String NO_DELETION = "No deletion was seen between these reads; retention deletes whole segments at "
            + "its check interval (log.retention.check.interval.ms, 5 minutes by default), so a short span can "
            + "overstate the growth of a host at steady state: treat this as an upper bound. ";

    /** The trend in words, for rationales and pass details. */
    private static String trendText(Trend t, long usable, Map<String, String> evidence) {
        if (!t.enough()) {
            evidence.put("trend", "none");
            return t.points() <= 1 ? NO_TREND_SINGLE : NO_TREND_YET.formatted(t.points(), t.minutes());
        }
        evidence.put("trend.reads", String.valueOf(t.points()));
        evidence.put("trend.minutes", Units.exact(t.span().toMillis() / 60000.0));
        evidence.put("trend.netBytes", String.valueOf(t.netBytes()));
        evidence.put("trend.deletionSeen", String.valueOf(t.deletionSeen()));
        if (t.netBytes() <= 0) {
            evidence.put("hoursToFull", "none");
            return TREND_FLAT.formatted(t.minutes(), t.points(), Units.bytes(t.netBytes()));
        }
        double hours = usable / t.bytesPerSec() / 3600;
        evidence.put("netGrowthBytesPerSec", Units.exact(t.bytesPerSec()));
        evidence.put("hoursToFull", Units.exact(hours));
        return TREND_GROWS.formatted(t.minutes(), t.points(), Units.bytes(t.netBytes()),
                Units.megabytesPerSec(t.bytesPerSec()), Units.trim(hours),
                t.deletionSeen() ? DELETION_SEEN : NO_DELETION);
    }

    private Outcome judge(Snapshot snapshot, Fs fs, double warn, double crit, Trend trend) {
        String subject = String.join(", ", fs.dirs()) + (fs.key().startsWith("/") && !fs.dirs().contains(fs.key())
                ? " (mount " + fs.key() + ")" : "");
        if (fs.total() == null || fs.usable() == null || fs.total() <= 0) {
            return new Outcome.Unknown(subject, "filesystem size not known"
                    + (fs.error() == null ? "" : "; the broker reports: " + fs.error()));
        }
        long total = fs.total();
        long usable = Math.max(0, Math.min(fs.usable(), total));
        double fill = 1 - (double) usable / total;
        Map<String, String> evidence = new LinkedHashMap<>();
        if (fill < warn) {
            String trendWords = trendText(trend, usable, evidence);
            return new Outcome.Pass(subject, Units.percent(fill) + " full (" + Units.bytes(usable) + " free of "
                    + Units.bytes(total) + ")" + (trend.enough() ? "; " + trendWords.trim() : ""));
        }
        Severity severity = fill >= crit ? Severity.CRITICAL : Severity.WARNING;
        long toFree = (long) Math.ceil((total - usable) - warn * total);
        evidence.put("dataDirs", String.join(",", fs.dirs()));
        evidence.put("totalBytes", String.valueOf(total));
        evidence.put("usableBytes", String.valueOf(usable));
        evidence.put("fill", Units.exact(fill));
        evidence.put("kafkaBytes", fs.kafkaBytes() == null ? "unknown" : String.valueOf(fs.kafkaBytes()));
        evidence.put("threshold.fillWarning", Units.exact(warn));
        evidence.put("threshold.fillCritical", Units.exact(crit));
        BrokerFacts broker = snapshot.broker();
        StringBuilder why = new StringBuilder();
        why.append("The filesystem holding ").append(String.join(", ", fs.dirs())).append(" is ")
                .append(Units.percent(fill)).append(" full: ").append(Units.bytes(usable)).append(" free of ")
                .append(Units.bytes(total)).append(" (free as the broker's user sees it: blocks reserved for root ")
                .append("count as used). ");
        if (fs.kafkaBytes() != null) {
            why.append("Kafka's partitions take ").append(Units.bytes(fs.kafkaBytes())).append(" of it. ");
        }
        why.append(trendText(trend, usable, evidence));
        why.append("Above ").append(Units.percent(warn)).append(" (broker-tuner's own heuristic, as is ")
                .append(Units.percent(crit)).append(" for critical) there is no room for a partition ")
                .append("reassignment, a retention increase or a broker outage elsewhere moving leaders here, and a ")
                .append("write that finds the disk full fails with an IOException that takes the whole log dir ")
                .append("offline (its partitions go under-replicated or offline). To get back under ")
                .append(Units.percent(warn)).append(", free about ").append(Units.bytes(Math.max(0, toFree)))
                .append(": lower retention (retention.ms / retention.bytes on the largest topics), move partitions to ")
                .append("other brokers or dirs (kafka-reassign-partitions.sh), grow the volume, or tier old segments ")
                .append("to remote storage (broker.tiered-storage). Sources: ")
                .append(String.join("; ", Sources.KAFKA_OPS_DISKS, Sources.KAFKA_BROKER_CONFIGS,
                        Sources.KAFKA_OPS_TIERED))
                .append('.');
        List<String> apply = new ArrayList<>();
        apply.add(Shell.comment("find the largest topics here: " + Cmd.of("kafka-log-dirs.sh", "--bootstrap-server",
                BrokerConfigs.bootstrap(broker), "--describe", "--broker-list", BrokerConfigs.nodeId(broker)).line()));
        apply.add(Shell.comment("then lower retention on them, e.g.: " + BrokerConfigs.alterTopic(broker, "<topic>",
                "retention.ms=<ms>")));
        apply.add(Shell.comment("or move partitions away: " + Cmd.of("kafka-reassign-partitions.sh",
                "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--reassignment-json-file", "<plan.json>",
                "--execute", "--throttle", "<bytes/s>").line()));
        return new Outcome.Recommend(new Finding(ID, severity, subject, Units.percent(fill) + " full",
                "below " + Units.percent(warn) + " (free " + Units.bytes(Math.max(0, toFree)) + ")",
                why.toString(), evidence, BrokerConfigs.withCommandConfigNote(apply)));
    }

    /** Data dirs grouped by filesystem, host view first, broker view where the host has none. */
    private static List<Fs> filesystems(Snapshot snapshot) {
        Map<String, DataDir> hostDirs = new LinkedHashMap<>();
        snapshot.host().dataDirs().stream().filter(d -> !Boolean.FALSE.equals(d.exists()))
                .forEach(d -> hostDirs.put(d.path(), d));
        List<LogDirUsage> usage = snapshot.broker().ok() ? snapshot.broker().logDirs() : List.of();
        Map<String, LogDirUsage> brokerDirs = new LinkedHashMap<>();
        usage.forEach(u -> brokerDirs.put(u.path(), u));
        List<String> paths = new ArrayList<>(hostDirs.keySet());
        brokerDirs.keySet().stream().filter(p -> !hostDirs.containsKey(p)).forEach(paths::add);

        Map<String, List<String>> dirsByFs = new LinkedHashMap<>();
        Map<String, Long[]> sizeByFs = new LinkedHashMap<>();
        Map<String, Long> kafkaByFs = new LinkedHashMap<>();
        Map<String, String> errorByFs = new LinkedHashMap<>();
        for (String path : paths) {
            DataDir d = hostDirs.get(path);
            LogDirUsage u = brokerDirs.get(path);
            String key = d != null && d.mountPoint() != null ? d.mountPoint() : path;
            Long total = d != null && d.totalBytes() != null ? d.totalBytes() : u == null ? null : u.totalBytes();
            Long usable = d != null && d.usableBytes() != null ? d.usableBytes() : u == null ? null : u.usableBytes();
            dirsByFs.computeIfAbsent(key, k -> new ArrayList<>()).add(path);
            Long[] size = sizeByFs.computeIfAbsent(key, k -> new Long[2]);
            if (size[0] == null && total != null && usable != null) {
                size[0] = total;
                size[1] = usable;
            }
            if (u != null && u.bytes() != null) {
                kafkaByFs.merge(key, u.bytes(), Long::sum);
            }
            if (u != null && u.error() != null) {
                errorByFs.putIfAbsent(key, u.error());
            }
        }
        List<Fs> out = new ArrayList<>();
        dirsByFs.forEach((key, dirs) -> {
            Long[] size = sizeByFs.get(key);
            out.add(new Fs(key, dirs, size[0], size[1], kafkaByFs.get(key), errorByFs.get(key)));
        });
        return out;
    }
}
