package dev.brokertuner.agent.daemon.push;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka first, HTTPS when the cluster stays unreachable: while the Kafka transport has failed without a success for
 * {@code after}, reports go to the collector's URL instead, and the Kafka cluster is tried again (with the report
 * at hand, HTTPS right after when it still fails) once per {@code after} but at most once a
 * {@link #MIN_PROBE_INTERVAL minute}, since a failed try costs up to {@code max.block.ms}; its first success ends
 * the fallback. Being on the fallback is in {@link PublisherStats} (shown on
 * {@code /health} as degraded and on {@code /metrics}). A rejection (the report is wrong) is not a failure of the
 * cluster and does not count towards the fallback. Used on the publisher's Vert.x context only.
 */
public final class FallbackTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackTransport.class);
    /** The shortest time between two tries of the Kafka cluster while on the fallback. */
    static final Duration MIN_PROBE_INTERVAL = Duration.ofMinutes(1);

    private final Transport kafka;
    private final Transport https;
    private final Duration after;
    private final Clock clock;
    private final PublisherStats stats;
    private Instant failingSince;
    private Instant lastProbe;
    private boolean onFallback;

    public FallbackTransport(Transport kafka, Transport https, Duration after, Clock clock, PublisherStats stats) {
        this.kafka = kafka;
        this.https = https;
        this.after = after;
        this.clock = clock;
        this.stats = stats;
    }

    @Override
    public String target() {
        return onFallback ? https.target() + " (fallback: " + kafka.target() + " unreachable)" : kafka.target();
    }

    @Override
    public Future<Sent> send(Outbox.Entry entry, byte[] gzipBody) {
        Instant now = clock.instant();
        if (!onFallback) {
            return kafka.send(entry, gzipBody).map(sent -> onKafka(sent, now));
        }
        Duration probeEvery = after.compareTo(MIN_PROBE_INTERVAL) > 0 ? after : MIN_PROBE_INTERVAL;
        if (lastProbe == null || !now.isBefore(lastProbe.plus(probeEvery))) {
            lastProbe = now;
            return kafka.send(entry, gzipBody).compose(sent -> {
                if (sent instanceof Sent.Retry) {
                    return https.send(entry, gzipBody);
                }
                back();
                return Future.succeededFuture(sent);
            });
        }
        return https.send(entry, gzipBody);
    }

    private Sent onKafka(Sent sent, Instant started) {
        if (!(sent instanceof Sent.Retry r)) {
            failingSince = null;
            return sent;
        }
        if (failingSince == null) {
            failingSince = started;
        }
        if (!clock.instant().isBefore(failingSince.plus(after))) {
            onFallback = true;
            lastProbe = clock.instant();
            String why = "the Kafka cluster has been unreachable since " + failingSince + " (" + r.why()
                    + "); reports go to " + https.target() + " until it is back";
            stats.fallbackActive.set(1);
            stats.fallbacks.incrementAndGet();
            stats.fallbackReason.set(why);
            LOG.warn("delivery falls back to HTTPS: {}", why);
            // the next attempt goes over HTTPS
            return sent;
        }
        return sent;
    }

    private void back() {
        onFallback = false;
        failingSince = null;
        stats.fallbackActive.set(0);
        stats.fallbackReason.set(null);
        LOG.info("the Kafka cluster is reachable again; reports go to {}", kafka.target());
    }

    @Override
    public void close() {
        kafka.close();
        https.close();
    }
}
