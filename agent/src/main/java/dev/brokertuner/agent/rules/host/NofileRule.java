package dev.brokertuner.agent.rules.host;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.broker.LogSegments;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Judges open-file limits: the broker process's soft {@code Max open files} (from {@code <procfs>/PID/limits}) against
 * Kafka's starting point of 100000, against the files it has open ({@code <procfs>/PID/fd}) and, with the broker's
 * partition count, log dir sizes and {@code log.segment.bytes}, against its estimated log segments plus headroom
 * ({@link LogSegments}); and the system-wide {@code fs.file-max}. Each segment holds its log file open, and every
 * connection a socket.
 */
public final class NofileRule implements Rule, RuleDocs.Documented {
    public static final String ID = "host.nofile";
    static final String MIN = "min";
    static final String USE_WARN = "useRatioWarning";
    static final String USE_CRIT = "useRatioCritical";
    static final String HEADROOM = "headroom";

    static final RuleMeta META = new RuleMeta(ID, "The broker process's open-files limit should be at least 100000 "
            + "and well above its open files and its log segments plus headroom (exact with the broker read); "
            + "fs.file-max too.", Set.of(Source.HOST), List.of(Sources.KAFKA_OPS_OS, Sources.CP_ANSIBLE,
                    "broker-tuner's own heuristics, not from Kafka's documentation: the warning (useRatioWarning, 70%) "
                            + "and critical (useRatioCritical, 90%) shares of the limit in use and the headroom over "
                            + "the estimated segments (50%); the 100000 minimum is Kafka's"),
            Map.of(MIN, 100000.0, USE_WARN, 0.7, USE_CRIT, 0.9, HEADROOM, 0.5),
            Set.of(Severity.WARNING, Severity.CRITICAL));

    /**
     * The subject of the broker process's limit: the same across broker restarts (no PID), so Prometheus series and
     * the collector's grouping follow the broker, not one run of it; the PID is evidence.
     */
    static final String PROCESS_SUBJECT = "broker process";

