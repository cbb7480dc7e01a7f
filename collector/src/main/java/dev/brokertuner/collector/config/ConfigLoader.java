package dev.brokertuner.collector.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brokertuner.collector.alerts.ShownUrl;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.brokertuner.collector.store.Durability;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the collector's YAML configuration (plus command-line overrides) into a {@link CollectorConfig}, checking
 * every key and collecting every problem (unknown key, wrong type, out-of-range number, unreadable or malformed
 * tokens file, missing TLS file) before failing once with all of them.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_PATH = Path.of("/etc/broker-tuner/collector.yaml");
    public static final String DEFAULT_LISTEN = "0.0.0.0:9798";
    public static final String DEFAULT_DATA_DIR = "/var/lib/broker-tuner-collector";
    public static final String DEFAULT_TOKENS_FILE = "/etc/broker-tuner/collector-tokens";
    public static final int DEFAULT_RETENTION_DAYS = 14;
    /** Three agent intervals of the agent's default 30 s. */
    public static final int DEFAULT_STALE_AFTER = 90;
    public static final int DEFAULT_MAX_BODY = 1 << 20;
    public static final int DEFAULT_MAX_PENDING = 4096;

    private static final Set<String> TOP = Set.of("listen", "dataDir", "tokensFile", "viewers", "tls",
            "retentionDays", "staleAfterSeconds", "maxBodyBytes", "maxPending", "durability", "ingestMemoryBytes",
            "maxConcurrentPerToken", "maxClockSkewSeconds", "headerTimeoutSeconds", "bodyTimeoutSeconds",
            "maxConnectionsPerAddress", "alerts", "store", "ingest");
    private static final Set<String> TLS = Set.of("certFile", "keyFile");
    private static final Set<String> STORE = Set.of("type", "url", "user", "passwordFile", "maxPoolSize");

    /** Reads a file (null: none, only flags and defaults). */
    public CollectorConfig load(Path file, Overrides flags) throws ConfigException {
        String text = "";
        if (file != null) {
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(List.of(file + ": cannot read: " + describe(e)));
            }
        }
        return parse(text, file, flags);
    }

    /** Parses YAML text; {@code source} only labels it. */
    public CollectorConfig parse(String yaml, Path source, Overrides flags) throws ConfigException {
        JsonNode root;
        try {
            root = yaml.isBlank() ? MissingNode.getInstance() : new YAMLMapper().readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(yamlError(e)));
        } catch (IOException e) {
            throw new ConfigException(List.of("not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = new YAMLMapper().createObjectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of("the top level must be a mapping of keys"));
        }
        ObjectNode top = (ObjectNode) root;
        override(top, "listen", flags.listen());
        override(top, "dataDir", flags.dataDir());
        override(top, "tokensFile", flags.tokensFile());
        override(top, "viewers", flags.viewers());

        List<String> problems = new ArrayList<>();
        unknownKeys(top, TOP, "", problems);
        String listen = string(top, "listen", DEFAULT_LISTEN, problems);
        String host = "0.0.0.0";
        int port = 9798;
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            problems.add("listen: '" + listen + "' must be HOST:PORT, e.g. 0.0.0.0:9798");
        } else {
            host = listen.substring(0, colon).replace("[", "").replace("]", "");
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    problems.add("listen: port " + port + " is out of range 0-65535");
                }
            } catch (NumberFormatException e) {
                problems.add("listen: port '" + listen.substring(colon + 1) + "' is not a number");
            }
        }
        Path dataDir = path(top, "dataDir", DEFAULT_DATA_DIR, problems);
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            problems.add("dataDir: " + dataDir + " exists and is not a directory");
        } else if (Files.isDirectory(dataDir) && !Files.isWritable(dataDir)) {
            problems.add("dataDir: " + dataDir + " is not writable");
        }
        Path tokensFile = path(top, "tokensFile", DEFAULT_TOKENS_FILE, problems);
        Tokens tokens = null;
        try {
            tokens = Tokens.parse(Files.readString(tokensFile, StandardCharsets.UTF_8), "tokensFile " + tokensFile,
                    problems);
        } catch (IOException e) {
            problems.add("tokensFile: cannot read " + tokensFile + ": " + describe(e));
        }
        CollectorConfig.Viewers viewers = CollectorConfig.Viewers.TOKEN;
        String v = string(top, "viewers", "token", problems);
        try {
            viewers = CollectorConfig.Viewers.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("viewers: '" + v + "' must be 'token' (any sender token may read) or 'open'");
        }
        CollectorConfig.Tls tls = tls(top, problems);
        int retention = (int) integer(top, "retentionDays", DEFAULT_RETENTION_DAYS, 1, 3650, problems);
        int stale = (int) integer(top, "staleAfterSeconds", DEFAULT_STALE_AFTER, 1, 7 * 86_400, problems);
        int maxBody = (int) integer(top, "maxBodyBytes", DEFAULT_MAX_BODY, 1024, 64 << 20, problems);
        int maxPending = (int) integer(top, "maxPending", DEFAULT_MAX_PENDING, 1, 1_000_000, problems);
        Durability durability = Durability.FSYNC;
        String d = string(top, "durability", "fsync", problems);
        try {
            durability = Durability.valueOf(d.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("durability: '" + d + "' must be 'fsync' (survives power loss) or 'flush' (survives "
                    + "kill -9)");
        }
        long memory = integer(top, "ingestMemoryBytes", CollectorConfig.Ingest.defaultMemoryBytes(), 4L << 20,
                Long.MAX_VALUE, problems);
        int perToken = (int) integer(top, "maxConcurrentPerToken", CollectorConfig.Ingest.DEFAULT_PER_TOKEN, 1,
                100_000, problems);
        int skew = (int) integer(top, "maxClockSkewSeconds", CollectorConfig.Ingest.DEFAULT_SKEW_SECONDS, 0,
                86_400, problems);
        int headerTimeout = (int) integer(top, "headerTimeoutSeconds",
                CollectorConfig.Connections.DEFAULT_HEADER_TIMEOUT, 1, 3600, problems);
        int bodyTimeout = (int) integer(top, "bodyTimeoutSeconds", CollectorConfig.Connections.DEFAULT_BODY_TIMEOUT,
                1, 3600, problems);
        int perAddress = (int) integer(top, "maxConnectionsPerAddress",
                CollectorConfig.Connections.DEFAULT_PER_ADDRESS, 1, 1_000_000, problems);
        dev.brokertuner.collector.alerts.AlertsConfig alerts = AlertsSection.parse(top.path("alerts"), problems);
        CollectorConfig.Store store = store(top, problems);
        var kafkaIngest = KafkaIngestSection.parse(top, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new CollectorConfig(source, host, port, dataDir, tokens, tokensFile, viewers, tls, retention, stale,
                maxBody, maxPending, durability, new CollectorConfig.Ingest(memory, perToken, skew),
                new CollectorConfig.Connections(headerTimeout, bodyTimeout, perAddress), alerts, store,
                kafkaIngest);
    }

    private static CollectorConfig.Tls tls(ObjectNode top, List<String> problems) {
        JsonNode n = top.path("tls");
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            problems.add("tls: must be a mapping with certFile and keyFile");
            return null;
        }
        unknownKeys(n, TLS, "tls.", problems);
        String cert = string(n, "certFile", "tls.certFile", null, problems);
        String key = string(n, "keyFile", "tls.keyFile", null, problems);
        if (cert == null || key == null) {
            problems.add("tls: both certFile and keyFile are required");
            return null;
        }
        for (String f : List.of(cert, key)) {
            if (!Files.isReadable(Path.of(f))) {
                problems.add("tls: " + f + " is not readable");
            }
        }
        return new CollectorConfig.Tls(Path.of(cert), Path.of(key));
    }

    /**
     * The {@code store:} section: {@code type: h2} (the default, no other key) or {@code type: postgres} with
     * {@code url}, {@code user}, {@code passwordFile} (read here; refused when others may read it) and
     * {@code maxPoolSize}.
     */
    private static CollectorConfig.Store store(ObjectNode top, List<String> problems) {
        JsonNode n = top.path("store");
        if (n.isMissingNode() || n.isNull()) {
            return CollectorConfig.Store.h2();
        }
        if (!n.isObject()) {
            problems.add("store: must be a mapping, e.g. {type: postgres, url: \"jdbc:postgresql://db:5432/fleet\", "
                    + "user: bt, passwordFile: /etc/broker-tuner/pg-password}");
            return CollectorConfig.Store.h2();
        }
        unknownKeys(n, STORE, "store.", problems);
        String t = string(n, "type", "store.type", "h2", problems);
        CollectorConfig.Store.Type type;
        try {
            type = CollectorConfig.Store.Type.valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("store.type: '" + t + "' must be 'h2' (embedded, one collector) or 'postgres' (shared by "
                    + "several collectors)");
            return CollectorConfig.Store.h2();
        }
        String url = string(n, "url", "store.url", null, problems);
        String user = string(n, "user", "store.user", null, problems);
        String passwordFile = string(n, "passwordFile", "store.passwordFile", null, problems);
        int pool = CollectorConfig.Store.DEFAULT_POOL;
        JsonNode p = n.path("maxPoolSize");
        if (!p.isMissingNode() && !p.isNull()) {
            if (!p.isIntegralNumber() || p.asLong() < 1 || p.asLong() > 1000) {
                problems.add("store.maxPoolSize: must be a whole number 1-1000, got '" + p.asText() + "'");
            } else {
                pool = p.asInt();
            }
        }
        if (type == CollectorConfig.Store.Type.H2) {
            for (String k : List.of("url", "user", "passwordFile", "maxPoolSize")) {
                if (n.has(k)) {
                    problems.add("store." + k + ": only used with type: postgres (the H2 store lives in dataDir)");
                }
            }
            return CollectorConfig.Store.h2();
        }
        if (url == null) {
            problems.add("store.url: required with type: postgres, e.g. jdbc:postgresql://db:5432/fleet");
        } else if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            problems.add("store.url: holds a password; put it in store.passwordFile (the URL is logged and shown)");
        } else if (!url.startsWith("jdbc:postgresql://")) {
            problems.add("store.url: '" + ShownUrl.of(url) + "' must start with jdbc:postgresql://");
        }
        if (user == null) {
            problems.add("store.user: required with type: postgres (the PostgreSQL role)");
        }
        String password = passwordFile == null ? null : password(passwordFile, problems);
        return new CollectorConfig.Store(type, url, user, password, pool);
    }

    /** The first line of the password file, which only its owner (and group) may read. */
    private static String password(String file, List<String> problems) {
        Path f;
        try {
            f = Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            problems.add("store.passwordFile: not a usable path: " + e.getReason());
            return null;
        }
        try {
            if (Files.getFileStore(f).supportsFileAttributeView("posix")
                    && Files.getPosixFilePermissions(f).contains(java.nio.file.attribute.PosixFilePermission
                    .OTHERS_READ)) {
                problems.add("store.passwordFile: " + f + " is readable by every user; chmod 600 (or 640 with the "
                        + "collector's group) it");
                return null;
            }
            String pw = Files.readString(f, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (pw.isEmpty()) {
                problems.add("store.passwordFile: " + f + " is empty; its first line is the password");
                return null;
            }
            return pw;
        } catch (IOException e) {
            problems.add("store.passwordFile: cannot read " + f + ": " + describe(e));
            return null;
        }
    }

    private static void override(ObjectNode top, String key, String value) {
        if (value != null) {
            top.set(key, TextNode.valueOf(value));
        }
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                problems.add(prefix + k + ": unknown key (known: " + String.join(", ", known.stream().sorted()
                        .toList()) + ")");
            }
        }
    }

    private static String string(JsonNode parent, String key, String fallback, List<String> problems) {
        return string(parent, key, key, fallback, problems);
    }

    private static String string(JsonNode parent, String key, String at, String fallback, List<String> problems) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            problems.add(at + ": must be a string, got " + kind(n) + " '" + n.asText() + "'");
            return fallback;
        }
        String s = n.asText().trim();
        return s.isEmpty() ? fallback : s;
    }

    private static long integer(JsonNode parent, String key, long fallback, long min, long max,
                                List<String> problems) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber()) {
            problems.add(key + ": must be a whole number, got '" + n.asText() + "'");
            return fallback;
        }
        long v = n.asLong();
        if (v < min || v > max) {
            problems.add(key + ": " + v + " is out of range " + min + "-" + max);
            return fallback;
        }
        return v;
    }

    private static Path path(JsonNode parent, String key, String fallback, List<String> problems) {
        String s = string(parent, key, fallback, problems);
        try {
            return Path.of(s);
        } catch (java.nio.file.InvalidPathException e) {
            problems.add(key + ": not a usable path: " + e.getReason());
            return Path.of(fallback);
        }
    }

    /** What a YAML value is, for problems: {@code a number}, {@code a list}, ... */
    private static String kind(JsonNode n) {
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** The parser's reason with the line and column it stopped at (1-based). */
    static String yamlError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().lines().findFirst().orElse("").strip();
        if (at == null || at.getLineNr() < 1) {
            return "not valid YAML: " + reason;
        }
        return "not valid YAML at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + reason;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : " " + m);
    }
}
