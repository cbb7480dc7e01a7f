package dev.brokertuner.collector;

import dev.brokertuner.collector.config.CollectorConfig;
import dev.brokertuner.collector.fleet.FleetIndex;
import dev.brokertuner.collector.http.CollectorMetrics;
import dev.brokertuner.collector.http.CollectorRoutes;
import dev.brokertuner.collector.http.ConnectionGuard;
import dev.brokertuner.collector.http.Dashboard;
import dev.brokertuner.collector.http.HostOwners;
import dev.brokertuner.collector.http.MemoryBudget;
import dev.brokertuner.collector.http.ReportDecoder;
import dev.brokertuner.collector.store.GroupCommitWriter;
import dev.brokertuner.collector.store.H2ReportStore;
import dev.brokertuner.collector.store.LeaderLock;
import dev.brokertuner.collector.store.PostgresReportStore;
import dev.brokertuner.collector.store.ReportStore;
import dev.brokertuner.collector.store.SharedReportCount;
import dev.brokertuner.collector.store.SharedStore;
import dev.brokertuner.collector.store.StoreFeed;
import dev.brokertuner.collector.transport.KafkaIngest;
import dev.brokertuner.collector.transport.KafkaIngestWiring;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import io.vertx.core.Vertx;
import dev.brokertuner.collector.alerts.AlertService;
import dev.brokertuner.collector.alerts.AlertsConfig;
import dev.brokertuner.collector.alerts.Backoff;
import dev.brokertuner.collector.alerts.DeliveryWorker;
import dev.brokertuner.collector.alerts.JdbcAlertStore;
import dev.brokertuner.collector.alerts.Receiver;
import dev.brokertuner.collector.alerts.ReceiverConfig;
import dev.brokertuner.collector.alerts.ReceiverFactory;
import dev.brokertuner.collector.alerts.Receivers;
import dev.brokertuner.collector.http.AlertRoutes;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The composition root: opens the store (migrating it), loads the fleet index, starts the group-commit writer,
 * metrics, routes and the verticle, and owns the Vert.x instance; also the alert lifecycle (fed each committed
 * batch on its own thread, and ticked for stale hosts and repeats) with its delivery worker. With a store shared by
 * several collectors ({@code store.type: postgres}) it follows the store's change feed into the index and host
 * owners, and runs retention, the alert ticks and deliveries only while it holds the once-only lock
 * ({@link StoreFeed}, {@link LeaderLock}); the lifecycle of a report runs on the collector that stored it (the
 * alert state is in the shared store). {@link #close()} stops taking requests, stores what is queued and closes the
 * database.
 */
public final class CollectorApp implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CollectorApp.class);
    private final Vertx vertx;
    private final CollectorVerticle verticle;
    private final GroupCommitWriter writer;
    private final ReportStore store;
    private final FleetIndex index;
    private final StoreFeed feed;
    private final KafkaIngest kafka;

    private final DeliveryWorker delivery;
    private final ExecutorService lifecycle;

    private CollectorApp(Vertx vertx, CollectorVerticle verticle, GroupCommitWriter writer, ReportStore store,
                         FleetIndex index, StoreFeed feed, DeliveryWorker delivery, ExecutorService lifecycle,
                         KafkaIngest kafka) {
        this.feed = feed;
        this.delivery = delivery;
        this.lifecycle = lifecycle;
        this.kafka = kafka;
        this.vertx = vertx;
        this.verticle = verticle;
        this.writer = writer;
        this.store = store;
        this.index = index;
    }

    /** Starts the collector and waits until it listens. */
    public static CollectorApp start(CollectorConfig config, Clock clock) throws Exception {
        return start(config, clock, Receivers.standard(clock)::create, Backoff.DEFAULT);
    }

    /**
     * Starts the collector with these receiver types and delivery backoff, and waits until it listens.
     *
     * @param receiverTypes makes each configured receiver; one that cannot be made is logged and skipped
     */
    public static CollectorApp start(CollectorConfig config, Clock clock, ReceiverFactory receiverTypes,
                                     Backoff backoff) throws Exception {
        ReportJson json = new ReportJson();
        ReportStore store = open(config, json);
        GroupCommitWriter writer = null;
        Vertx vertx = null;
        StoreFeed feed = null;
        DeliveryWorker delivery = null;
        ExecutorService lifecycle = null;
        KafkaIngest kafka = null;
        try {
            long feedFrom = store instanceof SharedStore shared ? shared.feedPosition() : 0;
            FleetIndex index = new FleetIndex();
            index.load(store.latestSummaries());
            long reportsAtStart = store.reportCount();
            JdbcAlertStore alertStore = new JdbcAlertStore(store.dataSource(), store.durableSql(), json.mapper());
            Map<String, Receiver> receivers = receivers(config.alerts(), receiverTypes);
            delivery = new DeliveryWorker(alertStore, receivers, clock, backoff, config.alerts().giveUpAfter());
            DeliveryWorker d = delivery;
            AlertService alerts = new AlertService(config.alerts(), alertStore, receivers.keySet(), clock, json,
                    config.staleAfterSeconds(), index.all(), d::wake)
                    .retaining(java.time.Duration.ofDays(config.retentionDays()));
            // the lifecycle runs on its own thread, in commit order; a full queue makes the store writer wait
            lifecycle = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(64),
                    r -> {
                        Thread t = new Thread(r, "alert-lifecycle");
                        t.setDaemon(true);
                        return t;
                    }, new ThreadPoolExecutor.CallerRunsPolicy());
            ExecutorService l = lifecycle;
            boolean shared = store instanceof SharedStore;
            // embedded store: the lifecycle takes each batch this collector commits; a shared store: the holder of
            // the once-only lock takes every host's change from the store's feed (whichever collector stored it)
            writer = new GroupCommitWriter(store, index, config.maxPending(),
                    batch -> {
                        if (!shared) {
                            l.execute(() -> alerts.onStored(batch));
                        }
                    });
            AtomicLong deleted = new AtomicLong();
            GroupCommitWriter w = writer;
            // a shared store is written by every collector: count it there (this collector's writes are a part)
            Supplier<Number> reports = shared
                    ? new SharedReportCount(store, clock, Duration.ofSeconds(1), reportsAtStart)
                    : () -> reportsAtStart + w.stored() - deleted.get();
            CollectorMetrics metrics = new CollectorMetrics(reports,
                    index::size, store::sizeBytes, w::pending, () -> w.healthy() ? 1 : 0);
            MemoryBudget budget = new MemoryBudget(config.ingest().memoryBytes());
            metrics.gauge("broker_tuner_collector_ingest_memory_bytes", "Report bytes held by ingest (received, "
                    + "inflated, parsing), against the budget ingestMemoryBytes", budget::used);
            HostOwners owners = new HostOwners(store.hostOwners());
            java.util.concurrent.atomic.AtomicBoolean lifecycleOwned = new java.util.concurrent.atomic.AtomicBoolean();
            if (store instanceof SharedStore sharedStore) {
                LeaderLock lock = sharedStore.onceLock();
                lock.tick();
                ReportStore bodies = store;
                alerts.readingBodiesFrom(id -> {
                    try {
                        return bodies.report(id);
                    } catch (Exception e) {
                        return java.util.Optional.empty();
                    }
                });
                feed = new StoreFeed(sharedStore, feedFrom, lock, change -> {
                    index.offer(change.summary());
                    owners.learn(change.summary().hostname(), change.owner());
                    if (takeLifecycle(lock.held(), lifecycleOwned, alerts, index, l)) {
                        l.execute(() -> alerts.onStored(java.util.List.of(
                                new dev.brokertuner.collector.store.Incoming(change.summary(), null))));
                    }
                }, w::observe);
            }
            StoreFeed f = feed;
            ReportDecoder decoder = new ReportDecoder(new ReportValidator(), json, config.maxBodyBytes(),
                    java.time.Duration.ofSeconds(config.ingest().maxSkewSeconds()));
            CollectorRoutes routes = new CollectorRoutes(config, writer, store, index, decoder, metrics, json, clock,
                    new Dashboard(config.viewers() == CollectorConfig.Viewers.OPEN),
                    owners, budget,
                    new AlertRoutes(config.tokens(), alertStore, alerts, json, clock));

            metrics.gauge("broker_tuner_collector_alerts_open", "Alerts raised and not cleared", alerts::openCount);
            metrics.gauge("broker_tuner_collector_alert_deliveries_delivered", "Notifications delivered since start",
                    d::delivered);
            metrics.gauge("broker_tuner_collector_alert_deliveries_retried", "Failed delivery attempts that will be "
                    + "retried, since start", d::retried);
            metrics.gauge("broker_tuner_collector_alert_deliveries_rejected", "Notifications a receiver refused for "
                    + "good, since start", d::rejected);
            metrics.gauge("broker_tuner_collector_alert_receivers_failing", "Receivers whose last delivery attempt "
                    + "failed", d::failingReceivers);
            metrics.gauge("broker_tuner_collector_alert_deliveries_expired", "Notifications given up on (still "
                    + "failing past alerts.giveUpAfterHours), since start", d::expired);
            metrics.gauge("broker_tuner_collector_alert_queue_oldest_seconds", "Age of the oldest notification "
                    + "waiting at the head of a receiver's queue", d::oldestWaitingSeconds);
            ConnectionGuard guard = new ConnectionGuard(config.connections());
            metrics.gauge("broker_tuner_collector_connections_open", "Open client connections", guard::open);
            metrics.gauge("broker_tuner_collector_connections_timed_out", "Connections closed at the header or body "
                    + "deadline since start", guard::timedOut);
            metrics.gauge("broker_tuner_collector_connections_refused", "Connections closed because their address "
                    + "held maxConnectionsPerAddress already, since start", guard::refused);
            vertx = Vertx.vertx();
            CollectorVerticle verticle = new CollectorVerticle(config, routes, store, clock, deleted, guard,
                    () -> f == null || f.ownsOnceWork());
            vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
            delivery.whileActive(() -> f == null || f.ownsOnceWork()).start();
            Vertx v = vertx;
            java.util.concurrent.atomic.AtomicBoolean ticking = new java.util.concurrent.atomic.AtomicBoolean();
            vertx.setPeriodic(alerts.tickEvery().toMillis(), id -> {
                // only the holder of the once-only lock checks for stale hosts (a shared store)
                if (f != null && !takeLifecycle(f.ownsOnceWork(), lifecycleOwned, alerts, index, l)) {
                    return;
                }
                // a check still running when the next is due: skip the next, never pile them up
                if (ticking.compareAndSet(false, true)) {
                    v.executeBlocking(() -> {
                        alerts.tick(index.all());
                        return null;
                    }, false).onComplete(ar -> {
                        ticking.set(false);
                        if (ar.failed()) {
                            LOG.warn("the alert check failed: {}", ar.cause().toString());
                        }
                    });
                }
            });
            if (config.kafkaIngest() != null) {
                kafka = KafkaIngestWiring.start(config, decoder, owners, index, writer, metrics, clock);
            }
            return new CollectorApp(vertx, verticle, writer, store, index, feed, delivery, lifecycle, kafka);
        } catch (Exception | Error e) {
            if (kafka != null) {
                kafka.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (feed != null) {
                feed.close();
            }
            if (delivery != null) {
                delivery.close();
            }
            if (lifecycle != null) {
                lifecycle.shutdownNow();
            }
            if (writer != null) {
                writer.close();
            }
            store.close();
            throw e;
        }
    }

    private static ReportStore open(CollectorConfig config, ReportJson json) throws Exception {
        CollectorConfig.Store s = config.store();
        if (s.type() == CollectorConfig.Store.Type.POSTGRES) {
            return PostgresReportStore.open(s.url(), s.user(), s.password(), s.maxPoolSize(), json.mapper());
        }
        return H2ReportStore.open(config.dataDir(), json.mapper(), config.durability());
    }

    /** True while this collector does the once-only work (always with the embedded store). */
    public boolean ownsOnceWork() {
        return feed == null || feed.ownsOnceWork();
    }

    /** The port listened on. */
    public int port() {
        return verticle.actualPort();
    }

    /** Hosts known. */
    public int hosts() {
        return index.size();
    }

    /** Connections closed at a header or body deadline since start. */
    public long connectionsTimedOut() {
        return verticle.guard().timedOut();
    }

    /** Connections closed because their address was over its cap since start. */
    public long connectionsRefused() {
        return verticle.guard().refused();
    }

    /** Runs retention now and returns how many reports it deleted. */
    public int retentionNow() throws Exception {
        return verticle.retention().await(60, TimeUnit.SECONDS);
    }

    /** The Kafka ingest member, null when {@code ingest.kafka} is not configured. */
    public KafkaIngest kafkaIngest() {
        return kafka;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping anyway
        } finally {
            writer.close();
            if (feed != null) {
                feed.close();
            }
            lifecycle.shutdown();
            try {
                lifecycle.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivery.close();
            store.close();
        }
    }

    /**
     * With a shared store: whether this collector runs the alert lifecycle now ({@code held}: it holds the once-only
     * lock). On taking it over, the lifecycle first reloads the open alerts the previous holder wrote.
     */
    private static boolean takeLifecycle(boolean held, java.util.concurrent.atomic.AtomicBoolean owned,
                                         AlertService alerts, FleetIndex index, ExecutorService lifecycle) {
        if (!held) {
            owned.set(false);
            return false;
        }
        if (!owned.getAndSet(true)) {
            lifecycle.execute(() -> {
                try {
                    alerts.reload();
                } catch (Exception e) {
                    LOG.warn("open alerts could not be reloaded on taking over the lifecycle: {}", e.toString());
                }
            });
        }
        return true;
    }

    /** The receivers of the configuration that could be made; the others are logged and left out. */
    static Map<String, Receiver> receivers(AlertsConfig config, ReceiverFactory types) {
        Map<String, Receiver> out = new LinkedHashMap<>();
        for (ReceiverConfig rc : config.receivers()) {
            try {
                out.put(rc.name(), types.create(rc));
            } catch (IllegalArgumentException e) {
                LOG.error("alert receiver '{}' left out: {}", rc.name(), e.getMessage());
            }
        }
        return out;
    }
}
