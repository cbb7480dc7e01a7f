package dev.brokertuner.collector.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brokertuner.collector.transport.KafkaIngestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Parses the {@code ingest:} section ({@code ingest.kafka}), adding every problem found to the caller's list. */
final class KafkaIngestSection {
    private static final Set<String> INGEST = Set.of("kafka");
    private static final Set<String> KAFKA = Set.of("bootstrapServers", "topic", "groupId", "config");
    private static final String SERVERS = "[A-Za-z0-9._:\\[\\]-]+(,[A-Za-z0-9._:\\[\\]-]+)*";
    private static final String NAME = "[A-Za-z0-9._-]{1,249}";

    private KafkaIngestSection() {
    }

    /** {@code ingest.kafka} of the top level, null when absent. */
    static KafkaIngestConfig parse(JsonNode top, List<String> problems) {
        JsonNode ingest = top.path("ingest");
        if (ingest.isMissingNode() || ingest.isNull()) {
            return null;
        }
        if (!ingest.isObject()) {
            problems.add("ingest: must be a mapping (kafka)");
            return null;
        }
        unknown(ingest, INGEST, "ingest.", problems);
        JsonNode k = ingest.path("kafka");
        if (k.isMissingNode() || k.isNull()) {
            return null;
        }
        if (!k.isObject()) {
            problems.add("ingest.kafka: must be a mapping (bootstrapServers, topic, groupId, config)");
            return null;
        }
        unknown(k, KAFKA, "ingest.kafka.", problems);
        String servers = text(k, "bootstrapServers", null, problems);
        if (servers == null) {
            problems.add("ingest.kafka.bootstrapServers: required (HOST:PORT[,HOST:PORT...])");
        } else if (!servers.matches(SERVERS)) {
            problems.add("ingest.kafka.bootstrapServers: must be a comma-separated list of HOST:PORT");
        }
        String topic = text(k, "topic", KafkaIngestConfig.DEFAULT_TOPIC, problems);
        if (!topic.matches(NAME) || topic.equals(".") || topic.equals("..")) {
            problems.add("ingest.kafka.topic: not a Kafka topic name (1-249 of letters, digits, '.', '_', '-')");
        }
        String group = text(k, "groupId", KafkaIngestConfig.DEFAULT_GROUP, problems);
        if (!group.matches(NAME)) {
            problems.add("ingest.kafka.groupId: 1-249 of letters, digits, '.', '_', '-'");
        }
        String file = text(k, "config", null, problems);
        Path config = null;
        if (file != null) {
            config = Path.of(file);
            if (!Files.isReadable(config)) {
                problems.add("ingest.kafka.config: " + file + " is not readable");
            }
        }
        return new KafkaIngestConfig(servers, topic, group, config);
    }

    private static String text(JsonNode n, String key, String fallback, List<String> problems) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            problems.add("ingest.kafka." + key + ": must be a string");
            return fallback;
        }
        String s = v.asText().trim();
        return s.isEmpty() ? fallback : s;
    }

    private static void unknown(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(prefix + key + ": unknown key (known: " + String.join(", ", known.stream().sorted()
                        .toList()) + ")");
            }
        }
    }
}
