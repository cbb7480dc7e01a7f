package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.config.SecretFile;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Reading one receiver's settings: required values, numbers in range, secrets from files ({@link SecretFile}) and
 * URLs (https, or http to loopback or with {@code insecureHttp: true}); each problem names the setting as
 * {@code alerts.receivers[NAME].KEY} and never shows a secret.
 */
record ReceiverSettings(ReceiverConfig c, String at, List<String> problems) {

    String required(String key) {
        String v = c.settings().get(key);
        if (v == null || v.isBlank()) {
            problems.add(at + "." + key + ": required for type " + c.type());
            return null;
        }
        return v.trim();
    }

    long number(String key, long fallback, long min, long max) {
        String v = c.settings().get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        problems.add(at + "." + key + ": '" + v + "' must be a whole number " + min + "-" + max);
        return fallback;
    }

    Duration seconds(String key, long fallback, long min, long max) {
        return Duration.ofSeconds(number(key, fallback, min, max));
    }

    String secret(String key, boolean required) {
        String file = c.settings().get(key);
        if (file == null || file.isBlank()) {
            if (required) {
                problems.add(at + "." + key + ": required for type " + c.type() + " (a file holding the secret, "
                        + "readable by the collector only)");
            }
            return null;
        }
        try {
            return SecretFile.read(Path.of(file.trim()), at + "." + key, problems);
        } catch (InvalidPathException e) {
            problems.add(at + "." + key + ": not a usable path: " + e.getReason());
            return null;
        }
    }

    /** A URL given inline ({@code key}) or in a file ({@code fileKey}), exactly one of them. */
    URI secretUrl(String key, String fileKey) {
        boolean inline = c.settings().containsKey(key);
        boolean file = c.settings().containsKey(fileKey);
        if (inline == file) {
            problems.add(at + ": give exactly one of " + key + " and " + fileKey + " (the file keeps the URL, "
                    + "which is the secret, out of collector.yaml)");
            return null;
        }
        if (inline) {
            String v = c.settings().get(key).trim();
            return checkUrl(v, at + "." + key, "the URL");
        }
        String v = secret(fileKey, true);
        return v == null ? null : checkUrl(v, at + "." + fileKey, "the URL in the file");
    }

    URI url(String key, String fallback) {
        String v = c.settings().get(key);
        if (v == null || v.isBlank()) {
            if (fallback == null) {
                problems.add(at + "." + key + ": required for type " + c.type());
                return null;
            }
            v = fallback;
        }
        return checkUrl(v.trim(), at + "." + key, "'" + ShownUrl.of(v.trim()) + "'");
    }

    /**
     * Absolute http(s) with a host; https unless loopback or insecureHttp. {@code shown}: how problems name it
     * (the URL itself only when it is no secret, and then through {@link ShownUrl}: never its user, password or
     * query).
     */
    URI checkUrl(String v, String where, String shown) {
        boolean show = shown.startsWith("'");
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            problems.add(where + ": " + shown + " is not a URL" + (show ? ": " + e.getReason() : ""));
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            problems.add(where + ": " + shown + " must be an absolute https:// URL with a host");
            return null;
        }
        boolean insecure = "true".equalsIgnoreCase(c.settings().getOrDefault("insecureHttp", "false").trim());
        String flag = c.settings().get("insecureHttp");
        if (flag != null && !flag.trim().equalsIgnoreCase("true") && !flag.trim().equalsIgnoreCase("false")) {
            problems.add(at + ".insecureHttp: '" + flag + "' must be true or false");
        }
        if (scheme.equals("http") && !insecure && !loopback(u.getHost())) {
            problems.add(where + ": " + shown + " is plain http to " + u.getHost() + "; use https, or set "
                    + "insecureHttp: true for a receiver on a trusted network");
            return null;
        }
        if (u.getUserInfo() != null && show) {
            problems.add(where + ": the URL holds a user and password; put credentials in a file setting");
            return null;
        }
        return u;
    }

    /** True for {@code localhost} and loopback addresses (literal; names are not resolved). */
    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
