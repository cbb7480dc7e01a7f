package dev.brokertuner.agent.daemon;

import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.http.AgentMetrics;
import dev.brokertuner.agent.daemon.http.ApiRoutes;
import dev.brokertuner.agent.daemon.http.HealthSignals;
import dev.brokertuner.agent.daemon.http.HostCheck;
import dev.brokertuner.agent.daemon.http.StrictRequestDecoder;
import dev.brokertuner.agent.daemon.push.Outbox;
import dev.brokertuner.agent.daemon.push.Publisher;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.Report;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: every {@code intervalSeconds} it runs one {@link Inspection} on a worker thread (one at a time; a tick
 * that finds the previous gathering still running is skipped and counted), publishes the report atomically for the
 * REST API, appends it to the outbox and nudges the publisher. Logs only state changes (broker reachable or not).
 *
 * <p>The first tick serves a report at once, in steps published for the API only, never queued for the collector
 * (whose alerts would see findings vanish and come back): with the broker side on, a host-only report first (host
 * facts read once over the data dirs the broker's {@code server.properties} declares, the broker {@code not-read-yet},
 * every rule unknown, not read yet), served before the broker's JMX and AdminClient connections answer; then an
 * unsampled gathering (facts read once with the broker, the rules that need a sample window answered unknown, not
 * sampled yet); the first sampled gathering starts right after it. {@code /health} says which one is served
 * ({@code report: host-only|unsampled|sampled}).
 */
