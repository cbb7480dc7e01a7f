package dev.brokertuner.collector;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.http.CollectorRoutes;
import dev.brokertuner.collector.http.ConnectionGuard;
import dev.brokertuner.collector.http.RequestFraming;
import dev.brokertuner.collector.http.SecurityHeaders;
import dev.brokertuner.collector.store.ReportStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the collector's routes over HTTP (HTTPS when {@code tls} is configured) and runs retention hourly, off the
 * event loop: reports received more than {@code retentionDays} ago are deleted, each host's latest kept.
 */
public final class CollectorVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorVerticle.class);
    static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private final CollectorConfig config;
    private final CollectorRoutes routes;
    private final ReportStore store;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong deleted;
    private HttpServer server;
    private final ConnectionGuard guard;
    private long timer = -1;
    private final java.util.function.BooleanSupplier ownsOnceWork;

    public CollectorVerticle(CollectorConfig config, CollectorRoutes routes, ReportStore store, Clock clock,
                             java.util.concurrent.atomic.AtomicLong deleted) {
        this(config, routes, store, clock, deleted, new ConnectionGuard(config.connections()));
    }

    public CollectorVerticle(CollectorConfig config, CollectorRoutes routes, ReportStore store, Clock clock,
                             java.util.concurrent.atomic.AtomicLong deleted, ConnectionGuard guard) {
        this(config, routes, store, clock, deleted, guard, () -> true);
    }

    /**
     * @param ownsOnceWork true while this collector owns the work done once across collectors sharing a store
     *                     (retention); always true with the embedded store
     */
    public CollectorVerticle(CollectorConfig config, CollectorRoutes routes, ReportStore store, Clock clock,
                             java.util.concurrent.atomic.AtomicLong deleted, ConnectionGuard guard,
                             java.util.function.BooleanSupplier ownsOnceWork) {
        this.ownsOnceWork = ownsOnceWork;
        this.guard = guard;
        this.config = config;
        this.routes = routes;
        this.store = store;
        this.clock = clock;
        this.deleted = deleted;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions().setIdleTimeout(120)
                .setMaxHeaderSize(16 * 1024).setMaxInitialLineLength(8 * 1024)
                // no h2c detection: it waits for a client's first bytes before the connection exists, which would
                // let a silent connection escape the header deadline and the per-address cap
                .setHttp2ClearTextEnabled(false).setCompressionSupported(true);
        if (config.tls() != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.tls().certFile().toString()).setKeyPath(config.tls().keyFile().toString()));
        }
        io.vertx.ext.web.Router router = routes.router(vertx);
        return vertx.createHttpServer(options).connectionHandler(guard::onConnection)
                .requestHandler(req -> {
                    guard.onRequest(req);
                    SecurityHeaders.apply(req.response());
                    if (RequestFraming.ambiguous(req)) {
                        RequestFraming.refuse(req);
                        return;
                    }
                    router.handle(req);
                })
                .listen(config.listenPort(), config.listenHost())
                .onSuccess(s -> {
                    server = s;
                    guard.start(vertx);
                    retention();
                    timer = vertx.setPeriodic(RETENTION_EVERY.toMillis(), id -> retention());
                });
    }

    /**
     * Runs retention now (also hourly) when this collector owns the once-only work; another collector sharing the
     * store runs it otherwise, and this answers 0.
     */
    public Future<Integer> retention() {
        if (!ownsOnceWork.getAsBoolean()) {
            return Future.succeededFuture(0);
        }
        return vertx.executeBlocking(() -> store.deleteReceivedBefore(
                clock.instant().minus(Duration.ofDays(config.retentionDays()))), false)
                .onSuccess(n -> {
                    deleted.addAndGet(n);
                    if (n > 0) {
                        LOG.info("retention: deleted {} report(s) older than {} days", n, config.retentionDays());
                    }
                })
                .onFailure(e -> LOG.warn("retention failed: {}", e.getMessage()));
    }

    @Override
    public Future<?> stop() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
        guard.stop(vertx);
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The connection guard. */
    public ConnectionGuard guard() {
        return guard;
    }

    /** The port listened on (useful with port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
