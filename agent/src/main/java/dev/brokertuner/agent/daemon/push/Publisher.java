package dev.brokertuner.agent.daemon.push;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link Outbox} to the collector in order, one report at a time, through a {@link Transport} (HTTP: a
 * POST; Kafka: a produce acknowledged by the cluster). An accepted report leaves the outbox only after the
 * acknowledgement; a retryable failure leaves it and retries after {@link RetryPolicy}'s delay; a rejection drops it
 * with a log line (the report is wrong, retrying will not help). Logs only when the collector becomes reachable or
 * unreachable.
 */
public final class Publisher {
    /** Creates the publisher once the verticle's Vert.x context exists. */
    @FunctionalInterface
    public interface Factory {
        Publisher create(Vertx vertx, Outbox outbox);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final Vertx vertx;
    private final Outbox outbox;
    private final Transport transport;
    private final RetryPolicy retry;
    private final PublisherStats stats;
    private final Clock clock;
    private boolean busy;
    private boolean stopped;
    private int failures;
    private long timerId = -1;

    /** Delivering over HTTP to {@code collectorUrl}. */
    public Publisher(Vertx vertx, WebClient client, Outbox outbox, String collectorUrl, String token,
                     RetryPolicy retry, PublisherStats stats, Clock clock) {
        this(vertx, outbox, new HttpTransport(client, collectorUrl, token), retry, stats, clock);
    }

    /** Delivering through {@code transport} (HTTP, the Kafka topic, or Kafka with an HTTPS fallback). */
    public Publisher(Vertx vertx, Outbox outbox, Transport transport, RetryPolicy retry, PublisherStats stats,
                     Clock clock) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.transport = transport;
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

    /** Stops scheduling and closes the transport; an in-flight send may still finish. */
    public void stop() {
        stopped = true;
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
        }
        transport.close();
    }

    private void send(Outbox.Entry entry, byte[] body) {
        transport.send(entry, body).onComplete(ar -> {
            Sent sent = ar.succeeded() ? ar.result() : new Sent.Retry(String.valueOf(ar.cause()), null);
            if (sent instanceof Sent.Accepted a) {
                reachable(true, null);
                failures = 0;
                stats.delivered.incrementAndGet();
                if (a.duplicate()) {
                    stats.duplicates.incrementAndGet();
                }
                removeThenContinue(entry);
            } else if (sent instanceof Sent.Retry r) {
                fail(entry, r.why(), r.retryAfter());
            } else if (sent instanceof Sent.Rejected r) {
                reachable(true, null);
                failures = 0;
                stats.rejected.incrementAndGet();
                LOG.warn("{} rejected report {}; dropping it (retrying cannot help): {}", transport.target(),
                        entry.reportId(), r.why());
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
                    transport.target(), why, outbox.dir());
        } else if (before == -1 && now) {
            LOG.info("collector {} reachable", transport.target());
        } else if (before == 0 && now) {
            LOG.info("collector {} reachable again; delivering {} queued report(s)", transport.target(),
                    outbox.size());
        }
    }
}
