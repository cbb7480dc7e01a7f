package dev.brokertuner.agent.daemon.push;

import io.vertx.core.Future;

/**
 * One way of handing a queued report to the collector: {@link HttpTransport} (POST to the collector),
 * {@link KafkaTransport} (produce to the reports topic) or {@link FallbackTransport} (Kafka, then HTTPS while the
 * cluster stays unreachable). The {@link Publisher} drains the outbox through one, in order.
 */
public interface Transport {
    /** Where reports go, for logs (no secrets). */
    String target();

    /**
     * Sends one entry; the future completes on the caller's Vert.x context and never fails (a failure is a
     * {@link Sent.Retry}).
     */
    Future<Sent> send(Outbox.Entry entry, byte[] gzipBody);

    /** Releases clients; a no-op by default. */
    default void close() {
    }
}
