package dev.brokertuner.agent.rules.broker;

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
import dev.brokertuner.report.ConfigValue;
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
 * Flags explicit application flushes. By default Kafka never calls fsync on its own schedule: it leaves writeback to
 * the page cache and durability to replication. {@code log.flush.interval.messages} makes the appending request
 * handler fsync the partition every N messages; {@code log.flush.interval.ms} has the log flusher fsync partitions
 * older than that, but only when {@code log.flush.scheduler.interval.ms} (default never) makes the flusher run. Each
 * fsync costs latency ({@code LogFlushRateAndTimeMs}) and throughput. One outcome per setting. Topic overrides
 * ({@code flush.messages}, {@code flush.ms}) are not read.
 */
public final class LogFlushRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.log-flush";
    static final String MESSAGES = "log.flush.interval.messages";
    static final String MS = "log.flush.interval.ms";
    static final String SCHEDULER = "log.flush.scheduler.interval.ms";
    static final long NEVER = Long.MAX_VALUE;

    static final RuleMeta META = RuleMeta.of(ID,
            "Explicit log.flush.interval.messages/ms force fsyncs that cost produce latency; the default leaves "
                    + "writeback to the page cache and durability to replication.",
            Set.of(Source.BROKER, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_FLUSH, Sources.KAFKA_BROKER_CONFIGS, Sources.KAFKA_LOG_MANAGER),
            Set.of(Severity.INFO, Severity.WARNING));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown("log flush", "broker not read (" + broker.status().wire() + ")"));
        }
        return List.of(messages(broker), time(broker));
    }

    private Outcome messages(BrokerFacts broker) {
        Optional<ConfigValue> c = broker.config(MESSAGES);
        if (c.isEmpty()) {
            return new Outcome.Unknown(MESSAGES, MESSAGES + " not read from describeConfigs");
        }
        OptionalLong v = Units.parseLong(c.get().value());
        if (v.isEmpty() || v.getAsLong() == NEVER) {
            return new Outcome.Pass(MESSAGES, MESSAGES + " unset (never): page cache and replication");
        }
        Map<String, String> evidence = evidence(broker, c.get(), MESSAGES);
        String why = MESSAGES + "=" + v.getAsLong() + " (" + c.get().source() + ") makes the request handler that "
                + "appends to a partition call fsync every " + v.getAsLong() + " messages, in the produce path: "
                + "the producer waits for the disk, and the I/O thread is busy meanwhile. " + cost(broker)
                + defaultText() + "Sources: " + String.join("; ", sources()) + ".";
        return new Outcome.Recommend(new Finding(ID, Severity.WARNING, MESSAGES, String.valueOf(v.getAsLong()),
                "unset (" + NEVER + ")", why, evidence,
                BrokerConfigs.withCommandConfigNote(reset(broker, c.get(), MESSAGES, String.valueOf(NEVER)))));
    }

    private Outcome time(BrokerFacts broker) {
        Optional<ConfigValue> c = broker.config(MS);
        if (c.isEmpty()) {
            return new Outcome.Unknown(MS, MS + " not read from describeConfigs");
        }
        OptionalLong v = Units.parseLong(c.get().value());
        if (v.isEmpty() || BrokerConfigs.DEFAULT_SOURCE.equals(c.get().source()) || v.getAsLong() == NEVER) {
            return new Outcome.Pass(MS, MS + " unset: page cache and replication");
        }
        Map<String, String> evidence = evidence(broker, c.get(), MS);
        OptionalLong scheduler = BrokerConfigs.longValue(broker, SCHEDULER);
        evidence.put(SCHEDULER, scheduler.isPresent() ? String.valueOf(scheduler.getAsLong()) : "unknown");
        boolean inactive = scheduler.isPresent() && scheduler.getAsLong() == NEVER;
        String active;
        Severity severity;
        if (inactive) {
            severity = Severity.INFO;
            active = "It has no effect now: the log flusher runs every " + SCHEDULER + ", which is unset (never), "
                    + "so no time-based flush happens; but it would start the day someone sets " + SCHEDULER + ". ";
        } else if (scheduler.isPresent()) {
            severity = Severity.WARNING;
            active = "The log flusher runs every " + scheduler.getAsLong() + " ms (" + SCHEDULER + ") and fsyncs "
                    + "every partition with data older than " + v.getAsLong() + " ms: on a busy broker that is a "
                    + "steady stream of fsyncs competing with appends for the disks. ";
        } else {
            severity = Severity.INFO;
            active = SCHEDULER + " was not read: it takes effect only if that is set (its default is never). ";
        }
        String why = MS + "=" + v.getAsLong() + " (" + c.get().source() + "). " + active + cost(broker)
                + defaultText() + "Sources: " + String.join("; ", sources()) + ".";
        return new Outcome.Recommend(new Finding(ID, severity, MS, String.valueOf(v.getAsLong()), "unset", why,
                evidence, BrokerConfigs.withCommandConfigNote(reset(broker, c.get(), MS, String.valueOf(NEVER)))));
    }

    private static Map<String, String> evidence(BrokerFacts broker, ConfigValue c, String name) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put(name, String.valueOf(c.value()));
        e.put(name + ".source", String.valueOf(c.source()));
        Double rate = broker.metrics().logFlushRatePerSec();
        Double p99 = broker.metrics().logFlushTimeMsP99();
        e.put("logFlushRatePerSec", rate == null ? "unknown" : Units.exact(rate));
        e.put("logFlushTimeMsP99", p99 == null ? "unknown" : Units.exact(p99));
        Double produce = broker.metrics().produceTotalTimeMsP99();
        if (produce != null) {
            e.put("produceTotalTimeMsP99", Units.exact(produce));
        }
        return e;
    }

    private static String cost(BrokerFacts broker) {
        Double rate = broker.metrics().logFlushRatePerSec();
        Double p99 = broker.metrics().logFlushTimeMsP99();
        if (rate == null || p99 == null) {
            return "LogFlushRateAndTimeMs was not read, so the cost on this broker is unmeasured. ";
        }
        return "Measured: " + Units.exact(rate) + " flushes/s at p99 " + Units.exact(p99) + " ms each (this "
                + "includes the flush of the previous segment on every roll, which happens with defaults too). ";
    }

    private static String defaultText() {
        return "Kafka's documentation recommends replication for durability and leaving flushing to the OS: by "
                + "default the page cache absorbs writes, the kernel writes them back in the background, and an "
                + "acknowledged write (acks=all) is on several brokers, so losing one broker's unflushed tail loses "
                + "nothing; after an unclean shutdown the broker recovers the log from its last checkpoint. Keep "
                + "explicit flushes only for topics without replication that must survive a host crash, and set "
                + "them per topic (flush.messages, flush.ms), not broker-wide (topic overrides were not read). ";
    }

    /** Lines that put the default back, by where the value comes from. */
    private static List<String> reset(BrokerFacts broker, ConfigValue c, String name, String neverValue) {
        List<String> lines = new ArrayList<>();
        String source = c.source() == null ? "" : c.source();
        if (source.equals("DYNAMIC_BROKER_CONFIG")) {
            lines.add(BrokerConfigs.deleteBroker(broker, name));
        } else if (source.equals("DYNAMIC_DEFAULT_BROKER_CONFIG")) {
            lines.add(BrokerConfigs.deleteDefault(broker, name));
        } else {
            lines.add(Shell.comment("remove " + name + " from server.properties on every broker (applies at the "
                    + "next restart)"));
            if (neverValue != null) {
                lines.add("# to stop it now without a restart (a dynamic value overrides server.properties):");
                lines.add(BrokerConfigs.alterBroker(broker, name, neverValue));
            }
        }
        return lines;
    }
}
