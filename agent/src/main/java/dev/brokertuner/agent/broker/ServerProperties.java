package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.host.BoundedRead;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A broker's {@code server.properties}: the few keys the agent needs ({@code log.dirs}, {@code listeners},
 * {@code node.id}, {@code process.roles}). Parsing is apart from reading: {@link #parse(String)} takes text.
 */
public record ServerProperties(Properties properties) {

    /** Parses properties text (Java properties syntax, as Kafka reads it). */
    public static ServerProperties parse(String text) {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: StringReader", e);
        }
        return new ServerProperties(p);
    }

    /** Reads and parses a file. */
    public static ServerProperties read(Path file) throws IOException {
        return parse(BoundedRead.text(file));
    }

    /** A value, trimmed, empty values as absent. */
    public Optional<String> get(String key) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** {@code log.dirs}, else {@code log.dir}, split on commas; empty when neither is set. */
    public List<String> logDirs() {
        return get("log.dirs").or(() -> get("log.dir"))
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}
