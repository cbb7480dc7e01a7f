package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.DataDir;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Severity;
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
 */
public final class DiskFillRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.disk.fill";
    static final String WARN = "fillWarning";
    static final String CRIT = "fillCritical";

    /** One filesystem with the data dirs on it. */
    private record Fs(String key, List<String> dirs, Long total, Long usable, Long kafkaBytes, String error) {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "A data dir's filesystem above 70% full (usable vs total bytes) leaves no room for reassignment or "
                + "retention changes; a full disk takes the log dir offline.";
    }

    @Override
    public Set<Source> requires() {
        return Set.of(Source.HOST);
    }

    @Override
    public Map<String, Double> thresholds() {
        return Map.of(WARN, 0.7, CRIT, 0.85);
    }

    @Override
    public Set<Severity> severities() {
        return Set.of(Severity.WARNING, Severity.CRITICAL);
    }

    @Override
    public List<String> sources() {
        return List.of(Sources.KAFKA_OPS_DISKS, Sources.KAFKA_BROKER_CONFIGS, Sources.KAFKA_OPS_TIERED);
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double warn = thresholds.get(WARN, 0.7);
        double crit = thresholds.get(CRIT, 0.85);
        List<Fs> filesystems = filesystems(snapshot);
        if (filesystems.isEmpty()) {
            return List.of(new Outcome.Unknown("data dirs", "no data dirs known (neither log.dirs on the host nor "
                    + "describeLogDirs from the broker)"));
        }
        List<Fs> sized = filesystems.stream().filter(fs -> fs.total() != null && fs.usable() != null
                && fs.total() > 0).toList();
        long usableAll = sized.stream().mapToLong(fs -> Math.max(0, Math.min(fs.usable(), fs.total()))).sum();
        List<Outcome> out = new ArrayList<>();
        for (Fs fs : filesystems) {
            out.add(judge(snapshot, fs, warn, crit, sized.size(), usableAll));
        }
        return out;
    }

    /**
     * @param filesystems how many data-dir filesystems have a known size
     * @param usableAll   their usable bytes together: the broker's write rate is broker-wide (no per-dir rate is
     *                    measured), so the time to full is only stated for all of them at once
     */
    private Outcome judge(Snapshot snapshot, Fs fs, double warn, double crit, int filesystems, long usableAll) {
        String subject = String.join(", ", fs.dirs()) + (fs.key().startsWith("/") && !fs.dirs().contains(fs.key())
                ? " (mount " + fs.key() + ")" : "");
        if (fs.total() == null || fs.usable() == null || fs.total() <= 0) {
            return new Outcome.Unknown(subject, "filesystem size not known"
                    + (fs.error() == null ? "" : "; the broker reports: " + fs.error()));
        }
        long total = fs.total();
        long usable = Math.max(0, Math.min(fs.usable(), total));
        double fill = 1 - (double) usable / total;
        if (fill < warn) {
            return new Outcome.Pass(subject, Units.percent(fill) + " full (" + Units.bytes(usable) + " free of "
                    + Units.bytes(total) + ")");
        }
        Severity severity = fill >= crit ? Severity.CRITICAL : Severity.WARNING;
        long toFree = (long) Math.ceil((total - usable) - warn * total);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("dataDirs", String.join(",", fs.dirs()));
        evidence.put("totalBytes", String.valueOf(total));
        evidence.put("usableBytes", String.valueOf(usable));
        evidence.put("fill", Units.exact(fill));
        evidence.put("kafkaBytes", fs.kafkaBytes() == null ? "unknown" : String.valueOf(fs.kafkaBytes()));
        evidence.put("threshold.fillWarning", Units.exact(warn));
        BrokerFacts broker = snapshot.broker();
        Double in = broker.ok() ? broker.metrics().bytesInPerSec() : null;
        Double repl = broker.ok() ? broker.metrics().replicationBytesInPerSec() : null;
        StringBuilder why = new StringBuilder();
        why.append("The filesystem holding ").append(String.join(", ", fs.dirs())).append(" is ")
                .append(Units.percent(fill)).append(" full: ").append(Units.bytes(usable)).append(" free of ")
                .append(Units.bytes(total)).append(". ");
        if (fs.kafkaBytes() != null) {
            why.append("Kafka's partitions take ").append(Units.bytes(fs.kafkaBytes())).append(" of it. ");
        }
        if (in != null && repl != null && in + repl > 0) {
            double rate = in + repl;
            evidence.put("writeBytesPerSec", Units.exact(rate));
            evidence.put("allDataDirsUsableBytes", String.valueOf(usableAll));
            evidence.put("dataDirFilesystems", String.valueOf(filesystems));
            why.append("The broker writes ").append(Units.megabytesPerSec(rate)).append(" (clients plus ")
                    .append("replication) to all its data dirs together; ");
            if (filesystems > 1) {
                why.append("its ").append(filesystems).append(" data-dir filesystems have ")
                        .append(Units.bytes(usableAll)).append(" free in total, so without retention deleting ")
                        .append("anything the broker's disks would fill in about ")
                        .append(Units.trim(usableAll / rate / 3600)).append(" hours, assuming writes spread ")
                        .append("evenly over the dirs (no per-dir write rate is measured; a dir that takes more ")
                        .append("of the writes fills sooner). ");
            } else {
                why.append("without retention deleting anything the rest would fill in about ")
                        .append(Units.trim(usableAll / rate / 3600)).append(" hours. ");
            }
        }
        why.append("Above ").append(Units.percent(warn)).append(" there is no room for a partition ")
                .append("reassignment, a retention increase or a broker outage elsewhere moving leaders here, and a ")
                .append("write that finds the disk full fails with an IOException that takes the whole log dir ")
                .append("offline (its partitions go under-replicated or offline). To get back under ")
                .append(Units.percent(warn)).append(", free about ").append(Units.bytes(Math.max(0, toFree)))
                .append(": lower retention (retention.ms / retention.bytes on the largest topics), move partitions to ")
                .append("other brokers or dirs (kafka-reassign-partitions.sh), grow the volume, or tier old segments ")
                .append("to remote storage (broker.tiered-storage). Sources: ").append(String.join("; ", sources()))
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
        snapshot.host().dataDirs().forEach(d -> hostDirs.put(d.path(), d));
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
