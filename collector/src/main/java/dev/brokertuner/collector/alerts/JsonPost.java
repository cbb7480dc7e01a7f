package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Posts one JSON document to an HTTP receiver with a connect and a request timeout and turns the answer into a
 * {@link DeliveryResult} ({@link HttpOutcome}); a connection failure or timeout is a {@link DeliveryResult.Retry}.
 * Never throws for the receiver's failure. The URL is never put in a reason (for Slack and Teams it is the secret).
 */
public final class JsonPost {
    /** Default connect and request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;
    private final String receiver;

    /**
     * @param receiver the receiver's type, named in reasons
     * @param timeout  connect timeout, and the whole request's
     */
    public JsonPost(String receiver, Duration timeout, Clock clock) {
        this.receiver = receiver;
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Posts {@code body} with {@code headers} (Content-Type is application/json). */
    public DeliveryResult post(URI url, JsonNode body, Map<String, String> headers) throws InterruptedException {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return new DeliveryResult.Rejected(receiver + ": cannot write the JSON: " + e.getOriginalMessage());
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "broker-tuner-collector")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        try {
            headers.forEach(req::header);
        } catch (IllegalArgumentException e) {
            // a header from a secret file with characters HTTP does not allow: named, never shown
            return new DeliveryResult.Rejected(receiver + ": a configured header (" + String.join(", ",
                    headers.keySet()) + ") holds characters HTTP does not allow");
        }
        try {
            HttpResponse<String> r = client.send(req.build(), BoundedBody.handler());
            return HttpOutcome.of(receiver, r.statusCode(), r.headers().firstValue("Retry-After").orElse(null),
                    r.body(), clock.instant());
        } catch (HttpTimeoutException e) {
            return new DeliveryResult.Retry(receiver + ": no answer within " + timeout.toSeconds() + " s", null);
        } catch (IOException e) {
            return new DeliveryResult.Retry(receiver + ": cannot reach " + url.getHost() + ":" + port(url) + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null);
        }
    }

    /** The JSON mapper receivers build documents with. */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
