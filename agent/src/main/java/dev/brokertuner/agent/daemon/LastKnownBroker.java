package dev.brokertuner.agent.daemon;

import dev.brokertuner.agent.host.BoundedRead;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.report.BrokerFacts;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster id and Kafka version the daemon last read from its broker, so that a report made while the broker is
 * down still names its cluster ({@code broker.lastKnown*}) and the collector keeps the host in it. Kept in memory
 * and, when a state dir is given, in {@code <stateDir>/broker-last-known.json} (written atomically when the values
 * change), so the first report after an agent restart carries them too. A file that does not parse or holds values
 * that cannot be a cluster id or version is ignored with a log line.
 */
public final class LastKnownBroker {
    static final String FILE = "broker-last-known.json";
    private static final Logger LOG = LoggerFactory.getLogger(LastKnownBroker.class);
    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+_-]{1,40}");

    /** What was last read. */
    record Known(String clusterId, String kafkaVersion, Instant at) {
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private Known known;

    /** @param stateDir where to keep it across restarts, null for memory only */
    public LastKnownBroker(Path stateDir) {
        this.file = stateDir == null ? null : stateDir.resolve(FILE);
        this.known = load();
    }

    /**
     * Remembers what an answering broker said and returns the facts with the last-known identity set.
     *
     * @param at when these facts were gathered
     */
    public synchronized BrokerFacts stamp(BrokerFacts b, Instant at) {
        if (b == null) {
            return null;
        }
        if (b.ok() && (valid(b.clusterId(), CLUSTER_ID) || valid(b.kafkaVersion(), VERSION))) {
            String cluster = valid(b.clusterId(), CLUSTER_ID) ? b.clusterId() : known == null ? null
                    : known.clusterId();
            String version = valid(b.kafkaVersion(), VERSION) ? b.kafkaVersion() : known == null ? null
                    : known.kafkaVersion();
            boolean changed = known == null || !Objects.equals(cluster, known.clusterId())
                    || !Objects.equals(version, known.kafkaVersion());
            known = new Known(cluster, version, at);
            if (changed) {
                save(known);
            }
        }
        return known == null ? b : b.withLastKnown(known.clusterId(), known.kafkaVersion(), known.at());
    }

    private static boolean valid(String value, Pattern p) {
        return value != null && p.matcher(value).matches();
    }

    private Known load() {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode n = json.readTree(BoundedRead.bytes(file, 64 * 1024)); // a few hundred bytes when ours
            String cluster = n.path("clusterId").isTextual() ? n.path("clusterId").asText() : null;
            String version = n.path("kafkaVersion").isTextual() ? n.path("kafkaVersion").asText() : null;
            Instant at = Instant.parse(n.path("at").asText());
            if (cluster != null && !valid(cluster, CLUSTER_ID) || version != null && !valid(version, VERSION)
                    || cluster == null && version == null) {
                LOG.warn("ignoring {}: it does not hold a cluster id and Kafka version", file);
                return null;
            }
            return new Known(cluster, version, at);
        } catch (IOException | DateTimeParseException e) {
            LOG.warn("ignoring {}: {}", file, e.toString());
            return null;
        }
    }

    private void save(Known k) {
        if (file == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clusterId", k.clusterId());
        body.put("kafkaVersion", k.kafkaVersion());
        body.put("at", k.at().toString());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.write(tmp, json.writeValueAsBytes(body));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean
            }
            LOG.warn("could not keep the broker's cluster id in {} (kept in memory only): {}", file, e.toString());
        }
    }
}
