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
import dev.brokertuner.collector.store.SharedStore;
import dev.brokertuner.collector.store.StoreFeed;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The composition root: opens the store (migrating it), loads the fleet index, starts the group-commit writer,
 * metrics, routes and the verticle, and owns the Vert.x instance. With a store shared by several collectors
 * ({@code store.type: postgres}) it also follows the store's change feed into the index and host owners, and runs
 * retention only while it holds the once-only lock ({@link StoreFeed}, {@link LeaderLock}). {@link #close()} stops
 * taking requests, stores what is queued and closes the database.
 */
public final class CollectorApp implements AutoCloseable {
    private final Vertx vertx;
    private final CollectorVerticle verticle;
    private final GroupCommitWriter writer;
    private final ReportStore store;
    private final FleetIndex index;
    private final StoreFeed feed;

    private CollectorApp(Vertx vertx, CollectorVerticle verticle, GroupCommitWriter writer, ReportStore store,
                         FleetIndex index, StoreFeed feed) {
        this.feed = feed;
        this.vertx = vertx;
        this.verticle = verticle;
        this.writer = writer;
        this.store = store;
        this.index = index;
    }

    /** Starts the collector and waits until it listens. */
    public static CollectorApp start(CollectorConfig config, Clock clock) throws Exception {
        ReportJson json = new ReportJson();
        ReportStore store = open(config, json);
        GroupCommitWriter writer = null;
        Vertx vertx = null;
        StoreFeed feed = null;
        try {
            long feedFrom = store instanceof SharedStore shared ? shared.feedPosition() : 0;
            FleetIndex index = new FleetIndex();
            index.load(store.latestSummaries());
            long reportsAtStart = store.reportCount();
            writer = new GroupCommitWriter(store, index, config.maxPending());
            AtomicLong deleted = new AtomicLong();
            GroupCommitWriter w = writer;
            CollectorMetrics metrics = new CollectorMetrics(() -> reportsAtStart + w.stored() - deleted.get(),
                    index::size, store::sizeBytes, w::pending, () -> w.healthy() ? 1 : 0);
            MemoryBudget budget = new MemoryBudget(config.ingest().memoryBytes());
            metrics.gauge("broker_tuner_collector_ingest_memory_bytes", "Report bytes held by ingest (received, "
                    + "inflated, parsing), against the budget ingestMemoryBytes", budget::used);
            HostOwners owners = new HostOwners(store.hostOwners());
            if (store instanceof SharedStore shared) {
                LeaderLock lock = shared.onceLock();
                lock.tick();
                feed = new StoreFeed(shared, feedFrom, lock, change -> {
                    index.offer(change.summary());
                    owners.learn(change.summary().hostname(), change.owner());
                }, w::observe);
            }
            StoreFeed f = feed;
            CollectorRoutes routes = new CollectorRoutes(config, writer, store, index,
                    new ReportDecoder(new ReportValidator(), json, config.maxBodyBytes(),
                            java.time.Duration.ofSeconds(config.ingest().maxSkewSeconds())), metrics, json, clock,
                    new Dashboard(config.viewers() == CollectorConfig.Viewers.OPEN),
                    owners, budget);
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
            return new CollectorApp(vertx, verticle, writer, store, index, feed);
        } catch (Exception | Error e) {
            if (vertx != null) {
                vertx.close();
            }
            if (feed != null) {
                feed.close();
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

    @Override
    public void close() {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping anyway
        } finally {
            writer.close();
            if (feed != null) {
                feed.close();
            }
            store.close();
        }
    }
}
