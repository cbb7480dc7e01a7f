package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.config.SecretFile;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
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
import javax.net.ssl.SSLSocketFactory;

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
        return new Receivers(WebhookReceiver::of, clock);
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
        ReceiverSettings s = new ReceiverSettings(c, at, problems);
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

    private static Supplier<Receiver> email(ReceiverConfig c, ReceiverSettings s, String at, List<String> problems) {
        String host = s.required("smtpHost");
        String sec = c.settings().getOrDefault("security", "starttls").trim().toUpperCase(Locale.ROOT);
        EmailReceiver.Security security = EmailReceiver.Security.STARTTLS;
        try {
            security = EmailReceiver.Security.valueOf(sec);
        } catch (IllegalArgumentException e) {
            problems.add(at + ".security: '" + c.settings().get("security") + "' must be starttls (the default: "
                    + "STARTTLS required), tls (SMTPS, implicit TLS) or none (a loopback test server only)");
        }
        if (security == EmailReceiver.Security.NONE && host != null && !ReceiverSettings.loopback(host)) {
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
            tls = PemTrust.socketFactory(ca, at + ".caFile", problems);
        }
        Duration timeout = s.seconds("timeoutSeconds", 30, 1, 300);
        EmailReceiver.Smtp smtp = new EmailReceiver.Smtp(host, port, security, from, to, user, password, tls,
                timeout);
        return () -> new EmailReceiver(c.name(), smtp);
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> s = new java.util.HashSet<>(base);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }
}
