package dev.brokertuner.agent.daemon;

import dev.brokertuner.agent.AgentVersion;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.daemon.config.AgentConfig;
import dev.brokertuner.agent.daemon.http.AgentMetrics;
import dev.brokertuner.agent.daemon.push.FallbackTransport;
import dev.brokertuner.agent.daemon.push.HttpTransport;
import dev.brokertuner.agent.daemon.push.KafkaTransport;
import dev.brokertuner.agent.daemon.push.Outbox;
import dev.brokertuner.agent.daemon.push.Publisher;
import dev.brokertuner.agent.daemon.push.PublisherStats;
import dev.brokertuner.agent.daemon.push.RetryPolicy;
import dev.brokertuner.agent.daemon.push.Transport;
import dev.brokertuner.agent.gather.BrokerGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Inspection;
import dev.brokertuner.agent.host.LinuxHostGatherer;
import dev.brokertuner.agent.rules.RuleCatalog;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.report.ReportJson;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The composition root of the daemon: builds the gatherers, rule engine, outbox, publisher, metrics and the
 * verticle from an {@link AgentConfig}, and owns the Vert.x instance. {@link #close()} stops it within 5 s.
 */
public final class AgentApp implements AutoCloseable {
    private final Vertx vertx;
    private final AgentVerticle verticle;
    private final BrokerGatherer broker;
    private final Outbox outbox;

    private AgentApp(Vertx vertx, AgentVerticle verticle, BrokerGatherer broker, Outbox outbox) {
        this.vertx = vertx;
        this.verticle = verticle;
        this.broker = broker;
        this.outbox = outbox;
    }

    /** Earlier gatherings the rules see: enough for trends and for agreement across a few windows. */
    static final int HISTORY = 12;

    /** Starts the daemon and waits until its API listens. */
    public static AgentApp start(AgentConfig config, Clock clock) throws Exception {
        HostPaths paths = new HostPaths(config.procfs(), config.sysfs());
        return start(config, clock, config.brokerEnabled()
                ? new LocalBrokerGatherer(paths, brokerOptions(config))
                : BrokerGatherer.none("broker side disabled in the configuration (broker.enabled: false)"));
    }

    /** Starts the daemon over this broker gatherer (closed with the app) and waits until its API listens. */
    static AgentApp start(AgentConfig config, Clock clock, BrokerGatherer broker) throws Exception {
        HostPaths paths = new HostPaths(config.procfs(), config.sysfs());
        RuleCatalog catalog = RuleCatalog.builtIn();
        Inspection inspection = new Inspection(new LinuxHostGatherer(paths, config.nicSpeeds()), broker,
                new RuleEngine(catalog.rules(), config.rules()), clock, AgentVersion.get(), HISTORY);
        Outbox outbox = null;
        Publisher.Factory publishers = null;
        PublisherStats stats = new PublisherStats();
        if (config.collector() != null) {
            try {
                outbox = Outbox.open(config.collector().outboxDir(), config.collector().outboxMaxReports(),
                        config.collector().outboxMaxBytes());
            } catch (IOException e) {
                broker.close();
                throw new IOException("cannot open the outbox " + config.collector().outboxDir() + ": " + e, e);
            }
            var c = config.collector();
            Properties producerProperties = new Properties();
            if (c.kafka() != null) {
                try {
                    producerProperties = KafkaTransport.load(c.kafka().config());
                } catch (IOException e) {
                    broker.close();
                    throw new IOException("cannot read collector.kafka.config " + c.kafka().config() + ": " + e, e);
                }
            }
            Properties producer = producerProperties;
            publishers = (vx, box) -> new Publisher(vx, box, transport(vx, c, producer, stats, clock),
                    new RetryPolicy(() -> ThreadLocalRandom.current().nextDouble()), stats, clock);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
        LatestReport latest = new LatestReport();
        LoopStats loop = new LoopStats();
        Outbox box = outbox;
        AgentMetrics metrics = new AgentMetrics(latest, loop, () -> box, stats, clock);
        AgentVerticle verticle = new AgentVerticle(config, inspection, latest, loop, outbox, publishers, metrics,
                new ReportJson(), clock);
        try {
            vertx.deployVerticle(verticle).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            broker.close();
            throw e;
        }
        return new AgentApp(vertx, verticle, broker, outbox);
    }

    /** The API's port. */
    public int port() {
        return verticle.actualPort();
    }

    /** The outbox, null when no collector is configured. */
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public void close() {
        try {
            vertx.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // stopping anyway: the outbox is consistent at every moment (atomic renames)
        } finally {
            broker.close();
        }
    }

    /** HTTP, Kafka, or Kafka falling back to HTTPS, as configured. */
    static Transport transport(Vertx vx, AgentConfig.Collector c, Properties producer, PublisherStats stats,
                               Clock clock) {
        Transport http = c.url() == null ? null : new HttpTransport(WebClient.create(vx, new WebClientOptions()
                .setUserAgent("broker-tuner-agent/" + AgentVersion.get()).setTrustAll(false)
                .setConnectTimeout(5_000)), c.url(), c.token());
        if (c.kafka() == null) {
            return http;
        }
        Transport kafka = new KafkaTransport(vx, c.kafka().bootstrapServers(), c.kafka().topic(), producer);
        return http == null ? kafka : new FallbackTransport(kafka, http,
                Duration.ofSeconds(c.kafka().fallbackAfterSeconds()), clock, stats);
    }

    static BrokerOptions brokerOptions(AgentConfig config) {
        BrokerOptions o = new BrokerOptions();
        o.serverProperties = config.serverProperties();
        o.jmx = config.jmx().url();
        o.jmxUser = config.jmx().user();
        o.jmxPasswordFile = config.jmx().passwordFile();
        o.bootstrapServer = config.bootstrapServers();
        o.adminConfig = config.adminConfig();
        o.topTopics = config.workload().topTopics();
        o.batchBudgetBytes = config.workload().batchBudgetBytes();
        o.topicMetersSeconds = config.workload().topicMetersSeconds();
        o.logDirsSeconds = config.logDirsSeconds();
        return o;
    }
}
