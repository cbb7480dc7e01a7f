package dev.brokertuner.agent.daemon.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleSetting;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.Severity;
import dev.brokertuner.agent.apply.KernelNames;
import dev.brokertuner.agent.apply.Shell;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the agent's YAML configuration into an {@link AgentConfig}, checking every key and collecting every problem
 * (unknown key with its path, wrong type, out-of-range number, unreadable token file, unknown rule id or threshold)
 * before failing once with all of them.
 */
public final class ConfigLoader {
    public static final Path DEFAULT_PATH = Path.of("/etc/broker-tuner/agent.yaml");
    public static final String DEFAULT_LISTEN = "127.0.0.1:9797";
    public static final int DEFAULT_INTERVAL = 30;
    public static final int DEFAULT_SAMPLE = 5;
    public static final Path DEFAULT_OUTBOX = Path.of("/var/lib/broker-tuner/outbox");
    public static final int DEFAULT_OUTBOX_REPORTS = 10_000;
    public static final long DEFAULT_OUTBOX_BYTES = 256L << 20;

    private static final Set<String> TOP = Set.of("listen", "procfs", "sysfs", "logDirs", "serverProperties",
            "intervalSeconds", "sampleSeconds", "broker", "jmx", "bootstrapServers", "adminConfig", "collector",
            "rules", "clusterAlias", "tags", "nics", "stateDir", "allowedHosts", "workload");
    private static final Set<String> WORKLOAD = Set.of("topTopics", "batchBudgetBytes", "topicMetersSeconds");
    private static final Set<String> NIC = Set.of("speedMbps");
    private static final Set<String> JMX = Set.of("url", "user", "passwordFile");
    private static final Set<String> BROKER = Set.of("enabled", "logDirsSeconds");
    private static final Set<String> COLLECTOR = Set.of("url", "tokenFile", "outboxDir", "outboxMaxReports",
            "outboxMaxBytes", "kafka");
    private static final Set<String> KAFKA = Set.of("bootstrapServers", "topic", "config", "fallbackAfterSeconds");
    public static final String DEFAULT_TOPIC = "broker-tuner.reports";
    public static final int DEFAULT_FALLBACK_SECONDS = 300;
    private static final Set<String> RULE = Set.of("enabled", "severity", "thresholds");

    private final RuleCatalog catalog;

