package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.config.SecretFile;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a {@link Receiver} from its {@link ReceiverConfig} by type, and checks a configuration's settings (the
 * same code path, so what {@code --check-config} accepts is what starts). Every secret can be given in a file
 * ({@code urlFile}, {@code routingKeyFile}, {@code passwordFile}, {@code authHeaderFile}; see {@link SecretFile});
 * PagerDuty routing keys, SMTP passwords and auth headers can only be. URLs must be {@code https}, or {@code http} to
 * a loopback address, or {@code http} with {@code insecureHttp: true} (e.g. an Alertmanager on a private network).
 * The {@code webhook} type is built by the function given to the constructor (the webhook receiver lives with the
 * delivery engine); its settings are checked here.
 */
public final class Receivers {
    /** The types, in the order the docs list them. */
    public static final List<String> TYPES = List.of("webhook", "slack", "teams", "pagerduty", "email",
            "alertmanager");

    private static final Set<String> HTTP_COMMON = Set.of("timeoutSeconds", "insecureHttp");
    /** The settings each type takes. */
    public static final Map<String, Set<String>> SETTINGS = Map.of(
            "webhook", with(HTTP_COMMON, "url", "urlFile", "authHeaderFile"),
            "slack", with(HTTP_COMMON, "url", "urlFile"),
            "teams", with(HTTP_COMMON, "url", "urlFile"),
            "pagerduty", with(HTTP_COMMON, "routingKeyFile", "baseUrl"),
            "alertmanager", with(HTTP_COMMON, "url", "authHeaderFile", "holdSeconds"),
            "email", Set.of("smtpHost", "smtpPort", "security", "from", "to", "username", "passwordFile", "caFile",
                    "timeoutSeconds"));

    /** Until the webhook receiver is wired: a receiver that rejects every delivery, saying so. */
    public static final Function<ReceiverConfig, Receiver> NO_WEBHOOK = c -> new Unavailable(c.name(), c.type(),
            "the webhook receiver is not part of this build");

    private final Function<ReceiverConfig, Receiver> webhook;
    private final Clock clock;

    /** The collector's receivers: every type this build has (the webhook type is wired here). */
    public static Receivers standard(Clock clock) {
        return new Receivers(NO_WEBHOOK, clock);
    }

    /**
     * @param webhook builds the {@code webhook} type from its (checked) configuration
     * @param clock   for {@code Retry-After} dates and Alertmanager's {@code endsAt}
     */
    public Receivers(Function<ReceiverConfig, Receiver> webhook, Clock clock) {
        this.webhook = webhook;
        this.clock = clock;
    }

    /** The problems of one receiver's settings (empty when it can be built); reads its secret files. */
    public static List<String> check(ReceiverConfig c) {
        List<String> problems = new ArrayList<>();
        new Receivers(NO_WEBHOOK, Clock.systemUTC()).plan(c, problems);
        return problems;
    }

    /**
     * Builds one receiver.
     *
     * @throws IllegalArgumentException with every problem when its settings do not check out (a secret file
     *                                  removed since the configuration was read, say)
     */
    public Receiver create(ReceiverConfig c) {
        List<String> problems = new ArrayList<>();
        Supplier<Receiver> r = plan(c, problems);
        if (!problems.isEmpty() || r == null) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return r.get();
    }

    /**
     * Every configured receiver by name; one whose settings no longer check out is an {@link Unavailable} that
     * rejects deliveries with the reason, so the others still work.
     */
    public Map<String, Receiver> all(AlertsConfig config) {
        Map<String, Receiver> out = new LinkedHashMap<>();
        for (ReceiverConfig c : config.receivers()) {
            try {
                out.put(c.name(), create(c));
            } catch (IllegalArgumentException e) {
                out.put(c.name(), new Unavailable(c.name(), c.type(), e.getMessage()));
            }
        }
        return out;
    }

