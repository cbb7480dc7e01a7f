package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * On Kafka 3.9 or later (tiered storage production-ready) with {@code remote.log.storage.system.enable} off, says
 * what tiered storage with a short local retention L (threshold, default 24 h) would save on this broker's disks:
 * it would keep about its measured write rate (clients plus replication) times L; without the rates, about L / R of
 * what it holds now for a time-based retention R (steady ingest assumed). Info only: it needs a remote storage
 * plugin and has limits (no compacted topics).
 */
public final class TieredStorageRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.tiered-storage";
    static final String LOCAL_HOURS = "localRetentionHours";
    static final String MIN_SAVED_GIB = "minSavedGiB";
    static final String ENABLE = "remote.log.storage.system.enable";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Kafka 3.9+ with remote.log.storage.system.enable off: what tiered storage and a short local "
                + "retention would save on this broker's disks (info).";
    }

    @Override
    public Set<Source> requires() {
        return Set.of(Source.BROKER);
    }

    @Override
    public Map<String, Double> thresholds() {
        return Map.of(LOCAL_HOURS, 24.0, MIN_SAVED_GIB, 50.0);
    }

    @Override
    public Set<Severity> severities() {
        return Set.of(Severity.INFO);
    }

    @Override
    public List<String> sources() {
        return List.of(Sources.KAFKA_OPS_TIERED, Sources.KAFKA_TIERED_CONFIGS, Sources.KAFKA_BROKER_CONFIGS);
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        double localHours = thresholds.get(LOCAL_HOURS, 24);
        double minSaved = thresholds.get(MIN_SAVED_GIB, 50) * (1L << 30);
        String subject = "tiered storage";
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(subject, "broker not read (" + broker.status().wire() + ")"));
        }
        Optional<KafkaVersion> version = KafkaVersion.parse(broker.kafkaVersion());
        if (version.isEmpty()) {
            return List.of(new Outcome.Unknown(subject, "Kafka version "
                    + (broker.kafkaVersion() == null ? "not read" : "'" + broker.kafkaVersion() + "' not understood")));
        }
        if (!version.get().atLeast(3, 9)) {
            return List.of(new Outcome.Pass(subject, "Kafka " + broker.kafkaVersion() + ": tiered storage is "
                    + "production-ready from 3.9, not judged"));
        }
        Optional<String> enabled = broker.config(ENABLE).map(c -> c.value());
        if (enabled.isEmpty() || enabled.get() == null) {
            return List.of(new Outcome.Unknown(subject, ENABLE + " not read from describeConfigs"));
        }
        if (Boolean.parseBoolean(enabled.get().trim())) {
            return List.of(new Outcome.Pass(subject, ENABLE + "=true"));
        }
        Long bytes = null;
        for (LogDirUsage u : broker.logDirs()) {
            if (u.bytes() != null) {
                bytes = (bytes == null ? 0 : bytes) + u.bytes();
            }
        }
        if (bytes == null) {
            return List.of(new Outcome.Unknown(subject, "bytes per data dir (describeLogDirs) not read"));
        }
        OptionalLong retention = retentionMs(broker);
        long localMs = (long) (localHours * 3_600_000);
        Double in = broker.metrics().bytesInPerSec();
        Double repl = broker.metrics().replicationBytesInPerSec();
        Double writeRate = in == null || repl == null ? null : in + repl;
        long r = retention.orElse(0);
        if (retention.isPresent() && r > 0 && r <= localMs) {
            return List.of(new Outcome.Pass(subject, "retention " + r + " ms is not longer than the local "
                    + "retention considered (" + Units.trim(localHours) + " h): little to tier"));
        }
        long keptLocal;
        String how;
        if (writeRate != null) {
            keptLocal = (long) Math.min(bytes, writeRate * localMs / 1000);
            how = "With a local retention of " + Units.trim(localHours) + " h the broker would keep about what it "
                    + "writes in that time: " + Units.megabytesPerSec(writeRate) + " (clients plus replication, "
                    + "measured " + HandlerIdle.window(snapshot) + ") x " + Units.trim(localHours) + " h = "
                    + Units.bytes(keptLocal) + " of the " + Units.bytes(bytes) + " it holds now"
                    + (retention.isPresent() && r < 0 ? " (retention is unlimited, so the rest only grows)" : "")
                    + ". ";
        } else if (retention.isPresent() && r > 0) {
            keptLocal = (long) (bytes * ((double) localMs / r));
            how = "With a retention of " + r + " ms (" + Units.trim(r / 3_600_000.0) + " h) and a local retention "
                    + "of " + Units.trim(localHours) + " h, the broker would keep about " + Units.trim(localHours)
                    + " / " + Units.trim(r / 3_600_000.0) + " of its " + Units.bytes(bytes) + " locally (steady "
                    + "ingest assumed): " + Units.bytes(keptLocal) + ". ";
        } else {
            return List.of(new Outcome.Unknown(subject, "neither the write rate (BytesInPerSec, "
                    + "ReplicationBytesInPerSec) nor a finite retention (log.retention.ms/minutes/hours) was read, so "
                    + "the local share cannot be estimated"));
        }
        long saved = Math.max(0, bytes - keptLocal);
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("kafkaVersion", broker.kafkaVersion());
        evidence.put(ENABLE, enabled.get());
        evidence.put("broker.logDirBytes", String.valueOf(bytes));
        evidence.put("retentionMs", retention.isPresent() ? String.valueOf(r) : "unknown");
        evidence.put("threshold.localRetentionHours", Units.trim(localHours));
        if (writeRate != null) {
            evidence.put("writeBytesPerSec", Units.exact(writeRate));
        }
        evidence.put("estimatedLocalBytes", String.valueOf(keptLocal));
        evidence.put("estimatedSavedBytes", String.valueOf(saved));
        if (saved < minSaved) {
            return List.of(new Outcome.Pass(subject, "tiering would free about " + Units.bytes(saved)
                    + " here, below " + Units.bytes(minSaved)));
        }
        String why = "This broker runs Kafka " + broker.kafkaVersion() + ", where tiered storage is production-ready "
                + "(since 3.9), but " + ENABLE + " is off, so every byte of retention sits on local disks. " + how
                + "That would free about " + Units.bytes(saved) + " on this broker (topic retention overrides and "
                + "compacted topics, which cannot be tiered, are not counted). Tail reads stay local and served from "
                + "page cache; only reads of old data go to remote storage, with higher first-byte latency. Smaller "
                + "local logs also make reassignments and broker replacement move less data. It needs a "
                + "RemoteStorageManager plugin for your object store (Kafka ships none); " + ENABLE + " is read-only "
                + "(rolling restart), then each topic opts in with remote.storage.enable=true and local.retention.ms. "
                + "Sources: " + String.join("; ", sources()) + ".";
        List<String> apply = new ArrayList<>(BrokerConfigs.rollingRestart(List.of(
                ENABLE + "=true",
                "remote.log.storage.manager.class.name=<your RemoteStorageManager class>",
                "remote.log.storage.manager.class.path=<its jars>",
                "remote.log.metadata.manager.listener.name=<an inter-broker listener>")));
        apply.add("# then, per topic (not compacted ones):");
        apply.add(BrokerConfigs.alterTopic(broker, "<topic>", "remote.storage.enable=true,local.retention.ms="
                + localMs));
        return List.of(new Outcome.Recommend(new Finding(ID, Severity.INFO, subject, ENABLE + "=false",
                ENABLE + "=true with local.retention.ms=" + localMs + " (saves about " + Units.bytes(saved) + ")",
                why, evidence, BrokerConfigs.withCommandConfigNote(apply))));
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
