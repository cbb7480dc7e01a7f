package dev.brokertuner.agent.broker;

import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Peer;
import dev.brokertuner.report.Problem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Reads the broker with one long-lived kafka-clients {@link Admin}: {@code describeCluster} (cluster id, controller,
 * the other brokers, and a TCP connect round trip to each), {@code describeConfigs} for this broker's
 * {@link #CONFIGS} (value, source, read-only) and {@code describeLogDirs} (bytes per dir, filesystem capacity).
 * Short timeouts; never throws. Before each read, {@link KafkaProbe} checks that the bootstrap endpoints speak Kafka,
 * so a wrong port (an HTTP proxy, a TLS listener reached as plaintext) is a reason, never an OutOfMemoryError in
 * the client.
 */
public final class AdminReader implements AutoCloseable {
    /** The configs the agent reads (those the rules judge). */
    public static final List<String> CONFIGS = List.of("num.io.threads", "num.network.threads",
            "num.replica.fetchers", "socket.send.buffer.bytes", "socket.receive.buffer.bytes",
            "socket.request.max.bytes", "queued.max.requests", "message.max.bytes", "replica.fetch.max.bytes",
            "replica.socket.receive.buffer.bytes", "log.flush.interval.messages", "log.flush.interval.ms",
            "log.dirs", "listeners", "remote.log.storage.system.enable", "log.segment.bytes",
            "process.roles", "node.id",
            // read by the rules as evidence or to make an estimate exact
            "log.flush.scheduler.interval.ms", "log.retention.ms", "log.retention.minutes", "log.retention.hours",
            "controller.listener.names", "replica.fetch.response.max.bytes", "fetch.max.bytes");
    private static final long TIMEOUT_MS = 5_000;
    private static final int RTT_TIMEOUT_MS = 1_000;

    private final Properties clientProperties;
    private final String bootstrap;
    private final KafkaProbe probe;
    private Admin admin;

    /**
     * @param bootstrap        bootstrap servers
     * @param clientProperties extra client properties ({@code --admin-config}: SASL/TLS), may be empty
     */
    public AdminReader(String bootstrap, Properties clientProperties) {
        this(bootstrap, clientProperties, new KafkaProbe(Duration.ofSeconds(3), Duration.ofSeconds(5)));
    }

    /** As above, probing endpoints with {@code probe} before AdminClient is pointed at them. */
    AdminReader(String bootstrap, Properties clientProperties, KafkaProbe probe) {
        this.bootstrap = bootstrap;
        this.probe = probe;
        Properties p = new Properties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_MS));
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, "5000");
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "broker-tuner-agent");
        p.putAll(clientProperties);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.clientProperties = p;
    }

    /** The bootstrap servers used. */
    public String bootstrap() {
        return bootstrap;
    }

    /**
     * Reads cluster, configs and log dirs.
     *
     * @param nodeId this broker's id, null to take the only node of a one-node cluster
     */
    public AdminReading read(Integer nodeId) {
        Optional<String> notKafka = notKafka();
        if (notKafka.isPresent()) {
            closeAdmin();
            return new AdminReading.Failed(notKafka.get());
        }
        try {
            if (admin == null) {
                admin = Admin.create(clientProperties);
            }
            DescribeClusterResult cluster = admin.describeCluster();
            String clusterId = cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Collection<Node> nodes = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Node controllerNode = cluster.controller().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<Problem> problems = new ArrayList<>();
            Integer id = nodeId;
            if (id == null) {
                if (nodes.size() == 1) {
                    id = nodes.iterator().next().id();
                } else {
                    return new AdminReading.Failed("AdminClient " + bootstrap + ": the cluster has " + nodes.size()
                            + " brokers and this broker's node.id is unknown (give --server-properties)");
                }
            }
            Map<String, ConfigValue> configs = configs(id, problems);
            List<LogDirUsage> dirs = logDirs(id, problems);
            List<Peer> peers = new ArrayList<>();
            for (Node n : nodes) {
                if (n.id() != id) {
                    peers.add(new Peer(n.id(), n.host(), n.port(), connectMillis(n.host(), n.port())));
                }
            }
            // One broker per cluster walks the topic metadata: the one with the lowest node id.
            int lowest = nodes.stream().mapToInt(Node::id).min().orElse(id);
            long[] topics = id == lowest ? topics(problems) : null;
            return new AdminReading.Read(clusterId, id,
                    controllerNode == null || controllerNode.isEmpty() ? null : controllerNode.id(), configs, dirs,
                    peers, topics == null ? null : (int) topics[0], topics == null ? null : topics[1], problems);
        } catch (ExecutionException e) {
            return new AdminReading.Failed("AdminClient " + bootstrap + ": " + JmxSession.reason(e));
        } catch (TimeoutException e) {
            return new AdminReading.Failed("AdminClient " + bootstrap + ": no answer within "
                    + TIMEOUT_MS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AdminReading.Failed("interrupted");
        } catch (RuntimeException e) {
            // bad client properties (KafkaException from Admin.create) and the like
            closeAdmin();
            return new AdminReading.Failed("AdminClient " + bootstrap + ": " + JmxSession.reason(e));
        }
    }

    /**
     * Why AdminClient must not be pointed at the bootstrap servers: every endpoint that accepted a connection
     * answered with something other than Kafka ({@link KafkaProbe}). Empty when one speaks Kafka, or when none
     * accepted a connection at all (then AdminClient reads nothing and says so itself).
     */
    private Optional<String> notKafka() {
        String protocol = clientProperties.getProperty(AdminClientConfig.SECURITY_PROTOCOL_CONFIG);
        boolean tls = KafkaProbe.tls(protocol);
        List<ProbeResult> results = probe.probeAll(bootstrap, tls);
        if (results.isEmpty() || results.stream().anyMatch(r -> r instanceof ProbeResult.Kafka)
                || results.stream().allMatch(r -> r instanceof ProbeResult.NoConnection)) {
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        for (ProbeResult r : results) {
            if (r instanceof ProbeResult.NotKafka n) {
                reasons.add(n.reason());
            } else if (r instanceof ProbeResult.NoConnection c) {
                reasons.add(c.reason());
            }
        }
        return Optional.of(String.join("; ", reasons) + " (probed with " + (tls ? "a TLS handshake, then " : "")
                + "a Kafka ApiVersions request" + (tls ? ", as security.protocol is " + protocol.strip() : "")
                + "; AdminClient not started)");
    }

    /** Topics (internal ones excluded) and their partitions, or null with a problem. */
    private long[] topics(List<Problem> problems) throws InterruptedException {
        try {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            long partitions = 0;
            if (!names.isEmpty()) {
                for (TopicDescription d : admin.describeTopics(names).allTopicNames()
                        .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).values()) {
                    partitions += d.partitions().size();
                }
            }
            return new long[] {names.size(), partitions};
        } catch (ExecutionException | TimeoutException e) {
            problems.add(new Problem("broker:admin", "topic count unknown: " + JmxSession.reason(e)));
            return null;
        }
    }

    private Map<String, ConfigValue> configs(int id, List<Problem> problems)
            throws InterruptedException {
        Map<String, ConfigValue> out = new LinkedHashMap<>();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(id));
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(resource);
            for (String name : CONFIGS) {
                ConfigEntry e = config == null ? null : config.get(name);
                if (e != null) {
                    out.put(name, new ConfigValue(e.isSensitive() ? null : e.value(), e.source().name(),
                            e.isReadOnly()));
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            problems.add(new Problem("broker:admin", "describeConfigs for broker " + id + ": "
                    + JmxSession.reason(e)));
        }
        return out;
    }

    private List<LogDirUsage> logDirs(int id, List<Problem> problems) throws InterruptedException {
        List<LogDirUsage> out = new ArrayList<>();
        try {
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(id)).allDescriptions()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(id);
            if (dirs != null) {
                for (Map.Entry<String, LogDirDescription> e : new java.util.TreeMap<>(dirs).entrySet()) {
                    LogDirDescription d = e.getValue();
                    long bytes = 0;
                    for (ReplicaInfo r : d.replicaInfos().values()) {
                        bytes += r.size();
                    }
                    out.add(new LogDirUsage(e.getKey(), d.error() == null ? bytes : null,
                            d.totalBytes().isPresent() ? d.totalBytes().getAsLong() : null,
                            d.usableBytes().isPresent() ? d.usableBytes().getAsLong() : null,
                            d.error() == null ? null : d.error().getMessage()));
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            problems.add(new Problem("broker:admin", "describeLogDirs for broker " + id + ": "
                    + JmxSession.reason(e)));
        }
        return out;
    }

    /** TCP connect time to a listener in ms (one SYN/SYN-ACK round trip), null when it does not connect. */
    static Double connectMillis(String host, int port) {
        try (Socket s = new Socket()) {
            long t0 = System.nanoTime();
            s.connect(new InetSocketAddress(host, port), RTT_TIMEOUT_MS);
            return (System.nanoTime() - t0) / 1e6;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private void closeAdmin() {
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(2));
            } catch (RuntimeException ignored) {
                // closing anyway
            }
            admin = null;
        }
    }

    @Override
    public void close() {
        closeAdmin();
    }
}
