package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brokertuner.report.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code webhook} receiver: POSTs one JSON object per notification in the shape of Confluent Health+'s webhook
 * ({@code id, rule_id, severity, status, title, message, cluster, host, subject, current, recommended, raised_at,
 * cleared_at, dashboard_url}; severity {@code INFO}/{@code WARN}/{@code CRITICAL}), with the notification's
 * {@code deliveryKey} as the {@code Idempotency-Key} header. A 2xx is delivered; 408, 429 and 5xx, a timeout or a
 * connection failure are retried (honouring {@code Retry-After}); any other status is rejected. Settings:
 * {@code url} (or {@code urlFile}, a file holding it, for URLs that carry a secret) and {@code timeoutSeconds}
 * (default 10).
 */
public final class WebhookReceiver implements Receiver {
    public static final String TYPE = "webhook";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest answer body kept in the delivery log. */
    static final int MAX_DETAIL = 300;

    private final String name;
    private final URI url;
    private final Duration timeout;
    private final String authHeader;
    private final HttpClient http;
    private final ObjectMapper mapper = new ObjectMapper();

    public WebhookReceiver(String name, URI url, Duration timeout) {
        this(name, url, timeout, null);
    }

    /** @param authHeader the {@code Authorization} header's value (from {@code authHeaderFile}), null for none */
    public WebhookReceiver(String name, URI url, Duration timeout, String authHeader) {
        this.name = name;
        this.url = url;
        this.timeout = timeout;
        this.authHeader = authHeader;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** From configuration: {@code url} or {@code urlFile}, and {@code timeoutSeconds}. */
    public static WebhookReceiver of(ReceiverConfig c) {
        String url = c.settings().get("url");
        String file = c.settings().get("urlFile");
        if ((url == null || url.isBlank()) && file != null && !file.isBlank()) {
            url = secret(c, "urlFile", file);
        }
        String authFile = c.settings().get("authHeaderFile");
        String auth = authFile == null || authFile.isBlank() ? null : secret(c, "authHeaderFile", authFile);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("receiver '" + c.name() + "': a webhook needs url or urlFile");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("receiver '" + c.name() + "': url is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            // never echo the URL: it may carry a secret
            throw new IllegalArgumentException("receiver '" + c.name() + "': url must be an http(s) URL with a host");
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String t = c.settings().get("timeoutSeconds");
        if (t != null) {
            try {
                int s = Integer.parseInt(t.trim());
                if (s < 1 || s > 300) {
                    throw new NumberFormatException();
                }
                timeout = Duration.ofSeconds(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("receiver '" + c.name() + "': timeoutSeconds must be 1-300");
            }
        }
        return new WebhookReceiver(c.name(), uri, timeout, auth);
    }

    /** A secret file's one line, checked like every secret of the collector (not world-readable, one line). */
    private static String secret(ReceiverConfig c, String key, String file) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        String v;
        try {
            v = dev.brokertuner.collector.config.SecretFile.read(Path.of(file), "alerts receiver '" + c.name()
                    + "' " + key, problems);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("receiver '" + c.name() + "': " + key + " cannot be read");
        }
        if (!problems.isEmpty() || v == null) {
            throw new IllegalArgumentException(problems.isEmpty() ? "receiver '" + c.name() + "': " + key
                    + " cannot be read" : String.join("; ", problems));
        }
        return v.trim();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The JSON body, field by field as Health+'s webhook names them. */
    public static Map<String, Object> payload(Notification n) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", n.alertId());
        b.put("rule_id", n.ruleId());
        b.put("severity", severity(n.severity()));
        b.put("status", n.status().name());
        b.put("title", n.title());
        b.put("message", n.docUrl() == null || n.message().contains(n.docUrl()) ? n.message()
                : n.message() + "\n\nRule documentation: " + n.docUrl());
        b.put("cluster", n.cluster());
        b.put("host", n.host());
        b.put("subject", n.subject());
        b.put("current", n.current());
        b.put("recommended", n.recommended());
        b.put("raised_at", n.raisedAt().toString());
        b.put("cleared_at", n.clearedAt() == null ? null : n.clearedAt().toString());
        b.put("dashboard_url", n.dashboardUrl());
        return b;
    }

    /** Health+'s severity names. */
    static String severity(Severity s) {
        return switch (s) {
            case INFO -> "INFO";
            case WARNING -> "WARN";
            case CRITICAL -> "CRITICAL";
        };
    }

    @Override
    public DeliveryResult deliver(Notification n) throws InterruptedException {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(payload(n));
        } catch (JsonProcessingException e) {
            return new DeliveryResult.Rejected("the notification did not serialize: " + e.getMessage());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", n.deliveryKey())
                .header("User-Agent", "broker-tuner-collector");
        if (authHeader != null) {
            builder.header("Authorization", authHeader);
        }
        HttpRequest req = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, BoundedBody.handler());
        } catch (IOException e) {
            return new DeliveryResult.Retry(e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()), null);
        }
        return classify(resp.statusCode(), resp.headers().firstValue("Retry-After").orElse(null), resp.body());
    }

    /** A status and its Retry-After as a result: 2xx delivered, 408/429/5xx retry, other 4xx (and 3xx) rejected. */
    static DeliveryResult classify(int status, String retryAfter, String body) {
        String detail = "HTTP " + status + (body == null || body.isBlank() ? ""
                : " " + JdbcAlertStore.clip(body.strip(), MAX_DETAIL));
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Delivered(detail);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryResult.Retry(detail, retryAfter(retryAfter, Instant.now()));
        }
        return new DeliveryResult.Rejected(detail);
    }

    /** {@code Retry-After} as seconds or an HTTP date, null when absent or unreadable. */
    static Duration retryAfter(String v, Instant now) {
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long s = Long.parseLong(v.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        // never the URL: it may carry a secret
        return "webhook " + name + " (" + url.getHost().toLowerCase(Locale.ROOT) + ")";
    }
}
