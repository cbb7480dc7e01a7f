package dev.brokertuner.agent.rules.broker;

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
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tiered storage, three ways. Confluent Server's own tiering ({@code confluent.tier.feature},
 * {@code confluent.tier.enable}) is recognised and passes. On Kafka 3.9 or later (tiered storage production-ready) with
 * {@code remote.log.storage.system.enable} off, says what tiered storage with a short local retention L (threshold,
 * default 24 h) would save on this broker's disks: per topic with replicas here when their configs were read
 * (compacted topics cannot tier, topics whose {@code retention.ms} is within L gain nothing, the others keep about
 * L / retention of their bytes, steady ingest assumed), else from the broker's write rate or time retention. With
 * it on, judges the tiered topics' {@code local.retention.ms}: above {@code retention.ms} (or -1 with a finite
 * retention) is a warning, since Kafka's own validation refuses it; -2 or equal to {@code retention.ms} tiers without
 * freeing any local disk (info).
 */
public final class TieredStorageRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.tiered-storage";
    static final String LOCAL_HOURS = "localRetentionHours";
    static final String MIN_SAVED_GIB = "minSavedGiB";
    static final String ENABLE = "remote.log.storage.system.enable";
    static final String CONFLUENT_FEATURE = "confluent.tier.feature";
    static final String CONFLUENT_ENABLE = "confluent.tier.enable";
    static final String SUBJECT = "tiered storage";
    static final String SUBJECT_LOCAL_ABOVE = "tiered topics: local.retention.ms above retention.ms";
    static final String SUBJECT_ALL_LOCAL = "tiered topics: whole retention kept locally";
    static final String HEURISTIC = "broker-tuner's own heuristics, not from Kafka's documentation: the local "
            + "retention considered (localRetentionHours, 24 h) and the smallest saving worth a finding (minSavedGiB, "
            + "50 GiB)";
    /** What the rationales cite: the sources without the heuristics line, which the rationales state in place. */
    static final String CITED = String.join("; ", Sources.KAFKA_OPS_TIERED, Sources.KAFKA_TIERED_CONFIGS,
            Sources.KAFKA_TOPIC_CONFIGS, Sources.KAFKA_BROKER_CONFIGS, Sources.CONFLUENT_TIERED);
    /** Topics named in evidence and apply lines; the rest are counted. */
    static final int MAX_LISTED = 20;

    static final RuleMeta META = new RuleMeta(ID, "Kafka 3.9+ with remote.log.storage.system.enable off: what tiered "
            + "storage and a short local retention would save on this broker's disks, per topic when their configs "
            + "are read (info); with it on, tiered topics whose local.retention.ms exceeds retention.ms (warning) or "
            + "keeps it all locally (info). Confluent Server's own tiering is recognised.", Set.of(Source.BROKER, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_TIERED, Sources.KAFKA_TIERED_CONFIGS, Sources.KAFKA_TOPIC_CONFIGS,
                    Sources.KAFKA_BROKER_CONFIGS, Sources.CONFLUENT_TIERED, TieredStorageRule.HEURISTIC),
            Map.of(LOCAL_HOURS, 24.0, MIN_SAVED_GIB, 50.0), Set.of(Severity.INFO, Severity.WARNING));

    /** Arguments: version, how the local share was estimated, the saving, the Confluent note, the sources. */
    static final String WHY_SAVE = """
            This broker runs Kafka %s, where tiered storage is production-ready (since 3.9), but \
            remote.log.storage.system.enable is off, so every byte of retention sits on local disks. %s\
            That would free about %s on this broker. Tail reads stay local and served from page cache; only reads \
            of old data go to remote storage, with higher first-byte latency. Smaller local logs also make \
            reassignments and broker replacement move less data. It needs a RemoteStorageManager plugin for your \
            object store (Kafka ships none); remote.log.storage.system.enable is read-only (rolling restart), then \
            each topic opts in with remote.storage.enable=true and local.retention.ms; compacted topics cannot \
            tier. %sThe local retention considered (%s h) is broker-tuner's default (threshold %s), not a Kafka \
            recommendation. Sources: %s.""";

    /** Arguments: topics read, then per class: count and bytes, and the bytes not attributed to a read topic. */
    static final String HOW_TOPICS = """
            Per topic with replicas here (%d read): %d compacted (%s) cannot tier and stay local; %d with a \
            retention within the local retention (%s) gain nothing; %d with a longer finite retention (%s) would \
            keep about local retention / retention of their bytes (%s, steady ingest assumed); %d with unlimited \
            retention (%s) would keep %s; %s not attributed to a topic read (internal topics, topics beyond those \
            read, or without a known retention) is counted as staying local. In all about %s of %s would stay \
            local.\s""";

    /** Arguments: count, plural s, topics, recommended local retention, sources. */
    static final String WHY_LOCAL_ABOVE = """
            %d tiered topic%s here set local.retention.ms above retention.ms, or to -1 (unlimited) under a finite \
            retention: %s. Kafka's topic configs require local.retention.ms to stay within retention.ms (-2 means \
            "same as retention.ms") and its validation refuses such a value when it is set, so it arose from a \
            default changed later (log.retention.ms or log.local.retention.ms); the topic's retention still bounds \
            the local log, so the value sizes nothing, and a later change to the topic's configs can be refused \
            until it is fixed. Set it below retention.ms (%s here, the local retention broker-tuner considers) or \
            to -2. Sources: %s.""";

    /** Arguments: count, plural s, keep/keeps, topics, recommended local retention in h, sources. */
    static final String WHY_ALL_LOCAL = """
            %d tiered topic%s here %s the whole retention locally (local.retention.ms is -2, "same as \
            retention.ms", or equal to it): %s. Tiering copies their segments to remote storage but frees no local \
            disk. A local retention of %s h (broker-tuner's default, threshold localRetentionHours) keeps the tail \
            local and served from page cache and lets older segments live only remotely. Sources: %s.""";

    static final String CONFLUENT_SERVER_NOTE = "On Confluent Server, its own tiered storage (confluent.tier.feature) "
            + "is the supported path rather than this one. ";

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double localHours = META.threshold(thresholds, LOCAL_HOURS);
        double minSaved = META.threshold(thresholds, MIN_SAVED_GIB) * (1L << 30);
        long localMs = (long) (localHours * 3_600_000);
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(SUBJECT, "broker not read (" + broker.status().wire() + ")"));
        }
        Optional<String> confluent = confluentTiering(broker);
        if (confluent.isPresent()) {
            return List.of(new Outcome.Pass(SUBJECT, "Confluent Server's own tiered storage is on ("
                    + confluent.get() + "): recognised, and Kafka's tiered storage is not suggested on top of it"));
        }
        Optional<KafkaVersion> version = KafkaVersion.parse(broker.kafkaVersion());
        if (version.isEmpty()) {
            return List.of(new Outcome.Unknown(SUBJECT, "Kafka version "
                    + (broker.kafkaVersion() == null ? "not read" : "'" + broker.kafkaVersion() + "' not understood")));
        }
        if (!version.get().atLeast(3, 9)) {
            return List.of(new Outcome.Pass(SUBJECT, "Kafka " + broker.kafkaVersion() + ": tiered storage is "
                    + "production-ready from 3.9, not judged"));
        }
        Optional<String> enabled = broker.config(ENABLE).map(c -> c.value());
        if (enabled.isEmpty() || enabled.get() == null) {
            return List.of(new Outcome.Unknown(SUBJECT, ENABLE + " not read from describeConfigs"));
        }
        if (Boolean.parseBoolean(enabled.get().trim())) {
            return tieredTopics(broker, localMs, localHours);
        }
        return saving(snapshot, enabled.get(), localMs, localHours, minSaved);
    }

    /** Which Confluent tiering config is on, empty when none is. */
    static Optional<String> confluentTiering(BrokerFacts broker) {
        for (String name : List.of(CONFLUENT_FEATURE, CONFLUENT_ENABLE)) {
            if (broker.config(name).map(c -> isTrue(c.value())).orElse(false)) {
                return Optional.of(name + "=true");
            }
        }
        if (broker.topics() != null) {
            long n = broker.topics().stream().filter(t -> isTrue(t.value(CONFLUENT_ENABLE).orElse(null))).count();
            if (n > 0) {
                return Optional.of(CONFLUENT_ENABLE + "=true on " + n + " topic" + (n == 1 ? "" : "s"));
            }
        }
        return Optional.empty();
    }

    /** With remote storage on: the tiered topics' local retention against their retention. */
    private List<Outcome> tieredTopics(BrokerFacts broker, long localMs, double localHours) {
        if (broker.topics() == null) {
            return List.of(new Outcome.Pass(SUBJECT, ENABLE + "=true (topic configs not read, so the tiered topics' "
                    + "local retention is not judged)"));
        }
        List<TopicFacts> above = new ArrayList<>();
        List<TopicFacts> allLocal = new ArrayList<>();
        int tiered = 0;
        for (TopicFacts t : broker.topics()) {
            if (!isTrue(t.value("remote.storage.enable").orElse(null))) {
                continue;
            }
            tiered++;
            OptionalLong r = retentionOf(t, broker);
            OptionalLong l = localRetentionOf(t, broker);
            if (r.isEmpty() || l.isEmpty()) {
                continue;
            }
            long retention = r.getAsLong();
            long local = l.getAsLong();
            if (retention >= 0 && local != -2 && (local == -1 || local > retention)) {
                above.add(t);
            } else if ((local == -2 || local == retention) && (retention < 0 || retention > localMs)) {
                allLocal.add(t);
            }
        }
        List<Outcome> out = new ArrayList<>();
        String sources = CITED;
        if (!above.isEmpty()) {
            String why = WHY_LOCAL_ABOVE.formatted(above.size(), above.size() == 1 ? "" : "s",
                    listed(above, broker), localMs + " ms", sources);
            out.add(new Outcome.Recommend(new Finding(ID, Severity.WARNING, SUBJECT_LOCAL_ABOVE,
                    above.size() + " topic" + (above.size() == 1 ? "" : "s"), "local.retention.ms within retention.ms",
                    why, topicEvidence(above, broker, localHours), alterLocalRetention(broker, above, localMs))));
        }
        if (!allLocal.isEmpty()) {
            boolean one = allLocal.size() == 1;
            String why = WHY_ALL_LOCAL.formatted(allLocal.size(), one ? "" : "s", one ? "keeps" : "keep",
                    listed(allLocal, broker), Units.trim(localHours), sources);
            out.add(new Outcome.Recommend(new Finding(ID, Severity.INFO, SUBJECT_ALL_LOCAL,
                    allLocal.size() + (one ? " topic keeps" : " topics keep") + " everything locally",
                    "local.retention.ms=" + localMs, why, topicEvidence(allLocal, broker, localHours),
                    alterLocalRetention(broker, allLocal, localMs))));
        }
        if (out.isEmpty()) {
            out.add(new Outcome.Pass(SUBJECT, ENABLE + "=true; " + tiered + " tiered topic" + (tiered == 1 ? "" : "s")
                    + " here, each with a local retention within its retention"));
        }
        return out;
    }

    /** With remote storage off: what tiering would free on this broker. */
    private List<Outcome> saving(Snapshot snapshot, String enabled, long localMs, double localHours, double minSaved) {
        BrokerFacts broker = snapshot.broker();
        Long bytes = null;
        for (LogDirUsage u : broker.logDirs()) {
            if (u.bytes() != null) {
                bytes = (bytes == null ? 0 : bytes) + u.bytes();
            }
        }
        if (bytes == null) {
            return List.of(new Outcome.Unknown(SUBJECT, "bytes per data dir (describeLogDirs) not read"));
        }
        OptionalLong retention = retentionMs(broker);
        Double in = broker.metrics().bytesInPerSec();
        Double repl = broker.metrics().replicationBytesInPerSec();
        Double writeRate = in == null || repl == null ? null : in + repl;
        long r = retention.orElse(0);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("kafkaVersion", broker.kafkaVersion());
        evidence.put(ENABLE, enabled);
        evidence.put("broker.logDirBytes", String.valueOf(bytes));
        java.time.Instant readAt = dev.brokertuner.agent.gather.LogDirReads.readAt(broker);
        if (readAt != null) {
            // the daemon carries the last describeLogDirs between reads: these bytes are as of this time
            evidence.put("broker.logDirsReadAt", readAt.toString());
        }
        evidence.put("retentionMs", retention.isPresent() ? String.valueOf(r) : "unknown");
        evidence.put("threshold.localRetentionHours", Units.trim(localHours));
        if (writeRate != null) {
            evidence.put("writeBytesPerSec", Units.exact(writeRate));
        }
        long keptLocal;
        String how;
        List<TopicFacts> tierable = List.of();
        if (broker.topics() != null && !broker.topics().isEmpty()) {
            TopicShare share = TopicShare.of(broker, bytes, localMs, writeRate);
            keptLocal = share.kept();
            how = share.how();
            tierable = share.tierable();
            evidence.putAll(share.evidence());
        } else {
            if (retention.isPresent() && r > 0 && r <= localMs) {
                return List.of(new Outcome.Pass(SUBJECT, "retention " + r + " ms is not longer than the local "
                        + "retention considered (" + Units.trim(localHours) + " h): little to tier"));
            }
            if (writeRate != null) {
                keptLocal = (long) Math.min(bytes, writeRate * localMs / 1000);
                how = "With a local retention of " + Units.trim(localHours) + " h the broker would keep about what "
                        + "it writes in that time: " + Units.megabytesPerSec(writeRate) + " (clients plus "
                        + "replication, measured " + HandlerIdle.window(snapshot) + ") x " + Units.trim(localHours)
                        + " h = " + Units.bytes(keptLocal) + " of the " + Units.bytes(bytes) + " it holds now"
                        + (retention.isPresent() && r < 0 ? " (retention is unlimited, so the rest only grows)" : "")
                        + ". Topic configs were not read, so topic retention overrides and compacted topics are not "
                        + "counted. ";
            } else if (retention.isPresent() && r > 0) {
                keptLocal = (long) (bytes * ((double) localMs / r));
                how = "With a retention of " + r + " ms (" + Units.trim(r / 3_600_000.0) + " h) and a local "
                        + "retention of " + Units.trim(localHours) + " h, the broker would keep about "
                        + Units.trim(localHours) + " / " + Units.trim(r / 3_600_000.0) + " of its " + Units.bytes(bytes)
                        + " locally (steady ingest assumed): " + Units.bytes(keptLocal) + ". Topic configs were not "
                        + "read, so topic retention overrides and compacted topics are not counted. ";
            } else {
                return List.of(new Outcome.Unknown(SUBJECT, "neither the write rate (BytesInPerSec, "
                        + "ReplicationBytesInPerSec) nor a finite retention (log.retention.ms/minutes/hours) was read, "
                        + "so the local share cannot be estimated"));
            }
        }
        long saved = Math.max(0, bytes - keptLocal);
        evidence.put("estimatedLocalBytes", String.valueOf(keptLocal));
        evidence.put("estimatedSavedBytes", String.valueOf(saved));
        if (saved < minSaved) {
            return List.of(new Outcome.Pass(SUBJECT, "tiering would free about " + Units.bytes(saved)
                    + " here, below " + Units.bytes(minSaved)));
        }
        String why = WHY_SAVE.formatted(broker.kafkaVersion(), how, Units.bytes(saved),
                broker.kafkaVersion().contains("-ce") ? CONFLUENT_SERVER_NOTE : "", Units.trim(localHours),
                LOCAL_HOURS, CITED);
        List<String> apply = new ArrayList<>(BrokerConfigs.rollingRestart(List.of(
                ENABLE + "=true",
                "remote.log.storage.manager.class.name=<your RemoteStorageManager class>",
                "remote.log.storage.manager.class.path=<its jars>",
                "remote.log.metadata.manager.listener.name=<an inter-broker listener>")));
        if (tierable.isEmpty()) {
            apply.add("# then, per topic (not compacted ones):");
            apply.add(topicAlter(broker, "<topic>", "remote.storage.enable=true,local.retention.ms=" + localMs)
                    .line());
        } else {
            apply.add("# then, per topic that can tier (largest here first; compacted ones left out):");
            tierable.stream().limit(MAX_LISTED).forEach(t -> apply.add(topicAlter(broker, t.name(),
                    "remote.storage.enable=true,local.retention.ms=" + localMs).line()));
            if (tierable.size() > MAX_LISTED) {
                apply.add(Shell.comment("and " + (tierable.size() - MAX_LISTED) + " more topics the same way"));
            }
        }
        return List.of(new Outcome.Recommend(new Finding(ID, Severity.INFO, SUBJECT, ENABLE + "=false",
                ENABLE + "=true with local.retention.ms=" + localMs + " (saves about " + Units.bytes(saved) + ")",
                why, evidence, BrokerConfigs.withCommandConfigNote(apply))));
    }

    /**
     * The local share per topic with replicas here.
     *
     * @param kept      bytes that would stay local
     * @param how       the arithmetic, for the rationale
     * @param tierable  topics that would free space, largest here first
     * @param evidence  counts and bytes per class
     */
    record TopicShare(long kept, String how, List<TopicFacts> tierable, Map<String, String> evidence) {
        static TopicShare of(BrokerFacts broker, long bytes, long localMs, Double writeRate) {
            long compacted = 0;
            long compactedBytes = 0;
            long within = 0;
            long withinBytes = 0;
            long finite = 0;
            long finiteBytes = 0;
            double finiteKept = 0;
            long unlimited = 0;
            long unlimitedBytes = 0;
            long attributed = 0;
            List<TopicFacts> tierable = new ArrayList<>();
            for (TopicFacts t : broker.topics()) {
                long b = t.bytes() == null ? 0 : t.bytes();
                if (compacted(t, broker)) {
                    compacted++;
                    compactedBytes += b;
                    attributed += b;
                    continue;
                }
                OptionalLong r = retentionOf(t, broker);
                if (r.isEmpty()) {
                    continue;
                }
                attributed += b;
                long retention = r.getAsLong();
                if (retention > 0 && retention <= localMs) {
                    within++;
                    withinBytes += b;
                } else if (retention > 0) {
                    finite++;
                    finiteBytes += b;
                    finiteKept += b * ((double) localMs / retention);
                    tierable.add(t);
                } else {
                    unlimited++;
                    unlimitedBytes += b;
                    tierable.add(t);
                }
            }
            long unattributed = Math.max(0, bytes - attributed);
            long unlimitedKept = writeRate == null ? unlimitedBytes
                    : (long) Math.min(unlimitedBytes, writeRate * localMs / 1000);
            long kept = compactedBytes + withinBytes + (long) finiteKept + unlimitedKept + unattributed;
            kept = Math.min(kept, bytes);
            String unlimitedText = unlimited == 0 ? "nothing"
                    : writeRate == null ? "all of it (no write rate was read to size their local share)"
                    : "at most what the broker writes in the local retention, " + Units.bytes(unlimitedKept);
            String how = HOW_TOPICS.formatted(broker.topics().size(), compacted, Units.bytes(compactedBytes), within,
                    Units.bytes(withinBytes), finite, Units.bytes(finiteBytes), Units.bytes(finiteKept), unlimited,
                    Units.bytes(unlimitedBytes), unlimitedText, Units.bytes(unattributed), Units.bytes(kept),
                    Units.bytes(bytes));
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("topicsRead", String.valueOf(broker.topics().size()));
            evidence.put("compactedTopics", String.valueOf(compacted));
            evidence.put("compactedBytes", String.valueOf(compactedBytes));
            evidence.put("topicsWithinLocalRetention", String.valueOf(within));
            evidence.put("topicsFiniteRetention", String.valueOf(finite));
            evidence.put("topicsUnlimitedRetention", String.valueOf(unlimited));
            evidence.put("unattributedBytes", String.valueOf(unattributed));
            return new TopicShare(kept, how, List.copyOf(tierable), evidence);
        }
    }

    static boolean compacted(TopicFacts t, BrokerFacts broker) {
        String policy = t.value("cleanup.policy")
                .orElse(BrokerConfigs.get(broker, "log.cleanup.policy").map(c -> c.value()).orElse("delete"));
        return policy != null && policy.toLowerCase(Locale.ROOT).contains("compact");
    }

    /** The topic's effective retention.ms (-1 for unlimited), else the broker's. */
    static OptionalLong retentionOf(TopicFacts t, BrokerFacts broker) {
        OptionalLong ms = Units.parseLong(t.value("retention.ms").orElse(null));
        if (ms.isPresent()) {
            return ms.getAsLong() < 0 ? OptionalLong.of(-1) : ms;
        }
        return retentionMs(broker);
    }

    /** The topic's local.retention.ms, else the broker's log.local.retention.ms, else Kafka's default -2. */
    static OptionalLong localRetentionOf(TopicFacts t, BrokerFacts broker) {
        OptionalLong ms = Units.parseLong(t.value("local.retention.ms").orElse(null));
        if (ms.isPresent()) {
            return ms;
        }
        OptionalLong inherited = BrokerConfigs.longValue(broker, "log.local.retention.ms");
        return inherited.isPresent() ? inherited : OptionalLong.of(-2);
    }

    private static Cmd topicAlter(BrokerFacts broker, String topic, String configs) {
        return Cmd.of("kafka-configs.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--entity-type",
                "topics", "--entity-name", topic, "--alter", "--add-config", configs);
    }

    private static List<String> alterLocalRetention(BrokerFacts broker, List<TopicFacts> topics, long localMs) {
        List<String> apply = new ArrayList<>();
        for (TopicFacts t : topics.subList(0, Math.min(MAX_LISTED, topics.size()))) {
            OptionalLong r = retentionOf(t, broker);
            long local = r.isPresent() && r.getAsLong() > 0 ? Math.min(localMs, r.getAsLong()) : localMs;
            apply.add(topicAlter(broker, t.name(), "local.retention.ms=" + local).line());
        }
        if (topics.size() > MAX_LISTED) {
            apply.add(Shell.comment("and " + (topics.size() - MAX_LISTED) + " more topics the same way"));
        }
        return BrokerConfigs.withCommandConfigNote(apply);
    }

    private static Map<String, String> topicEvidence(List<TopicFacts> topics, BrokerFacts broker, double localHours) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("topics", String.valueOf(topics.size()));
        for (TopicFacts t : topics.subList(0, Math.min(MAX_LISTED, topics.size()))) {
            evidence.put("topic." + t.name(), "retention.ms=" + retentionOf(t, broker).stream().mapToObj(
                    String::valueOf).findFirst().orElse("unknown") + ", local.retention.ms="
                    + localRetentionOf(t, broker).getAsLong()
                    + (t.bytes() == null ? "" : ", bytesHere=" + t.bytes()));
        }
        evidence.put("threshold.localRetentionHours", Units.trim(localHours));
        return evidence;
    }

    private static String listed(List<TopicFacts> topics, BrokerFacts broker) {
        String names = topics.stream().limit(MAX_LISTED).map(t -> t.name() + " (retention.ms="
                + retentionOf(t, broker).stream().mapToObj(String::valueOf).findFirst().orElse("unknown")
                + ", local.retention.ms=" + localRetentionOf(t, broker).getAsLong() + ")")
                .collect(Collectors.joining(", "));
        return topics.size() > MAX_LISTED ? names + " and " + (topics.size() - MAX_LISTED) + " more" : names;
    }

    private static boolean isTrue(String value) {
        return value != null && Boolean.parseBoolean(value.trim());
    }

    /** Time retention in ms from log.retention.ms, else .minutes, else .hours (Kafka's precedence); -1 unlimited. */
    static OptionalLong retentionMs(BrokerFacts broker) {
        OptionalLong ms = BrokerConfigs.longValue(broker, "log.retention.ms");
        if (ms.isPresent()) {
            return ms.getAsLong() < 0 ? OptionalLong.of(-1) : ms;
        }
        OptionalLong minutes = BrokerConfigs.longValue(broker, "log.retention.minutes");
        if (minutes.isPresent()) {
            return minutes.getAsLong() < 0 ? OptionalLong.of(-1) : OptionalLong.of(minutes.getAsLong() * 60_000);
        }
        OptionalLong hours = BrokerConfigs.longValue(broker, "log.retention.hours");
        if (hours.isPresent()) {
            return hours.getAsLong() < 0 ? OptionalLong.of(-1) : OptionalLong.of(hours.getAsLong() * 3_600_000);
        }
        return OptionalLong.empty();
    }
}