    /** The process limit's rationale; arguments: the open-files sentence, the segments sentence, the sources. */
    static final String WHY_PROCESS = """
            The broker holds a file descriptor for every log segment and one socket per client and replica \
            connection; past its limit it fails with "Too many open files", which takes log dirs offline or stops \
            the broker. Kafka's documentation: the broker needs at least partitions x partition size / segment \
            size descriptors for its segments, plus its connections, and 100000 allowed file descriptors is a \
            starting point (Confluent's packaging uses 102400). %s%sSources: %s.""";
    static final String OPEN_NOW = "It has %d open now (%s of %d). ";
    static final String SEGMENTS = "%s With %s headroom, rounded up: %d. ";
    static final String NO_PARTITIONS = "The broker's partition count was not read, so its segments are not counted. ";

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        long min = (long) META.threshold(thresholds, MIN);
        double useWarn = META.threshold(thresholds, USE_WARN);
        double useCrit = META.threshold(thresholds, USE_CRIT);
        List<Outcome> out = new ArrayList<>();
        out.add(process(snapshot, min, useWarn, useCrit, META.threshold(thresholds, HEADROOM)));
        out.add(fileMax(snapshot, min));
        return out;
    }

    private Outcome process(Snapshot snapshot, long min, double useWarn, double useCrit, double headroom) {
        BrokerProcess p = snapshot.broker().process();
        if (p == null) {
            return new Outcome.Unknown(PROCESS_SUBJECT, "no broker process known ("
                    + snapshot.broker().status().wire()
                    + (snapshot.broker().reason() == null ? "" : ": " + snapshot.broker().reason()) + ")");
        }
        String subject = PROCESS_SUBJECT;
        if (p.openFilesLimit() == null) {
            return new Outcome.Unknown(subject, "open-files limit of pid " + p.pid() + " not readable");
        }
        long limit = p.openFilesLimit();
        Long open = p.openFiles();
        Optional<LogSegments> segments = LogSegments.of(snapshot.broker());
        double use = open == null || limit <= 0 ? 0 : (double) open / limit;
        long fromUse = open == null ? 0 : roundUp((long) Math.ceil(open / useWarn));
        long segmentNeed = segments.map(LogSegments::segments).orElse(0L);
        long fromSegments = segments.isEmpty() ? 0 : roundUp((long) Math.ceil(segmentNeed * (1 + headroom)));
        long recommended = Math.max(min, Math.max(fromUse, fromSegments));
        Severity severity;
        if (use >= useCrit || segmentNeed > limit) {
            severity = Severity.CRITICAL;
        } else if (limit < min || use >= useWarn || fromSegments > limit) {
            severity = Severity.WARNING;
        } else {
            return new Outcome.Pass(subject, "open files limit " + limit + (open == null ? "" : ", " + open + " open")
                    + (segments.isEmpty() ? "" : ", about " + segmentNeed + " log segments"));
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("pid", String.valueOf(p.pid()));
        evidence.put("user", String.valueOf(p.user()));
        evidence.put("openFilesLimit", String.valueOf(limit));
        evidence.put("openFiles", open == null ? "unknown" : String.valueOf(open));
        segments.ifPresent(s -> {
            evidence.put("broker.partitionCount", String.valueOf(s.partitions()));
            evidence.put("log.segment.bytes", s.segmentBytesText());
            if (s.dataBytes() != null) {
                evidence.put("broker.logDirBytes", String.valueOf(s.dataBytes()));
            }
            evidence.put("estimatedSegments", String.valueOf(s.segments()));
        });
        evidence.put("threshold.min", String.valueOf(min));
        String why = WHY_PROCESS.formatted(
                open == null ? "" : OPEN_NOW.formatted(open, Units.percent(use), limit),
                segments.map(sg -> SEGMENTS.formatted(sg.explanation(), Units.percent(headroom), fromSegments))
                        .orElse(snapshot.broker().ok() ? NO_PARTITIONS : ""),
                Sources.KAFKA_OPS_OS + "; " + Sources.CP_ANSIBLE);
        String dropIn = "/etc/systemd/system/kafka.service.d/60-nofile.conf";
        List<String> apply = List.of(
                Shell.comment("systemd (replace kafka.service with the broker's unit):"),
                Cmd.of("mkdir", "-p", "/etc/systemd/system/kafka.service.d").line(),
                Cmd.of("printf", "%s\\n", "[Service]", "LimitNOFILE=" + recommended).to(dropIn).line(),
                Cmd.of("systemctl", "daemon-reload").comment("then restart the broker (rolling)").line(),
                Shell.comment("without systemd, in /etc/security/limits.d/60-kafka.conf: " + p.user() + " - nofile "
                        + recommended));
        return new Outcome.Recommend(new Finding(ID, severity, subject, String.valueOf(limit),
                String.valueOf(recommended), why, evidence, apply));
    }

    private Outcome fileMax(Snapshot snapshot, long min) {
        OptionalLong v = SysctlValues.single(snapshot.host(), "fs.file-max");
        if (v.isEmpty()) {
            return new Outcome.Unknown("fs.file-max", "fs.file-max not readable");
        }
        long fileMax = v.getAsLong();
        if (fileMax >= min) {
            return new Outcome.Pass("fs.file-max", "fs.file-max=" + fileMax);
        }
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("fs.file-max", String.valueOf(fileMax));
        evidence.put("threshold.min", String.valueOf(min));
        String why = "fs.file-max caps open files for the whole host: with " + fileMax + " the broker cannot use "
                + "the per-process limit of " + min + " that Kafka's documentation suggests as a starting point. "
                + "The recommended host-wide value (ten times that, at least 1000000, so the OS and other processes "
                + "keep their share) is broker-tuner's own heuristic. Source: " + Sources.KAFKA_OPS_OS + ".";
        long recommended = Math.max(min * 10, 1_000_000);
        return new Outcome.Recommend(new Finding(ID, Severity.WARNING, "fs.file-max", String.valueOf(fileMax),
                String.valueOf(recommended), why, evidence, SysctlValues.apply(snapshot.host(), "fs.file-max", recommended)));
    }

    private static long roundUp(long v) {
        long step = 10000;
        return (v + step - 1) / step * step;
    }
}
