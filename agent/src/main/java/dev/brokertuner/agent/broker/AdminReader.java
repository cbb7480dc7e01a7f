package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.workload.GroupReader;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.LogDirUsage;
import dev.brokertuner.report.Peer;
import dev.brokertuner.report.Problem;
import dev.brokertuner.report.TopicRisk;
import dev.brokertuner.report.TopicFacts;
import dev.brokertuner.agent.workload.TopicPartitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Reads the broker with one long-lived kafka-clients {@link Admin}: {@code describeCluster} (cluster id, controller,
 * the other brokers, and a TCP connect round trip to each), {@code describeConfigs} for this broker's
 * {@link #CONFIGS} (value, source, read-only), {@code describeLogDirs} (bytes per dir, filesystem capacity, bytes per
 * topic) and, for the topics with replicas here, their {@link #TOPIC_CONFIGS} (bounded by {@link #MAX_TOPICS}).
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
            "controller.listener.names", "replica.fetch.response.max.bytes", "fetch.max.bytes",
            // tiered storage: the local retention default and the cleanup policy
            "log.local.retention.ms", "log.cleanup.policy",
            // the broker's interfaces and listen backlog
            "advertised.listeners", "socket.listen.backlog.size");
    /** Configs only some distributions have (Confluent Server's own tiering), read when the broker reports them. */
    public static final List<String> VENDOR_CONFIGS = List.of("confluent.tier.feature", "confluent.tier.enable");
    /**
     * The topic configs read for each topic with replicas on this broker (those the rules judge); only the topic's
     * own overrides are kept, inherited values being the broker's {@link #CONFIGS}.
     */
    public static final List<String> TOPIC_CONFIGS = List.of("retention.ms", "local.retention.ms", "cleanup.policy",
            "remote.storage.enable", "confluent.tier.enable");
    /** At most this many topics (the largest on this broker) get their configs read per gathering. */
    public static final int MAX_TOPICS = 500;
    /**
     * Topic configs change rarely: they are re-read every this many reads (10 minutes at the daemon's default 30 s),
     * a topic new on this broker at once; bytes are fresh every read.
     */
    public static final int TOPIC_CONFIG_EVERY = 20;
    /**
     * The metadata walk of every topic ({@code describeTopics} and {@code describeConfigs} of all of them, on the
     * broker with the lowest node id) is kept and done again every this many reads (5 minutes at the daemon's
     * default 30 s), or at once when the topics listed change: a topic created or deleted shows at the next read, a
     * changed replication factor or {@code min.insync.replicas} of an existing topic within this many reads.
     * broker-tuner's own bound: at 1,000 topics the walk is two requests answering for every topic each gathering,
     * while what it judges (replication risk, topic and partition counts) changes by operator action.
     */
    public static final int TOPIC_WALK_EVERY = 10;
    private static final long TIMEOUT_MS = 5_000;
    /**
     * The least time between two {@code describeLogDirs} calls (config {@code broker.logDirsSeconds}); sooner when
     * what it describes changed ({@link LogDirsDue}). broker-tuner's own bound: the call walks every replica here.
     */
    public static final Duration LOG_DIRS_PERIOD = Duration.ofSeconds(120);

    private final Properties clientProperties;
    private final String bootstrap;
    private final int maxTopics;
    private final int topicConfigEvery;
    private final int topicWalkEvery;
    /** The last metadata walk, the topic names it covered, and reads since. */
    private Topics walked;
    private Set<String> walkedNames;
    private int readsSinceWalk;
    /** The names {@code listTopics} gave in the current read, null when it did not list them. */
    private Set<String> listed;
    private final Map<String, Map<String, ConfigValue>> topicConfigs = new HashMap<>();
    private int readsSinceTopicConfigs;
    private final KafkaProbe probe;
    private final GroupReader groups = new GroupReader(java.time.Clock.systemUTC(), TIMEOUT_MS);
    private final TopicPartitions partitions = new TopicPartitions(System::nanoTime);
    private Admin admin;
    private Duration logDirsPeriod = LOG_DIRS_PERIOD;
    private final java.util.function.LongSupplier nanoTime = System::nanoTime;
    private final java.time.Clock clock = java.time.Clock.systemUTC();
    /** The last successful {@code describeLogDirs}, carried until the next is due; null before one, after a failure. */
    private LogDirsRead lastLogDirs;
    private boolean logDirsFailed;
    /** {@code describeLogDirs} calls made (for tests: counted through the reader, not timed). */
    private int logDirsCalls;
    /** Why the last read called {@code describeLogDirs} or how old the carried one was (for tests and the harness). */
    private LogDirsDue lastDue;

    /**
     * @param bootstrap        bootstrap servers
     * @param clientProperties extra client properties ({@code --admin-config}: SASL/TLS), may be empty
     */
    public AdminReader(String bootstrap, Properties clientProperties) {
        this(bootstrap, clientProperties, MAX_TOPICS, TOPIC_CONFIG_EVERY, defaultProbe());
    }

    /** As above, probing endpoints with {@code probe} before AdminClient is pointed at them. */
    AdminReader(String bootstrap, Properties clientProperties, KafkaProbe probe) {
        this(bootstrap, clientProperties, MAX_TOPICS, TOPIC_CONFIG_EVERY, probe);
    }

    /** With other bounds on the topics whose configs are read and how often (tests). */
    AdminReader(String bootstrap, Properties clientProperties, int maxTopics, int topicConfigEvery) {
        this(bootstrap, clientProperties, maxTopics, topicConfigEvery, TOPIC_WALK_EVERY, defaultProbe());
    }

    /** With another bound on how often the metadata walk is done again (tests). */
    AdminReader(String bootstrap, Properties clientProperties, int maxTopics, int topicConfigEvery,
                int topicWalkEvery) {
        this(bootstrap, clientProperties, maxTopics, topicConfigEvery, topicWalkEvery, defaultProbe());
    }

    private AdminReader(String bootstrap, Properties clientProperties, int maxTopics, int topicConfigEvery,
                        KafkaProbe probe) {
        this(bootstrap, clientProperties, maxTopics, topicConfigEvery, TOPIC_WALK_EVERY, probe);
    }

    private AdminReader(String bootstrap, Properties clientProperties, int maxTopics, int topicConfigEvery,
                        int topicWalkEvery, KafkaProbe probe) {
        this.topicWalkEvery = Math.max(1, topicWalkEvery);
        this.bootstrap = bootstrap;
        this.probe = probe;
        this.maxTopics = maxTopics;
        this.topicConfigEvery = Math.max(1, topicConfigEvery);
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

    private static KafkaProbe defaultProbe() {
        return new KafkaProbe(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    /**
     * Sets the least time between two {@code describeLogDirs} calls ({@code broker.logDirsSeconds}); zero calls it
     * every read. Returns this reader.
     */
    public AdminReader logDirsPeriod(Duration period) {
        this.logDirsPeriod = period == null || period.isNegative() ? LOG_DIRS_PERIOD : period;
        return this;
    }

    /** {@code describeLogDirs} calls made so far. */
    public synchronized int logDirsCalls() {
        return logDirsCalls;
    }

    /**
     * What the broker's JMX said in the gathering whose read this was: when the last read called
     * {@code describeLogDirs}, its basis takes this partition count and these offline dirs (read side by side with
     * it), so that the next gathering compares against what the read saw, not the gathering before it.
     */
    public synchronized void describedWith(Long partitionCount, Long offlineLogDirs) {
        if (lastLogDirs != null && lastDue instanceof LogDirsDue.Read) {
            lastLogDirs = lastLogDirs.seen(partitionCount, offlineLogDirs);
        }
    }

    /** The last read's decision: why it called {@code describeLogDirs}, or how old the read it carried was. */
    public synchronized LogDirsDue lastDue() {
        return lastDue;
    }

    /** The open AdminClient, for the workload's reads of the top topics; null before a read connected. */
    public Admin client() {
        return admin;
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
        return read(nodeId, LogDirsDue.Basis.unknown());
    }

    /**
     * Reads cluster, configs and, when due ({@link LogDirsDue}), log dirs; else the last log dirs read, with the time
     * they were read.
     *
     * @param nodeId this broker's id, null to take the only node of a one-node cluster
     * @param basis  what the gatherer knows of the broker now (pid, JVM start, partition count, data dirs)
     */
    public synchronized AdminReading read(Integer nodeId, LogDirsDue.Basis basis) {
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
            listed = null;
            Map<String, ConfigValue> configs = configs(id, problems);
            listed = listExternal();
            LogDirsRead read = logDirsWhenDue(id, basis == null ? LogDirsDue.Basis.unknown() : basis, problems);
            List<LogDirUsage> dirs = read == null ? List.of() : read.dirs();
            List<TopicFacts> topicFacts = topicFacts(read == null ? Map.of() : read.topicBytes(), problems);
            if (topicFacts != null && read != null) {
                topicFacts = partitions.withPartitions(admin, id, topicFacts, read.partitionBytes(), read.nanos(),
                        TIMEOUT_MS, problems);
                // TopicPartitions keeps what the growth needs: the read carried on holds no sizes per replica
                lastLogDirs = lastLogDirs == null ? null : lastLogDirs.kept();
            }
            List<Peer> peers = new ArrayList<>();
            for (Node n : nodes) {
                if (n.id() != id) {
                    peers.add(new Peer(n.id(), n.host(), n.port(), connectMillis(n.host(), n.port())));
                }
            }
            // One broker per cluster walks the topic metadata: the one with the lowest node id.
            int lowest = nodes.stream().mapToInt(Node::id).min().orElse(id);
            Topics topics = id == lowest ? topics(problems) : null;
            List<dev.brokertuner.report.GroupFacts> groupFacts = groups.read(admin, id, problems);
            return new AdminReading.Read(clusterId, id,
                    controllerNode == null || controllerNode.isEmpty() ? null : controllerNode.id(), configs, dirs,
                    peers, topics == null ? null : topics.count(), topics == null ? null : topics.partitions(),
                    topics == null ? null : topics.risk(), topicFacts, problems, groupFacts);
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

    /** The metadata walk's results. */
    private record Topics(int count, long partitions, TopicRisk risk) {
    }

    /**
     * Topics (internal ones excluded), their partitions and their replication risk, or null with a problem. The
     * topics' {@code min.insync.replicas} come from one {@code describeConfigs} over all of them; when that fails,
     * only replication factor 1 is judged and a problem says why.
     */
    private Topics topics(List<Problem> problems) throws InterruptedException {
        try {
            Set<String> names = listed != null ? listed : admin.listTopics(new ListTopicsOptions()
                    .listInternal(false)).names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (walked != null && names.equals(walkedNames) && readsSinceWalk < topicWalkEvery) {
                readsSinceWalk++;
                return walked;
            }
            Topics t = walk(names, problems);
            // a walk that could not read min.insync.replicas is done again at the next read
            walked = t.risk().minIsrKnown() ? t : null;
            walkedNames = Set.copyOf(names);
            readsSinceWalk = 1;
            return t;
        } catch (ExecutionException | TimeoutException e) {
            walked = null;
            problems.add(new Problem("broker:admin", "topic count unknown: " + JmxSession.reason(e)));
            return null;
        }
    }

    /** The walk itself: {@code describeTopics} and the topics' {@code min.insync.replicas} of {@code names}. */
    private Topics walk(Set<String> names, List<Problem> problems) throws InterruptedException, ExecutionException,
            TimeoutException {
        {
            long partitions = 0;
            Map<String, Integer> replication = new java.util.TreeMap<>();
            if (!names.isEmpty()) {
                for (TopicDescription d : admin.describeTopics(names).allTopicNames()
                        .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).values()) {
                    partitions += d.partitions().size();
                    d.partitions().stream().mapToInt(p -> p.replicas().size()).min()
                            .ifPresent(rf -> replication.put(d.name(), rf));
                }
            }
            Map<String, Integer> minIsr = minInsyncReplicas(replication.keySet(), problems);
            return new Topics(names.size(), partitions, TopicRisks.of(replication, minIsr));
        }
    }

    /** Each topic's {@code min.insync.replicas}, or null (with a problem) when they could not be read. */
    private Map<String, Integer> minInsyncReplicas(Set<String> topics, List<Problem> problems)
            throws InterruptedException {
        if (topics.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        try {
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<String, Integer> out = new LinkedHashMap<>();
            configs.forEach((r, c) -> {
                ConfigEntry e = c.get("min.insync.replicas");
                if (e != null && e.value() != null) {
                    try {
                        out.put(r.name(), Integer.parseInt(e.value().trim()));
                    } catch (NumberFormatException ignored) {
                        // left unknown for that topic
                    }
                }
            });
            return out;
        } catch (ExecutionException | TimeoutException e) {
            problems.add(new Problem("broker:admin", "topics' min.insync.replicas unknown (describeConfigs): "
                    + JmxSession.reason(e) + "; only replication factor 1 was judged"));
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
            for (String name : allConfigs()) {
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

    /**
     * The configs of {@link #TOPIC_CONFIGS} for the topics with replicas here (internal ones excluded), the
     * {@link #MAX_TOPICS} largest here first, re-read every {@link #TOPIC_CONFIG_EVERY} reads (a new topic at once);
     * null with a problem when they cannot be listed. A topic whose configs
     * do not come back (deleted meanwhile, not authorized) is kept with its bytes and no configs, counted in a problem.
     */
    private List<TopicFacts> topicFacts(Map<String, Long> topicBytes, List<Problem> problems)
            throws InterruptedException {
        if (topicBytes.isEmpty()) {
            return List.of();
        }
        try {
            Set<String> external = listed != null ? listed : admin.listTopics(new ListTopicsOptions()
                    .listInternal(false)).names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            listed = external;
            List<String> names = topicBytes.keySet().stream().filter(external::contains)
                    .sorted(Comparator.comparing((String t) -> topicBytes.get(t)).reversed()
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
            if (names.size() > maxTopics) {
                problems.add(new Problem("broker:admin", "topic configs read for the " + maxTopics + " largest of "
                        + names.size() + " topics on this broker; the others are not judged"));
                names = names.subList(0, maxTopics);
            }
            boolean refresh = readsSinceTopicConfigs == 0 || readsSinceTopicConfigs >= topicConfigEvery;
            readsSinceTopicConfigs = refresh ? 1 : readsSinceTopicConfigs + 1;
            if (refresh) {
                topicConfigs.keySet().retainAll(names);
            }
            Map<String, ConfigResource> resources = new LinkedHashMap<>();
            names.stream().filter(n -> refresh || !topicConfigs.containsKey(n))
                    .forEach(n -> resources.put(n, new ConfigResource(ConfigResource.Type.TOPIC, n)));
            Map<ConfigResource, KafkaFuture<Config>> futures = resources.isEmpty() ? Map.of()
                    : admin.describeConfigs(resources.values()).values();
            int failed = 0;
            String firstFailure = null;
            for (Map.Entry<String, ConfigResource> r : resources.entrySet()) {
                Map<String, ConfigValue> configs = new LinkedHashMap<>();
                try {
                    Config config = futures.get(r.getValue()).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    for (String c : TOPIC_CONFIGS) {
                        ConfigEntry e = config == null ? null : config.get(c);
                        // only the topic's own overrides: an inherited value is the broker's config, read above,
                        // and leaving it out keeps a report with hundreds of topics small
                        if (e != null && e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                            configs.put(c, new ConfigValue(e.isSensitive() ? null : e.value(), e.source().name(),
                                    e.isReadOnly()));
                        }
                    }
                    topicConfigs.put(r.getKey(), configs);
                } catch (ExecutionException | TimeoutException e) {
                    failed++;
                    topicConfigs.remove(r.getKey());
                    firstFailure = firstFailure == null ? r.getKey() + ": " + JmxSession.reason(e) : firstFailure;
                }
            }
            List<TopicFacts> out = new ArrayList<>();
            for (String name : names) {
                out.add(new TopicFacts(name, topicBytes.get(name), topicConfigs.get(name)));
            }
            if (failed > 0) {
                problems.add(new Problem("broker:admin", "describeConfigs for " + failed + " of " + resources.size()
                        + " topics failed (first: " + firstFailure + "); their configs are unknown"));
            }
            return out;
        } catch (ExecutionException | TimeoutException e) {
            problems.add(new Problem("broker:admin", "topics on this broker unknown: " + JmxSession.reason(e)));
            return null;
        }
    }

    private static List<String> allConfigs() {
        List<String> all = new ArrayList<>(CONFIGS);
        all.addAll(VENDOR_CONFIGS);
        return all;
    }

    /** The topics listed (internal ones excluded), null when they could not be (topicFacts then says why). */
    private Set<String> listExternal() throws InterruptedException {
        try {
            return admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /**
     * The log dirs: read when due ({@link LogDirsDue}), else the last read carried; null when the read failed
     * (with a problem) or the broker was not in the answer.
     */
    private LogDirsRead logDirsWhenDue(int id, LogDirsDue.Basis basis, List<Problem> problems)
            throws InterruptedException {
        LogDirsDue.Basis now = basis.withTopics(listed);
        LogDirsRead last = lastLogDirs != null && lastLogDirs.nodeId() == id ? lastLogDirs : null;
        LogDirsDue due = LogDirsDue.decide(last == null ? null : new LogDirsDue.Last(last.nanos(), last.basis()),
                logDirsFailed, now, nanoTime.getAsLong(), logDirsPeriod);
        lastDue = due;
        if (due instanceof LogDirsDue.Carry) {
            return last;
        }
        LogDirsRead read = logDirs(id, now, problems);
        lastLogDirs = read;
        logDirsFailed = read == null;
        return read;
    }

    private LogDirsRead logDirs(int id, LogDirsDue.Basis basis, List<Problem> problems) throws InterruptedException {
        List<LogDirUsage> out = new ArrayList<>();
        Map<String, Long> topicBytes = new LinkedHashMap<>();
        Map<TopicPartition, Long> partitionBytes = new HashMap<>();
        try {
            logDirsCalls++;
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(id)).allDescriptions()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(id);
            long nanos = nanoTime.getAsLong();
            java.time.Instant at = clock.instant();
            if (dirs == null) {
                return null;
            }
            {
                for (Map.Entry<String, LogDirDescription> e : new java.util.TreeMap<>(dirs).entrySet()) {
                    LogDirDescription d = e.getValue();
                    long bytes = 0;
                    for (Map.Entry<TopicPartition, ReplicaInfo> r : d.replicaInfos().entrySet()) {
                        bytes += r.getValue().size();
                        topicBytes.merge(r.getKey().topic(), r.getValue().size(), Long::sum);
                        if (!r.getValue().isFuture()) {
                            partitionBytes.put(r.getKey(), r.getValue().size());
                        }
                    }
                    out.add(new LogDirUsage(e.getKey(), d.error() == null ? bytes : null,
                            d.totalBytes().isPresent() ? d.totalBytes().getAsLong() : null,
                            d.usableBytes().isPresent() ? d.usableBytes().getAsLong() : null,
                            d.error() == null ? null : d.error().getMessage(), at));
                }
            }
            return new LogDirsRead(id, out, topicBytes, partitionBytes, at, nanos, basis);
        } catch (ExecutionException | TimeoutException e) {
            problems.add(new Problem("broker:admin", "describeLogDirs for broker " + id + ": "
                    + JmxSession.reason(e)));
            return null;
        }
    }

    /**
     * TCP connect time to a listener in ms (one SYN/SYN-ACK round trip): the median of several connects, the name
     * resolved before timing ({@link PeerRtt}); null when it does not connect.
     */
    static Double connectMillis(String host, int port) {
        return PeerRtt.measure(host, port);
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