    private Supplier<Receiver> plan(ReceiverConfig c, List<String> problems) {
        String at = "alerts.receivers[" + c.name() + "]";
        Set<String> known = SETTINGS.get(c.type());
        if (known == null) {
            problems.add(at + ".type: unknown type '" + c.type() + "' (known: " + String.join(", ", TYPES) + ")");
            return null;
        }
        for (String k : c.settings().keySet()) {
            if (!known.contains(k)) {
                problems.add(at + "." + k + ": unknown setting for type " + c.type() + " (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        Settings s = new Settings(c, at, problems);
        int before = problems.size();
        Supplier<Receiver> r = switch (c.type()) {
            case "webhook" -> {
                s.secretUrl("url", "urlFile");
                s.secret("authHeaderFile", false);
                s.seconds("timeoutSeconds", 10, 1, 120);
                yield () -> webhook.apply(c);
            }
            case "slack" -> {
                URI url = s.secretUrl("url", "urlFile");
                Duration t = s.seconds("timeoutSeconds", 10, 1, 120);
                yield () -> new SlackReceiver(c.name(), url, new JsonPost("slack", t, clock));
            }
            case "teams" -> {
                URI url = s.secretUrl("url", "urlFile");
                Duration t = s.seconds("timeoutSeconds", 10, 1, 120);
                yield () -> new TeamsReceiver(c.name(), url, new JsonPost("teams", t, clock));
            }
            case "pagerduty" -> {
                String key = s.secret("routingKeyFile", true);
                URI base = s.url("baseUrl", PagerDutyReceiver.DEFAULT_BASE_URL);
                Duration t = s.seconds("timeoutSeconds", 10, 1, 120);
                if (key != null && !key.matches("[A-Za-z0-9]{32}")) {
                    problems.add(at + ".routingKeyFile: the routing key must be 32 letters and digits (the "
                            + "integration key of an Events API v2 integration)");
                }
                yield () -> new PagerDutyReceiver(c.name(), base, key, new JsonPost("pagerduty", t, clock));
            }
            case "alertmanager" -> {
                URI url = s.url("url", null);
                String auth = s.secret("authHeaderFile", false);
                Duration hold = s.seconds("holdSeconds", AlertmanagerReceiver.DEFAULT_HOLD.toSeconds(), 60,
                        365L * 86_400);
                Duration t = s.seconds("timeoutSeconds", 10, 1, 120);
                Map<String, String> headers = auth == null ? Map.of() : Map.of("Authorization", auth);
                yield () -> new AlertmanagerReceiver(c.name(), url, hold, headers,
                        new JsonPost("alertmanager", t, clock), clock);
            }
            case "email" -> email(c, s, at, problems);
            default -> null;
        };
        return problems.size() == before ? r : null;
    }

    private static Supplier<Receiver> email(ReceiverConfig c, Settings s, String at, List<String> problems) {
        String host = s.required("smtpHost");
        String sec = c.settings().getOrDefault("security", "starttls").trim().toUpperCase(Locale.ROOT);
        EmailReceiver.Security security = EmailReceiver.Security.STARTTLS;
        try {
            security = EmailReceiver.Security.valueOf(sec);
        } catch (IllegalArgumentException e) {
            problems.add(at + ".security: '" + c.settings().get("security") + "' must be starttls (the default: "
                    + "STARTTLS required), tls (SMTPS, implicit TLS) or none (a loopback test server only)");
        }
        if (security == EmailReceiver.Security.NONE && host != null && !loopback(host)) {
            problems.add(at + ".security: none sends the password and the mail in clear text; it is accepted only "
                    + "towards a loopback server, not " + host);
        }
        int port = (int) s.number("smtpPort", security == EmailReceiver.Security.TLS ? 465 : 587, 1, 65535);
        InternetAddress from = null;
        String f = s.required("from");
        if (f != null) {
            try {
                from = EmailReceiver.address(f);
            } catch (AddressException e) {
                problems.add(at + ".from: '" + f + "' is not an email address: " + e.getMessage());
            }
        }
        List<InternetAddress> to = new ArrayList<>();
        String t = s.required("to");
        if (t != null) {
            for (String one : t.split(",")) {
                try {
                    to.add(EmailReceiver.address(one.trim()));
                } catch (AddressException e) {
                    problems.add(at + ".to: '" + one.trim() + "' is not an email address: " + e.getMessage());
                }
            }
        }
        String user = c.settings().get("username");
        String password = s.secret("passwordFile", false);
        if ((user == null) != (c.settings().get("passwordFile") == null)) {
            problems.add(at + ": username and passwordFile go together (both for AUTH, neither for none)");
        }
        SSLSocketFactory tls = null;
        String ca = c.settings().get("caFile");
        if (ca != null) {
            tls = trusting(ca, at + ".caFile", problems);
        }
        Duration timeout = s.seconds("timeoutSeconds", 30, 1, 300);
        EmailReceiver.Smtp smtp = new EmailReceiver.Smtp(host, port, security, from, to, user, password, tls,
                timeout);
        return () -> new EmailReceiver(c.name(), smtp);
    }

    /** A TLS socket factory trusting only the PEM certificates of {@code file}. */
    private static SSLSocketFactory trusting(String file, String at, List<String> problems) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            if (i == 0) {
                problems.add(at + ": " + file + " holds no PEM certificate");
                return null;
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (IOException | InvalidPathException e) {
            problems.add(at + ": cannot read " + file + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            problems.add(at + ": " + file + " is not a PEM certificate file: " + e.getMessage());
        }
        return null;
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

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> s = new java.util.HashSet<>(base);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }

    /** Reading one receiver's settings, each problem naming the setting. */
    private record Settings(ReceiverConfig c, String at, List<String> problems) {
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
            return checkUrl(v.trim(), at + "." + key, "'" + v.trim() + "'");
        }

        /**
         * Absolute http(s) with a host; https unless loopback or insecureHttp. {@code shown}: how problems name it
         * (the URL itself only when it is no secret).
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
    }
}