public final class AgentVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AgentVerticle.class);

    private final AgentConfig config;
    private final Inspection inspection;
    private final LatestReport latest;
    private final LoopStats loop;
    private final Outbox outbox;
    private final Publisher.Factory publisherFactory;
    private final AgentMetrics metrics;
    private final ReportJson json;
    private final Clock clock;
    private final LastKnownBroker lastKnown;
    private Publisher publisher;
    private HttpServer server;
    private long timer = -1;
    private boolean gathering;
    private boolean unsampledServed;
    private boolean hostOnlyServed;
    private BrokerStatus lastBrokerStatus;
    private Instant brokerDownSince;

    public AgentVerticle(AgentConfig config, Inspection inspection, LatestReport latest, LoopStats loop,
                         Outbox outbox, Publisher.Factory publisherFactory, AgentMetrics metrics, ReportJson json,
                         Clock clock) {
        this.config = config;
        this.inspection = inspection;
        this.latest = latest;
        this.loop = loop;
        this.outbox = outbox;
        this.publisherFactory = publisherFactory;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.lastKnown = new LastKnownBroker(config.effectiveStateDir());
    }

    @Override
    public Future<?> start() {
        if (outbox != null && publisherFactory != null) {
            publisher = publisherFactory.create(vertx, outbox);
        }
        var hosts = new HostCheck(config.listenHost(), config.allowedHosts(), this::actualPort);
        HealthSignals signals = () -> {
            if (outbox == null) {
                return List.of();
            }
            List<String> reasons = new java.util.ArrayList<>(outbox.problem().map(List::of).orElse(List.of()));
            String fallback = metrics.publisherStats().fallbackReason.get();
            if (fallback != null) {
                reasons.add(fallback);
            }
            return reasons;
        };
        var routes = new ApiRoutes(latest, metrics, json, clock, Duration.ofSeconds(config.intervalSeconds()), hosts,
                signals);
        // HTTP/1.1 only: no h2c upgrade on a loopback API (fewer framings for a hostile client to play with)
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options)
                .connectionHandler(c -> StrictRequestDecoder.install(c, options))
                .invalidRequestHandler(routes::invalidRequest)
                .requestHandler(routes.router(vertx))
                .listen(config.listenPort(), config.listenHost())
                .onSuccess(s -> {
                    server = s;
                    timer = vertx.setPeriodic(0, config.intervalSeconds() * 1000L, id -> tick());
                    if (publisher != null) {
                        publisher.nudge();
                    }
                });
    }

    @Override
    public Future<?> stop() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
        }
        if (publisher != null) {
            publisher.stop();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port the API listens on (useful with port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }

    private void tick() {
        if (gathering) {
            loop.skippedTicks.incrementAndGet();
            return;
        }
        gathering = true;
        if (!hostOnlyServed && config.brokerEnabled()) {
            vertx.executeBlocking(this::gatherHostOnly, false).onComplete(ar -> {
                gathering = false;
                hostOnlyServed = true;
                if (ar.succeeded()) {
                    latest.set(ar.result());
                } else {
                    LOG.error("the host-only first report failed", ar.cause());
                }
                tick();
            });
            return;
        }
        boolean first = !unsampledServed && config.sampleSeconds() > 0;
        vertx.executeBlocking(first ? this::gatherUnsampled : this::gatherOnce, false).onComplete(ar -> {
            gathering = false;
            if (first) {
                unsampledServed = true;
                if (ar.succeeded()) {
                    latest.set(ar.result());
                    loop.gatherings.incrementAndGet();
                } else {
                    loop.failures.incrementAndGet();
                    LOG.error("the unsampled first gathering failed", ar.cause());
                }
                tick();
                return;
            }
            if (ar.failed()) {
                loop.failures.incrementAndGet();
                LOG.error("gathering failed; serving the previous report", ar.cause());
                return;
            }
            latest.set(ar.result());
            loop.gatherings.incrementAndGet();
            if (publisher != null) {
                publisher.nudge();
            }
        });
    }

    /** The earliest report: host facts, the broker not read yet; served by the API, not queued. */
    private LatestReport.Published gatherHostOnly() {
        long t0 = System.nanoTime();
        // the cluster and version it last answered with (the state dir's), so even the earliest report names them
        Report report = withLastKnown(inspection.runHostOnly(config.logDirs(), config.clusterAlias(), config.tags()));
        return new LatestReport.Published(report, clock.instant(), (System.nanoTime() - t0) / 1_000_000,
                LatestReport.Kind.HOST_ONLY);
    }

    /** The first report, read without a sample window; served by the API, not queued. */
    private LatestReport.Published gatherUnsampled() {
        long t0 = System.nanoTime();
        Report report = inspection.runUnsampled(config.logDirs(), config.clusterAlias(), config.tags());
        report = withLastKnown(trackBroker(report));
        return new LatestReport.Published(report, clock.instant(), (System.nanoTime() - t0) / 1_000_000, false);
    }

    private LatestReport.Published gatherOnce() {
        long t0 = System.nanoTime();
        Report report = inspection.run(config.logDirs(), config.sampleSeconds(), config.clusterAlias(),
                config.tags());
        report = trackBroker(report);
        report = withLastKnown(report);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (outbox != null) {
            try {
                int dropped = outbox.append(report.reportId(), gzip(json.write(report)));
                if (dropped > 0) {
                    LOG.warn("outbox full ({} reports, {} bytes max): dropped the {} oldest report(s)",
                            config.collector().outboxMaxReports(), config.collector().outboxMaxBytes(), dropped);
                }
            } catch (IOException | RuntimeException e) {
                loop.outboxWriteFailures.incrementAndGet();
                LOG.error("could not queue report {} in {}: {}", report.reportId(), outbox.dir(), e.toString());
            }
        }
        return new LatestReport.Published(report, clock.instant(), millis, config.sampleSeconds() > 0);
    }

    /** Logs broker state changes and stamps since when an unreachable broker has been gone. */
    private Report trackBroker(Report report) {
        BrokerFacts b = report.broker();
        if (b == null) {
            return report;
        }
        if (b.status() != lastBrokerStatus) {
            if (b.status() == BrokerStatus.OK) {
                LOG.info("broker reachable: node {} of cluster {} (Kafka {}), JMX {}", b.nodeId(), b.clusterId(),
                        b.kafkaVersion(), b.jmx());
            } else {
                LOG.warn("broker {}: {}", b.status().wire(), b.reason());
            }
            brokerDownSince = b.status() == BrokerStatus.UNREACHABLE ? report.generatedAt() : null;
            lastBrokerStatus = b.status();
        }
        if (b.status() != BrokerStatus.UNREACHABLE || brokerDownSince == null) {
            return report;
        }
        return withBroker(report, b.withUnreachableSince(brokerDownSince));
    }

    /** Sets the broker's last-known cluster id and version (remembering them while it answers). */
    private Report withLastKnown(Report report) {
        if (report.broker() == null) {
            return report;
        }
        return withBroker(report, lastKnown.stamp(report.broker(), report.generatedAt()));
    }

    private static Report withBroker(Report report, BrokerFacts stamped) {
        return new Report(report.schemaVersion(), report.reportId(), report.generatedAt(), report.agentVersion(),
                report.clusterAlias(), report.tags(), report.host(), stamped, report.findings(), report.checks(),
                report.problems());
    }

    static byte[] gzip(byte[] body) {
        var bytes = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
