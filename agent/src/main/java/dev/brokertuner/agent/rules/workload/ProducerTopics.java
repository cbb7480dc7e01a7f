package dev.brokertuner.agent.rules.workload;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.workload.InternalTopics;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.TopicBatches;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the producer rules share: the topics whose batches were sampled (never Kafka's internal topics), their subject, the evidence every producer
 * finding carries, and the {@code kafka-configs.sh} line for a topic (every read value a quoted word).
 */
final class ProducerTopics {
    static final String ALL_SUBJECT = "topics";
    static final String COMMAND_CONFIG_NOTE = "# on a SASL/TLS cluster add --command-config <client.properties> to "
            + "the kafka-configs.sh command below (the agent's own --admin-config file works)";

    private ProducerTopics() {
    }

    /** The subject of a topic's outcome: {@code topic NAME}. */
    static String subject(TopicFacts t) {
        return "topic " + t.name();
    }

    /** The topics whose batches were sampled, or one Unknown saying why there are none (in {@code out}). */
    static List<TopicFacts> sampled(BrokerFacts broker, List<Outcome> out) {
        if (!broker.ok()) {
            out.add(new Outcome.Unknown(ALL_SUBJECT, "broker not read (" + broker.status().wire() + ")"));
            return List.of();
        }
        if (broker.topics() == null) {
            out.add(new Outcome.Unknown(ALL_SUBJECT, "the topics on this broker were not read"));
            return List.of();
        }
        List<TopicFacts> sampled = new ArrayList<>();
        for (TopicFacts t : broker.topics()) {
            if (t.batches() != null && !InternalTopics.internal(t.name())) {
                sampled.add(t);
            }
        }
        if (sampled.isEmpty()) {
            out.add(new Outcome.Unknown(ALL_SUBJECT, "no topic's record batches were sampled (none led here with "
                    + "traffic, or the data dirs could not be read: see the report's problems)"));
        }
        return sampled;
    }

    /** The facts every producer finding shows. */
    static Map<String, String> evidence(TopicFacts t) {
        TopicBatches b = t.batches();
        Map<String, String> e = new LinkedHashMap<>();
        e.put("topic", t.name());
        e.put("batches.sampled", String.valueOf(b.sampled()));
        e.put("batches.data", String.valueOf(b.dataBatches()));
        e.put("batches.partitionsSampled", String.valueOf(b.partitionsSampled()));
        e.put("batches.medianRecords", String.valueOf(b.medianRecords()));
        e.put("batches.medianBytes", String.valueOf(b.medianBytes()));
        e.put("batches.p90Bytes", String.valueOf(b.p90Bytes()));
        e.put("batches.codecs", codecs(b.codecs()));
        e.put("batches.idempotent", String.valueOf(b.idempotent()));
        e.put("batches.transactional", String.valueOf(b.transactional()));
        e.put("produceRequestsPerSec", rate(t.produceRequestsPerSec()));
        e.put("messagesInPerSec", rate(t.messagesInPerSec()));
        e.put("bytesInPerSec", rate(t.bytesInPerSec()));
        if (t.ratesSeconds() != null) {
            e.put("ratesSeconds", Units.exact(t.ratesSeconds()));
        }
        if (t.ratesReadAt() != null) {
            e.put("ratesReadAt", t.ratesReadAt().toString());
            e.put("ratesCarried", String.valueOf(Boolean.TRUE.equals(t.ratesCarried())));
        }
        e.put("compression.type", t.effective("compression.type").orElse("unknown"));
        return e;
    }

    static String codecs(Map<String, Integer> codecs) {
        if (codecs.isEmpty()) {
            return "none sampled";
        }
        List<String> parts = new ArrayList<>();
        codecs.forEach((c, n) -> parts.add(c + "=" + n));
        return String.join(",", parts);
    }

    static String rate(Double v) {
        return v == null ? "unknown" : Units.exact(v);
    }

    /** {@code kafka-configs.sh --bootstrap-server B --entity-type topics --entity-name T --alter --add-config S}. */
    static String alterTopic(BrokerFacts broker, String topic, String setting) {
        String bootstrap = broker.bootstrap() == null || broker.bootstrap().isBlank() ? "<bootstrap-server>"
                : broker.bootstrap();
        return Cmd.of("kafka-configs.sh", "--bootstrap-server", bootstrap, "--entity-type", "topics",
                "--entity-name", topic, "--alter", "--add-config", setting).line();
    }

    /** A comment line naming the producers of a topic, the text sanitized. */
    static String producersOf(TopicFacts t) {
        return Shell.comment("in the producer configuration (producer.properties or the client's config) of every "
                + "producer writing to topic " + t.name() + ":");
    }
}
