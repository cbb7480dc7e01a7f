package dev.brokertuner.collector.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brokertuner.collector.alerts.AlertsConfig;
import dev.brokertuner.collector.alerts.ReceiverConfig;
import dev.brokertuner.collector.alerts.Receivers;
import dev.brokertuner.collector.alerts.Route;
import dev.brokertuner.collector.alerts.ShownUrl;
import dev.brokertuner.report.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code alerts:} section of collector.yaml: receivers (name, type, the type's settings), routes (cluster,
 * minSeverity, receivers), raiseAfterReports, clearAfterReports, repeatIntervalSeconds, dashboardUrl, docsBaseUrl and
 * giveUpAfterHours. Adds every
 * problem it finds (unknown key or type, duplicate receiver name, a route naming an unknown receiver, a bad URL, a
 * missing or world-readable secret file) to the loader's list; each receiver's settings are checked by
 * {@link Receivers#check}, the code that builds it.
 */
public final class AlertsSection {
    private static final Set<String> KEYS = Set.of("receivers", "routes", "raiseAfterReports", "clearAfterReports",
            "repeatIntervalSeconds", "dashboardUrl", "docsBaseUrl", "giveUpAfterHours");
    private static final Set<String> ROUTE_KEYS = Set.of("cluster", "minSeverity", "receivers");
    private static final String NAME = "[A-Za-z0-9._-]{1,64}";

    private AlertsSection() {
    }

    /** Parses the section (missing: {@link AlertsConfig#none()}), adding problems to {@code problems}. */
    public static AlertsConfig parse(JsonNode section, List<String> problems) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return AlertsConfig.none();
        }
        if (!section.isObject()) {
            problems.add("alerts: must be a mapping (receivers, routes, ...)");
            return AlertsConfig.none();
        }
        unknown(section, KEYS, "alerts.", problems);
        List<ReceiverConfig> receivers = receivers(section.path("receivers"), problems);
        Set<String> names = new HashSet<>();
        receivers.forEach(r -> names.add(r.name()));
        List<Route> routes = routes(section.path("routes"), names, problems);
        int raise = (int) number(section, "raiseAfterReports", AlertsConfig.DEFAULT_RAISE_AFTER, 1, 1000, problems);
        int clear = (int) number(section, "clearAfterReports", AlertsConfig.DEFAULT_CLEAR_AFTER, 1, 1000, problems);
        long repeat = number(section, "repeatIntervalSeconds", 0, 0, 30L * 86_400, problems);
        if (repeat > 0 && repeat < 60) {
            problems.add("alerts.repeatIntervalSeconds: " + repeat + " is below 60 (0 or absent: never repeat)");
        }
        String dashboard = dashboardUrl(section.path("dashboardUrl"), problems);
        String docs = docsBaseUrl(section.path("docsBaseUrl"), problems);
        long giveUp = number(section, "giveUpAfterHours", 24, 1, 30L * 24, problems);
        return new AlertsConfig(receivers, routes, raise, clear, repeat >= 60 ? Duration.ofSeconds(repeat) : null,
                dashboard, docs, Duration.ofHours(giveUp));
    }

    private static List<ReceiverConfig> receivers(JsonNode list, List<String> problems) {
        List<ReceiverConfig> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.add("alerts.receivers: must be a list of {name, type, ...settings}");
            return out;
        }
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode r : list) {
            String at = "alerts.receivers[" + i++ + "]";
            if (!r.isObject()) {
                problems.add(at + ": must be a mapping {name, type, ...settings}");
                continue;
            }
            String name = text(r.path("name"));
            String type = text(r.path("type"));
            if (name == null) {
                problems.add(at + ".name: required");
                continue;
            }
            if (!name.matches(NAME)) {
                problems.add(at + ".name: '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
                continue;
            }
            if (!seen.add(name)) {
                problems.add("alerts.receivers[" + name + "]: the name '" + name + "' is used by two receivers");
                continue;
            }
            if (type == null) {
                problems.add("alerts.receivers[" + name + "].type: required (one of "
                        + String.join(", ", Receivers.TYPES) + ")");
                continue;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("name") || e.getKey().equals("type")) {
                    continue;
                }
                String v = setting(e.getValue());
                if (v == null) {
                    problems.add("alerts.receivers[" + name + "]." + e.getKey() + ": must be a string, a number, "
                            + "a boolean or a list of strings");
                } else {
                    settings.put(e.getKey(), v);
                }
            }
            ReceiverConfig c = new ReceiverConfig(name, type, settings);
            problems.addAll(Receivers.check(c));
            out.add(c);
        }
        return out;
    }

    private static List<Route> routes(JsonNode list, Set<String> receivers, List<String> problems) {
        List<Route> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.add("alerts.routes: must be a list of {cluster, minSeverity, receivers}");
            return out;
        }
        int i = 0;
        for (JsonNode r : list) {
            String at = "alerts.routes[" + i++ + "]";
            if (!r.isObject()) {
                problems.add(at + ": must be a mapping {cluster, minSeverity, receivers}");
                continue;
            }
            unknown(r, ROUTE_KEYS, at + ".", problems);
            String cluster = text(r.path("cluster"));
            Severity min = Severity.INFO;
            String sev = text(r.path("minSeverity"));
            if (sev != null) {
                try {
                    min = Severity.parse(sev);
                } catch (IllegalArgumentException e) {
                    problems.add(at + ".minSeverity: " + e.getMessage());
                }
            }
            JsonNode names = r.path("receivers");
            List<String> to = new ArrayList<>();
            if (!names.isArray() || names.isEmpty()) {
                problems.add(at + ".receivers: must be a non-empty list of receiver names");
                continue;
            }
            for (JsonNode n : names) {
                String name = text(n);
                if (name == null || !receivers.contains(name)) {
                    problems.add(at + ".receivers: '" + (name == null ? n.toString() : name) + "' is not a receiver "
                            + "(known: " + (receivers.isEmpty() ? "none" : String.join(", ", new TreeSet<>(receivers)))
                            + ")");
                } else if (!to.contains(name)) {
                    to.add(name);
                }
            }
            out.add(new Route(cluster, min, to));
        }
        return out;
    }

    private static String dashboardUrl(JsonNode n, List<String> problems) {
        String v = text(n);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (u.getHost() != null && ("https".equalsIgnoreCase(u.getScheme())
                    || "http".equalsIgnoreCase(u.getScheme()))) {
                return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
            }
        } catch (URISyntaxException ignored) {
            // said below
        }
        problems.add("alerts.dashboardUrl: '" + ShownUrl.of(v) + "' must be the collector's public http(s) URL, e.g. "
                + "https://collector.example:9798");
        return null;
    }

    /** Where docs/ is published: an absolute http(s) URL without user, query or fragment. */
    private static String docsBaseUrl(JsonNode n, List<String> problems) {
        String v = text(n);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (u.getHost() != null && ("https".equalsIgnoreCase(u.getScheme())
                    || "http".equalsIgnoreCase(u.getScheme())) && u.getRawUserInfo() == null
                    && u.getRawQuery() == null && u.getRawFragment() == null) {
                return v.replaceAll("/+$", "");
            }
        } catch (URISyntaxException ignored) {
            // said below
        }
        problems.add("alerts.docsBaseUrl: '" + ShownUrl.of(v) + "' must be an http(s) URL without user, query or "
                + "fragment where the docs/ folder is published, e.g. https://github.com/acme/broker-tuner/blob/v1.4.0");
        return null;
    }

    private static long number(JsonNode parent, String key, long fallback, long min, long max,
                               List<String> problems) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
            problems.add("alerts." + key + ": '" + n.asText() + "' must be a whole number " + min + "-" + max);
            return fallback;
        }
        return n.asLong();
    }

    /** A scalar as text, a list of scalars joined with commas, null for anything else. */
    private static String setting(JsonNode v) {
        if (v.isValueNode() && !v.isNull()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull()) {
                    return null;
                }
                parts.add(e.asText());
            }
            return String.join(",", parts);
        }
        return null;
    }

    private static String text(JsonNode n) {
        if (n == null || !n.isValueNode() || n.isNull() || n.asText().isBlank()) {
            return null;
        }
        return n.asText().trim();
    }

    private static void unknown(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                problems.add(prefix + k + ": unknown key (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }
}
