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
import dev.brokertuner.collector.store.ReportStore;
import dev.brokertuner.collector.transport.KafkaIngest;
import dev.brokertuner.collector.transport.KafkaIngestWiring;
import dev.brokertuner.report.ReportJson;
import dev.brokertuner.report.ReportValidator;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The composition root: opens the store (migrating it), loads the fleet index, starts the group-commit writer,
 * metrics, routes and the verticle, and owns the Vert.x instance. {@link #close()} stops taking requests, stores
 * what is queued and closes the database.
 */
public final class CollectorApp implements AutoCloseable {
    private final Vertx vertx;
    private final CollectorVerticle verticle;
    private final GroupCommitWriter writer;
    private final ReportStore store;
    private final FleetIndex index;
    private final KafkaIngest kafka;

    private CollectorApp(Vertx vertx, CollectorVerticle verticle, GroupCommitWriter writer, ReportStore store,
                         FleetIndex index, KafkaIngest kafka) {
        this.kafka = kafka;
        this.vertx = vertx;
        this.verticle = verticle;
        this.writer = writer;
        this.store = store;
        this.index = index;
    }

    /** Starts the collector and waits until it listens. */
    public static CollectorApp start(CollectorConfig config, Clock clock) throws Exception {
        ReportJson json = new ReportJson();
        ReportStore store = H2ReportStore.open(config.dataDir(), json.mapper(), config.durability());
        GroupCommitWriter writer = null;
        Vertx vertx = null;
        KafkaIngest kafka = null;
        try {
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
            ReportDecoder decoder = new ReportDecoder(new ReportValidator(), json, config.maxBodyBytes(),
                    java.time.Duration.ofSeconds(config.ingest().maxSkewSeconds()));
            HostOwners owners = new HostOwners(store.hostOwners());
            CollectorRoutes routes = new CollectorRoutes(config, writer, store, index, decoder, metrics, json, clock,
                    new Dashboard(config.viewers() == CollectorConfig.Viewers.OPEN), owners, budget);
            ConnectionGuard guard = new ConnectionGuard(config.connections());
            metrics.gauge("broker_tuner_collector_connections_open", "Open client connections", guard::open);
            metrics.gauge("broker_tuner_collector_connections_timed_out", "Connections closed at the header or body "
                    + "deadline since start", guard::timedOut);
            metrics.gauge("broker_tuner_collector_connections_refused", "Connections closed because their address "
                    + "held maxConnectionsPerAddress already, since start", guard::refused);
            vertx = Vertx.vertx();
            CollectorVerticle verticle = new CollectorVerticle(config, routes, store, clock, deleted, guard);
            vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
            if (config.kafkaIngest() != null) {
                kafka = KafkaIngestWiring.start(config, decoder, owners, index, writer, metrics, clock);
            }
            return new CollectorApp(vertx, verticle, writer, store, index, kafka);
        } catch (Exception | Error e) {
            if (kafka != null) {
                kafka.close();
            }
            if (vertx != null) {
                vertx.close();
            }
            if (writer != null) {
                writer.close();
            }
            store.close();
            throw e;
        }
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
            store.close();
        }
    }
}