    public ConfigLoader(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    /** Reads a file; a missing or unreadable file is a problem. */
    public AgentConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + describe(e)));
        }
        return parse(text, file);
    }

    /** The defaults, as when no file exists. */
    public AgentConfig defaults() {
        try {
            return parse("", null);
        } catch (ConfigException e) {
            throw new IllegalStateException("defaults must be valid: " + e.problems(), e);
        }
    }

    /** Parses YAML text; {@code source} only labels it. */
    public AgentConfig parse(String yaml, Path source) throws ConfigException {
        JsonNode root;
        try {
            root = yaml.isBlank() ? MissingNode.getInstance() : YAMLMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(yamlError(e)));
        } catch (IOException e) {
            throw new ConfigException(List.of("not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || root.isNull()) {
            root = MissingNode.getInstance();
        }
        List<String> problems = new ArrayList<>();
        if (!root.isMissingNode() && !root.isObject()) {
            throw new ConfigException(List.of("the top level must be a mapping of keys"));
        }
        unknownKeys(root, TOP, "", problems);

        String listen = string(root, "listen", DEFAULT_LISTEN, problems);
        String listenHost = "127.0.0.1";
        int listenPort = 9797;
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            problems.add("listen: '" + listen + "' must be HOST:PORT, e.g. 127.0.0.1:9797");
        } else {
            listenHost = listen.substring(0, colon).replace("[", "").replace("]", "");
            try {
                listenPort = Integer.parseInt(listen.substring(colon + 1));
                if (listenPort < 0 || listenPort > 65535) {
                    problems.add("listen: port " + listenPort + " is out of range 0-65535");
                }
            } catch (NumberFormatException e) {
                problems.add("listen: port '" + listen.substring(colon + 1) + "' is not a number");
            }
        }
        Path procfs = Path.of(string(root, "procfs", "/proc", problems));
        Path sysfs = Path.of(string(root, "sysfs", "/sys", problems));
        List<String> logDirs = stringList(root, "logDirs", problems);
        for (String d : logDirs) {
            if (!d.startsWith("/")) {
                problems.add("logDirs: '" + d + "' must be an absolute path");
            }
        }
        Path serverProperties = path(root, "serverProperties", problems);
        int interval = integer(root, "intervalSeconds", DEFAULT_INTERVAL, 1, 86_400, problems);
        int sample = integer(root, "sampleSeconds", defaultSample(interval), 0, 3_600, problems);
        if (sample >= interval) {
            problems.add("sampleSeconds (" + sample + ") must be less than intervalSeconds (" + interval + ")");
        }

        JsonNode brokerNode = object(root, "broker", problems);
        unknownKeys(brokerNode, BROKER, "broker.", problems);
        boolean brokerEnabled = bool(brokerNode, "enabled", "broker.enabled", true, problems);
        int logDirsSeconds = (int) integer(brokerNode, "logDirsSeconds", "broker.logDirsSeconds",
                dev.brokertuner.agent.broker.AdminReader.LOG_DIRS_PERIOD.toSeconds(), 0, 3_600, problems);

        JsonNode jmxNode = object(root, "jmx", problems);
        unknownKeys(jmxNode, JMX, "jmx.", problems);
        var jmx = new AgentConfig.Jmx(string(jmxNode, "url", "jmx.url", null, problems),
                string(jmxNode, "user", "jmx.user", null, problems), path(jmxNode, "passwordFile", "jmx.passwordFile",
                problems));
        if (jmx.passwordFile() != null && !Files.isReadable(jmx.passwordFile())) {
            problems.add("jmx.passwordFile: " + jmx.passwordFile() + " is not readable");
        }
        String bootstrap = string(root, "bootstrapServers", null, problems);
        Path adminConfig = path(root, "adminConfig", problems);
        if (adminConfig != null && !Files.isReadable(adminConfig)) {
            problems.add("adminConfig: " + adminConfig + " is not readable");
        }
        if (serverProperties != null && !Files.isReadable(serverProperties)) {
            problems.add("serverProperties: " + serverProperties + " is not readable");
        }

        AgentConfig.Collector collector = collector(object(root, "collector", problems), bootstrap, adminConfig,
                problems);
        Map<String, RuleSetting> rules = rules(object(root, "rules", problems), problems);
        String alias = string(root, "clusterAlias", null, problems);
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode tagsNode = object(root, "tags", problems);
        for (Iterator<Map.Entry<String, JsonNode>> it = tagsNode.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                tags.put(e.getKey(), e.getValue().asText());
            } else {
                problems.add("tags." + e.getKey() + ": must be a plain value");
            }
        }
        Map<String, Long> nicSpeeds = nics(object(root, "nics", problems), problems);
        Path stateDir = path(root, "stateDir", problems);
        if (stateDir != null && !stateDir.isAbsolute()) {
            problems.add("stateDir: '" + stateDir + "' must be an absolute path");
        }
        List<String> allowedHosts = stringList(root, "allowedHosts", problems);
        for (String h : allowedHosts) {
            if (!h.matches("[A-Za-z0-9.-]{1,253}|\\[?[0-9A-Fa-f:.]{2,45}]?")) {
                problems.add("allowedHosts: '" + h + "' is not a host name or IP address (no port, no scheme)");
            }
        }
        WorkloadConfig workload = workload(object(root, "workload", problems), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AgentConfig(source, listenHost, listenPort, procfs, sysfs, logDirs, serverProperties, interval,
                sample, brokerEnabled, jmx, bootstrap, adminConfig, collector, rules, alias, tags, nicSpeeds, stateDir,
                allowedHosts, workload, logDirsSeconds);
    }

    /** {@code nics: {ens5: {speedMbps: 12500}}}: declared link speeds, used where the kernel reports none. */
    private static Map<String, Long> nics(JsonNode node, List<String> problems) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String at = "nics." + Shell.commentText(e.getKey());
            if (!KernelNames.isInterfaceName(e.getKey())) {
                problems.add(at + ": not an interface name");
                continue;
            }
            if (!e.getValue().isObject()) {
                problems.add(at + ": must be a mapping with speedMbps");
                continue;
            }
            unknownKeys(e.getValue(), NIC, at + ".", problems);
            if (e.getValue().path("speedMbps").isMissingNode()) {
                problems.add(at + ".speedMbps: missing");
                continue;
            }
            long mbps = integer(e.getValue(), "speedMbps", at + ".speedMbps", 0, 1, 10_000_000, problems);
            if (mbps > 0) {
                out.put(e.getKey(), mbps);
            }
        }
        return out;
    }

    /** The sample window when none is given: 5 s, or half a shorter interval (so {@code intervalSeconds: 5} works). */
    public static int defaultSample(int intervalSeconds) {
        return Math.min(DEFAULT_SAMPLE, intervalSeconds / 2);
    }

    /** A YAML syntax error with the line and column where the parser stopped and its own reason. */
    static String yamlError(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().strip().replaceAll("\\s*\\n\\s*", " ");
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
            reason = (m.getContext() == null ? "" : m.getContext().strip() + ": ") + m.getProblem().strip();
            if (m.getProblemMark() != null) {
                return "not valid YAML at line " + (m.getProblemMark().getLine() + 1) + ", column "
                        + (m.getProblemMark().getColumn() + 1) + ": " + reason;
            }
        }
        if (at == null || at.getLineNr() < 1) {
            return "not valid YAML: " + reason;
        }
        return "not valid YAML at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + reason;
    }

    /** {@code workload: {topTopics: 20, batchBudgetBytes: 2097152}}, each bounded. */
    private static WorkloadConfig workload(JsonNode node, List<String> problems) {
        unknownKeys(node, WORKLOAD, "workload.", problems);
        WorkloadConfig d = WorkloadConfig.defaults();
        int top = (int) integer(node, "topTopics", "workload.topTopics", d.topTopics(), 1,
                WorkloadConfig.MAX_TOP_TOPICS, problems);
        long budget = integer(node, "batchBudgetBytes", "workload.batchBudgetBytes", d.batchBudgetBytes(),
                WorkloadConfig.MIN_BUDGET, WorkloadConfig.MAX_BUDGET, problems);
        int meters = (int) integer(node, "topicMetersSeconds", "workload.topicMetersSeconds",
                d.topicMetersSeconds(), 0, WorkloadConfig.MAX_TOPIC_METERS_SECONDS, problems);
        return new WorkloadConfig(top, budget, meters);
    }

    private AgentConfig.Collector collector(JsonNode node, String bootstrap, Path adminConfig, List<String> problems) {
        unknownKeys(node, COLLECTOR, "collector.", problems);
        AgentConfig.Kafka kafka = kafka(node.path("kafka"), bootstrap, adminConfig, problems);
        String url = string(node, "url", "collector.url", null, problems);
        Path tokenFile = path(node, "tokenFile", "collector.tokenFile", problems);
        Path outbox = path(node, "outboxDir", "collector.outboxDir", problems);
        int maxReports = (int) integer(node, "outboxMaxReports", "collector.outboxMaxReports", DEFAULT_OUTBOX_REPORTS, 1,
                10_000_000, problems);
        long maxBytes = integer(node, "outboxMaxBytes", "collector.outboxMaxBytes", DEFAULT_OUTBOX_BYTES, 1 << 20,
                Long.MAX_VALUE, problems);
        if (url == null && kafka != null) {
            if (tokenFile != null) {
                problems.add("collector.tokenFile: set but collector.url is not (Kafka delivery uses no token)");
            }
            return new AgentConfig.Collector(null, null, null, outbox == null ? DEFAULT_OUTBOX : outbox, maxReports,
                    maxBytes, kafka);
        }
        if (url == null) {
            if (tokenFile != null || outbox != null) {
                problems.add("collector: tokenFile/outboxDir are set but collector.url is not");
            }
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add("collector.url: '" + url + "' must be an http:// or https:// URL with a host");
            }
        } catch (IllegalArgumentException e) {
            problems.add("collector.url: '" + url + "' is not a URL: " + e.getMessage());
        }
        String token = null;
        if (tokenFile == null) {
            problems.add("collector.tokenFile: required when collector.url is set (the collector needs a token)");
        } else {
            try {
                token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                if (token.isEmpty()) {
                    problems.add("collector.tokenFile: " + tokenFile + " is empty");
                }
            } catch (IOException e) {
                problems.add("collector.tokenFile: cannot read " + tokenFile + ": " + describe(e));
            }
        }
        return new AgentConfig.Collector(url.replaceAll("/+$", ""), token, tokenFile,
                outbox == null ? DEFAULT_OUTBOX : outbox, maxReports, maxBytes, kafka);
    }

    /** {@code collector.kafka}; null when absent. */
    private static AgentConfig.Kafka kafka(JsonNode node, String bootstrap, Path adminConfig, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add("collector.kafka: must be a mapping (bootstrapServers, topic, config, fallbackAfterSeconds)");
            return null;
        }
        unknownKeys(node, KAFKA, "collector.kafka.", problems);
        String servers = string(node, "bootstrapServers", "collector.kafka.bootstrapServers", null, problems);
        Path config = path(node, "config", "collector.kafka.config", problems);
        if (servers == null) {
            if (bootstrap == null) {
                problems.add("collector.kafka.bootstrapServers: required when the top-level bootstrapServers is not "
                        + "set (the agent's own cluster is the default only when its address is configured)");
            }
            servers = bootstrap;
            config = config == null ? adminConfig : config;
        }
        if (servers != null && !servers.matches("[A-Za-z0-9._:\\[\\]-]+(,[A-Za-z0-9._:\\[\\]-]+)*")) {
            problems.add("collector.kafka.bootstrapServers: '" + Shell.commentText(servers) + "' must be a "
                    + "comma-separated list of HOST:PORT");
        }
        String topic = string(node, "topic", "collector.kafka.topic", DEFAULT_TOPIC, problems);
        if (!topic.matches("[A-Za-z0-9._-]{1,249}") || topic.equals(".") || topic.equals("..")) {
            problems.add("collector.kafka.topic: '" + Shell.commentText(topic) + "' is not a Kafka topic name "
                    + "(1-249 of letters, digits, '.', '_', '-')");
        }
        if (config != null && !Files.isReadable(config)) {
            problems.add("collector.kafka.config: " + config + " is not readable");
        }
        int fallback = (int) integer(node, "fallbackAfterSeconds", "collector.kafka.fallbackAfterSeconds",
                DEFAULT_FALLBACK_SECONDS, 1, 86_400, problems);
        return new AgentConfig.Kafka(servers, topic, config, fallback);
    }

    private Map<String, RuleSetting> rules(JsonNode node, List<String> problems) {
        Map<String, RuleSetting> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            String id = e.getKey();
            String at = "rules." + id;
            var rule = catalog.find(id);
            if (rule.isEmpty()) {
                problems.add(at + ": unknown rule id (see docs/rules.md)");
                continue;
            }
            JsonNode r = e.getValue();
            if (!r.isObject()) {
                problems.add(at + ": must be a mapping with enabled, severity, thresholds");
                continue;
            }
            unknownKeys(r, RULE, at + ".", problems);
            boolean enabled = bool(r, "enabled", at + ".enabled", true, problems);
            Severity severity = null;
            String sev = string(r, "severity", at + ".severity", null, problems);
            if (sev != null) {
                try {
                    severity = Severity.parse(sev);
                } catch (IllegalArgumentException ex) {
                    problems.add(at + ".severity: " + ex.getMessage());
                }
            }
            out.put(id, new RuleSetting(enabled, severity, thresholds(rule.get(), r.path("thresholds"), at,
                    problems)));
        }
        return out;
    }

    private static Thresholds thresholds(Rule rule, JsonNode node, String at, List<String> problems) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return Thresholds.defaults();
        }
        if (!node.isObject()) {
            problems.add(at + ".thresholds: must be a mapping of name: number");
            return Thresholds.defaults();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!rule.thresholds().containsKey(e.getKey())) {
                problems.add(at + ".thresholds." + e.getKey() + ": unknown threshold (this rule has "
                        + (rule.thresholds().isEmpty() ? "none" : String.join(", ", rule.thresholds().keySet()))
                        + ")");
            } else if (!e.getValue().isNumber()) {
                problems.add(at + ".thresholds." + e.getKey() + ": must be a number");
            } else {
                out.put(e.getKey(), e.getValue().asDouble());
            }
        }
        return new Thresholds(out);
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

    private static JsonNode object(JsonNode parent, String key, List<String> problems) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return MissingNode.getInstance();
        }
        if (!n.isObject()) {
            problems.add(key + ": must be a mapping");
            return MissingNode.getInstance();
        }
        return n;
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
            problems.add(at + ": must be a string, got " + kind(n) + " '" + n.asText() + "' (quote it if it is "
                    + "meant as text)");
            return fallback;
        }
        String s = n.asText().trim();
        return s.isEmpty() ? fallback : s;
    }

    private static String kind(JsonNode n) {
        return n.isNumber() ? "a number" : n.isBoolean() ? "a boolean" : n.isArray() ? "a list"
                : n.isObject() ? "a mapping" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> stringList(JsonNode parent, String key, List<String> problems) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            problems.add(key + ": must be a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (e.isTextual() && !e.asText().isBlank()) {
                out.add(e.asText().trim());
            } else {
                problems.add(key + ": every entry must be a non-empty string");
            }
        }
        return out;
    }

    private static Path path(JsonNode parent, String key, List<String> problems) {
        return path(parent, key, key, problems);
    }

    private static Path path(JsonNode parent, String key, String at, List<String> problems) {
        String s = string(parent, key, at, null, problems);
        return s == null ? null : Path.of(s);
    }

    private static int integer(JsonNode parent, String key, int fallback, int min, int max, List<String> problems) {
        return (int) integer(parent, key, key, fallback, min, max, problems);
    }

    private static long integer(JsonNode parent, String key, String at, long fallback, long min, long max,
                                List<String> problems) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber()) {
            problems.add(at + ": must be a whole number, got '" + n.asText() + "'");
            return fallback;
        }
        long v = n.asLong();
        if (v < min || v > max) {
            problems.add(at + ": " + v + " is out of range " + min + "-" + max);
            return fallback;
        }
        return v;
    }

    private static boolean bool(JsonNode parent, String key, String at, boolean fallback, List<String> problems) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            problems.add(at + ": must be true or false");
            return fallback;
        }
        return n.asBoolean();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : " " + m);
    }
}
