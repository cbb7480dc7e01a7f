package dev.brokertuner.agent.daemon.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link Outbox} to the collector in order, one report at a time: {@code POST {url}/v1/reports} with the
 * bearer token, the gzip body and the report id as {@code Idempotency-Key}. A 2xx removes the entry; network
 * errors, 429 and 5xx leave it and retry after {@link RetryPolicy}'s delay; any other 4xx drops it with a log line
 * (the report is wrong, retrying will not help). Logs only when the collector becomes reachable or unreachable.
 */
public final class Publisher {
    /** Creates the publisher once the verticle's Vert.x context exists. */
    @FunctionalInterface
    public interface Factory {
        Publisher create(Vertx vertx, Outbox outbox);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final Vertx vertx;
    private final WebClient client;
    private final Outbox outbox;
    private final String endpoint;
    private final String token;
    private final RetryPolicy retry;
    private final PublisherStats stats;
    private final Clock clock;
    private boolean busy;
    private boolean stopped;
    private int failures;
    private long timerId = -1;

    public Publisher(Vertx vertx, WebClient client, Outbox outbox, String collectorUrl, String token,
                     RetryPolicy retry, PublisherStats stats, Clock clock) {
        this.vertx = vertx;
        this.client = client;
        this.outbox = outbox;
        this.endpoint = collectorUrl + "/v1/reports";
        this.token = token;
        this.retry = retry;
        this.stats = stats;
        this.clock = clock;
    }

    /** Asks for a drain (after an append, at start). Must be called on the Vert.x context that owns this. */
    public void nudge() {
        if (busy || stopped || timerId != -1) {
            return;
        }
        busy = true;
        vertx.executeBlocking(() -> {
            Optional<Outbox.Entry> next = outbox.peek();
            return next.isEmpty() ? null : new Object[] {next.get(), outbox.read(next.get())};
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                busy = false;
                LOG.warn("outbox read failed: {}", ar.cause().toString());
                schedule(retry.delayMillis(++failures, null, clock.instant()));
                return;
            }
            if (ar.result() == null) {
                busy = false;
                return;
            }
            Outbox.Entry entry = (Outbox.Entry) ar.result()[0];
            byte[] body = (byte[]) ar.result()[1];
            send(entry, body);
        });
    }

    /** Stops scheduling; an in-flight POST may still finish. */
    public void stop() {
        stopped = true;
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
        }
    }

    private void send(Outbox.Entry entry, byte[] body) {
        Future<HttpResponse<Buffer>> post = client.postAbs(endpoint)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Encoding", "gzip")
                .putHeader("Idempotency-Key", entry.reportId())
                .timeout(15_000)
                .sendBuffer(Buffer.buffer(body));
        post.onComplete(ar -> {
            if (ar.failed()) {
                fail(entry, "network: " + ar.cause().getMessage(), null);
                return;
            }
            int status = ar.result().statusCode();
            if (status >= 200 && status < 300) {
                reachable(true, null);
                failures = 0;
                stats.delivered.incrementAndGet();
                if (status == 200) {
                    stats.duplicates.incrementAndGet();
                }
                removeThenContinue(entry);
            } else if (RetryPolicy.retryable(status)) {
                fail(entry, "HTTP " + status, ar.result().getHeader("Retry-After"));
            } else {
                reachable(true, null);
                failures = 0;
                stats.rejected.incrementAndGet();
                String why = ar.result().bodyAsString();
                LOG.warn("collector rejected report {} with HTTP {}; dropping it (retrying cannot help): {}",
                        entry.reportId(), status, why == null ? "" : why.length() > 500 ? why.substring(0, 500)
                                : why);
                removeThenContinue(entry);
            }
        });
    }

    private void removeThenContinue(Outbox.Entry entry) {
        vertx.executeBlocking(() -> {
            outbox.remove(entry);
            return null;
        }, false).onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.warn("could not remove delivered report {} from the outbox: {}", entry.reportId(),
                        ar.cause().toString());
            }
            nudge();
        });
    }

    private void fail(Outbox.Entry entry, String why, String retryAfter) {
        busy = false;
        stats.retries.incrementAndGet();
        failures++;
        reachable(false, why);
        schedule(retry.delayMillis(failures, retryAfter, clock.instant()));
    }

    private void schedule(long delay) {
        if (stopped) {
            return;
        }
        timerId = vertx.setTimer(Math.max(1, delay), id -> {
            timerId = -1;
            nudge();
        });
    }

    private void reachable(boolean now, String why) {
        long before = stats.reachable.getAndSet(now ? 1 : 0);
        if (before != 0 && !now) {
            LOG.warn("collector {} unreachable ({}); reports stay queued in {} and are retried with backoff",
                    endpoint, why, outbox.dir());
        } else if (before == -1 && now) {
            LOG.info("collector {} reachable", endpoint);
        } else if (before == 0 && now) {
            LOG.info("collector {} reachable again; delivering {} queued report(s)", endpoint, outbox.size());
        }
    }
}
