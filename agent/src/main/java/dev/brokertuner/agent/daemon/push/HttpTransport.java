package dev.brokertuner.agent.daemon.push;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;

/**
 * {@code POST {url}/v1/reports} with the bearer token, the gzip body and the report id as {@code Idempotency-Key}.
 * 2xx is accepted (200: a duplicate); network errors, 429 and 5xx are retried; any other 4xx is a rejection.
 */
public final class HttpTransport implements Transport {
    private final WebClient client;
    private final String endpoint;
    private final String token;

    public HttpTransport(WebClient client, String collectorUrl, String token) {
        this.client = client;
        this.endpoint = collectorUrl + "/v1/reports";
        this.token = token;
    }

    @Override
    public String target() {
        return endpoint;
    }

    @Override
    public Future<Sent> send(Outbox.Entry entry, byte[] gzipBody) {
        return client.postAbs(endpoint)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Encoding", "gzip")
                .putHeader("Idempotency-Key", entry.reportId())
                .timeout(15_000)
                .sendBuffer(Buffer.buffer(gzipBody))
                .<Sent>map(res -> {
                    int status = res.statusCode();
                    if (status >= 200 && status < 300) {
                        return new Sent.Accepted(status == 200);
                    }
                    if (RetryPolicy.retryable(status)) {
                        return new Sent.Retry("HTTP " + status, res.getHeader("Retry-After"));
                    }
                    String why = res.bodyAsString();
                    return new Sent.Rejected("HTTP " + status + ": " + (why == null ? ""
                            : why.length() > 500 ? why.substring(0, 500) : why));
                })
                .otherwise(e -> new Sent.Retry("network: " + e.getMessage(), null));
    }

    @Override
    public void close() {
        client.close();
    }
}
