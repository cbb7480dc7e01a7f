package dev.brokertuner.agent.broker;

import dev.brokertuner.agent.gather.BrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.LocalProcfs;
import dev.brokertuner.agent.workload.WorkloadBeans;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.CpuUsage;
import dev.brokertuner.report.Problem;
import dev.brokertuner.agent.workload.ProducerWorkload;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.remote.JMXServiceURL;

/**
 * Finds the local broker and reads it: discovery in {@code <procfs>} ({@link BrokerDiscovery}), its
 * {@code server.properties} and {@code --override}s ({@link BrokerConfigFile}), JMX over one persistent connection
 * ({@link JmxBrokerReader}) and the live config and cluster over one AdminClient ({@link AdminReader}), side by side
 * over the sample window. Every discovered value can be overridden by {@link BrokerOptions}. Where no JMX port is
 * exposed it attaches to the JVM by pid ({@link AttachJmx}).
 *
 * <p>Status: ok when JMX or AdminClient answered (the other's failure is a problem); unreachable with both reasons
 * when neither did; not-found when no broker process runs here and none was named. Never throws.
 */
public final class LocalBrokerGatherer implements BrokerGatherer {
    private final HostPaths paths;
    private final BrokerOptions options;
    /** A JMX read beyond the window that takes longer than this counts as a stalled broker. */
    public static final Duration DEFAULT_JMX_TIMEOUT = Duration.ofSeconds(20);

    private final BrokerDiscovery discovery;
    private final Duration jmxTimeout;
    private JmxSession jmx;
    private String jmxKey;
    private AdminReader admin;
    private String adminKey;
    private final ProducerWorkload workload;
    /** The workload meters' reader, kept across gatherings (it caches the per-version request bean names). */
    private WorkloadBeans workloadBeans;
    /** The fixed table's last window end, which starts the next window when recent (issue 15); kept across gatherings. */
    /** The CPU counters of the previous gathering's end, for a window carried like the JMX one ({@link CpuStarts}). */
    private CpuWindow.Start carriedCpu;
    private dev.brokertuner.agent.workload.CarriedStart<JmxSample> tableStart =
            new dev.brokertuner.agent.workload.CarriedStart<>();
    /** Reads JMX beans side by side and keeps queried names across gatherings; kept, closed with the gatherer. */
    private final dev.brokertuner.agent.gather.JmxBatch jmxBatch =
            dev.brokertuner.agent.gather.JmxBatch.pooled(System::nanoTime);

    public LocalBrokerGatherer(HostPaths paths, BrokerOptions options) {
        this(paths, options, DEFAULT_JMX_TIMEOUT);
    }

    /**
     * @param jmxTimeout how long a JMX read may take beyond the sample window before the broker counts as stalled
     */
    public LocalBrokerGatherer(HostPaths paths, BrokerOptions options, Duration jmxTimeout) {
        this(paths, options, jmxTimeout, System::nanoTime);
    }

    /** As above, with the clock that bounds how long a located broker is reused (for tests). */
    LocalBrokerGatherer(HostPaths paths, BrokerOptions options, Duration jmxTimeout,
                        java.util.function.LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.paths = paths;
        this.options = options;
        this.discovery = new BrokerDiscovery(paths);
        this.jmxTimeout = jmxTimeout;
        this.localProcfs = LocalProcfs.isThisMachine(paths.procfs());
        this.workload = new ProducerWorkload(options.topTopics, options.batchBudgetBytes,
                AdminReader.TOPIC_CONFIG_EVERY, System::nanoTime, jmxBatch,
                Duration.ofSeconds(options.topicMetersSeconds));
        this.workloadBeans = new WorkloadBeans(System::nanoTime, jmxBatch);
    }

    /** True when the procfs root is this machine's: only then are its pids local processes one may attach to. */
    private final boolean localProcfs;

    /**
     * How long what {@link #logDirs()} or {@link #pid()} located is reused by the calls after it: {@code Inspection}
     * asks for both before {@link #gather}, and each would otherwise scan every {@code <procfs>/PID/cmdline} and read
     * the properties file again. One scan per gathering; a broker that starts, stops or changes its file within this
     * bound is seen by the next gathering.
     */
    static final Duration LOCATE_REUSE = Duration.ofSeconds(2);

    private final java.util.function.LongSupplier nanoTime;
    /** The last broker located for {@link #logDirs()} / {@link #pid()}, used up by the next {@link #gather}. */
    private Located located;
    private long locatedNanos;
    /** Process scans done (for tests: one per gathering). */
    private int scans;

    /** What discovery and the properties file say, before any network call. */
    private record Located(KafkaCommandLine process, BrokerConfigFile config, Path propertiesFile,
                           List<Problem> problems) {
    }

    @Override
    public java.util.OptionalLong pid() {
        try {
            KafkaCommandLine p = located(false).process();
            return p == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(p.pid());
        } catch (RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /**
     * The broker located at most {@link #LOCATE_REUSE} ago by {@link #logDirs()} or {@link #pid()}, else located now.
     * A gathering ({@code forGather}) uses it up, so the next gathering locates afresh.
     */
    private synchronized Located located(boolean forGather) {
        long now = nanoTime.getAsLong();
        Located l = located != null && now - locatedNanos <= LOCATE_REUSE.toNanos() ? located : null;
        if (l == null) {
            l = locate();
            locatedNanos = now;
        }
        located = forGather ? null : l;
        return l;
    }

    /** Process scans done so far (package-private for tests). */
    synchronized int scans() {
        return scans;
    }

    /** What discovery and reading the properties file said, without any network call (package-private for tests). */
    List<Problem> locateProblems() {
        return locate().problems();
    }

    @Override
    public List<String> logDirs() {
        try {
            return located(false).config().logDirs();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Located locate() {
        scans++;
        List<Problem> problems = new ArrayList<>();
        Integer jmxPort = jmxPortOption();
        Gathered<Optional<KafkaCommandLine>> chosen = BrokerDiscovery.choose(discovery.scan(),
                options.serverProperties, jmxPort);
        problems.addAll(chosen.problems());
        KafkaCommandLine process = chosen.value().orElse(null);
        Path file = options.serverProperties;
        if (file == null && process != null && process.serverProperties() != null) {
            file = brokersFile(process);
        }
        ServerProperties props = null;
        if (file != null) {
            try {
                props = ServerProperties.read(file);
            } catch (IOException | SecurityException e) {
                Path direct = process == null || options.serverProperties != null ? null
                        : hostFallback(process, file);
                if (direct != null) {
                    try {
                        props = ServerProperties.read(direct);
                        problems.add(new Problem("broker:server.properties", file + ": cannot read ("
                                + JmxSession.reason(e) + "); read " + direct + " instead, the same path in the "
                                + "agent's mount namespace, which is the broker's file only if the broker sees the "
                                + "same /etc (a systemd service with PrivateTmp does; a container does not)"));
                        file = direct;
                    } catch (IOException | SecurityException e2) {
                        direct = null;
                    }
                }
                if (direct == null) {
                    problems.add(new Problem("broker:server.properties", file + ": cannot read ("
                            + JmxSession.reason(e) + "); listeners, node.id and log.dirs unknown"));
                }
            }
        }
        BrokerConfigFile config = BrokerConfigFile.of(props,
                process == null ? Map.of() : process.overrides());
        return new Located(process, config, file, problems);
    }

    /**
     * The broker's properties file as the broker sees it. A relative path is relative to its working directory
     * ({@code <procfs>/PID/cwd}). An absolute one is read directly only when the procfs root is this machine's and
     * the broker shares the agent's mount namespace; otherwise (a broker in a pod seen from the node, or a tree that
     * is not this machine's) it is read through {@code <procfs>/PID/root/}, where the broker's own files are, since
     * the same path here may be another file or a local file that has nothing to do with that broker.
     */
    private Path brokersFile(KafkaCommandLine process) {
        Path p = Path.of(process.serverProperties());
        if (!p.isAbsolute()) {
            return paths.proc(process.pid() + "/cwd").resolve(p);
        }
        if (localProcfs && sameMountNamespace(process.pid()) && Files.exists(p)) {
            return p;
        }
        return paths.proc(process.pid() + "/root").resolve(p.toString().substring(1));
    }

    /**
     * The broker's absolute properties path in the agent's own mount namespace, when {@code tried} was its
     * {@code <procfs>/PID/root} view (not permitted without ptrace access to the broker) and the procfs root is this
     * machine's; null otherwise.
     */
    private Path hostFallback(KafkaCommandLine process, Path tried) {
        Path p = Path.of(process.serverProperties());
        if (!localProcfs || !p.isAbsolute() || p.equals(tried) || !Files.isReadable(p)) {
            return null;
        }
        return p;
    }

    /** True when the first {@code host:port} of a list names a loopback address (or is empty: a wildcard). */
    static boolean loopback(String hostPorts) {
        String first = hostPorts.split(",")[0].trim();
        String host = first.startsWith("[") ? first.substring(1, Math.max(1, first.indexOf(']')))
                : first.lastIndexOf(':') >= 0 ? first.substring(0, first.lastIndexOf(':')) : first;
        return host.isEmpty() || host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
                || host.equals("0.0.0.0") || host.equals("::");
    }

    /** True when the broker's {@code ns/mnt} link is this process's (unknown counts as the same). */
    private boolean sameMountNamespace(long pid) {
        try {
            return Files.readSymbolicLink(paths.proc(pid + "/ns/mnt"))
                    .equals(Files.readSymbolicLink(paths.proc("self/ns/mnt")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    private Integer jmxPortOption() {
        if (options.jmx == null || options.jmx.startsWith("service:")) {
            return null;
        }
        try {
            return Integer.parseInt(options.jmx.substring(options.jmx.lastIndexOf(':') + 1).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Gathered<BrokerFacts> gather(int sampleSeconds) {
        try {
            return gatherOrThrow(Math.max(0, sampleSeconds));
        } catch (RuntimeException e) {
            return new Gathered<>(unreachable("internal error reading the broker: " + e, null, null, null, null),
                    List.of(new Problem("broker", "unexpected " + e)));
        }
    }

    private Gathered<BrokerFacts> gatherOrThrow(int sampleSeconds) {
        workload.begin();
        Located where = located(true);
        List<Problem> problems = new ArrayList<>(where.problems());
        KafkaCommandLine process = where.process();
        BrokerConfigFile config = where.config();
        if (process == null && options.jmx == null && options.bootstrapServer == null
                && options.serverProperties == null) {
            return new Gathered<>(BrokerFacts.notFound("no Kafka broker process (kafka.Kafka) found in "
                    + paths.procfs() + "; name one with --jmx, --bootstrap-server or --server-properties"),
                    problems);
        }
        BrokerProcess proc = null;
        CpuWindow.Start cpuStart = null;
        if (process != null) {
            Gathered<BrokerDiscovery.Discovered> p = discovery.discovered(process);
            proc = p.value().process();
            problems.addAll(p.problems());
            if (sampleSeconds > 0) {
                cpuStart = new CpuWindow(paths).start(process.pid(), p.value().cpus(), p.value().cpuStat(),
                        System.nanoTime());
            }
        }

        // endpoints
        String jmxLabel = null;
        JmxSession session = null;
        String jmxProblem = null;
        try {
            JmxTarget target = jmxTarget(process);
            if (target != null) {
                jmxLabel = target.label();
                session = jmxSession(target, problems);
            } else if (process != null && !localProcfs && process.jmxPort() != null) {
                jmxProblem = "no JMX endpoint: the broker's JMX port " + process.jmxPort() + " is on its loopback, "
                        + "and the procfs root " + paths.procfs() + " is not this machine's, so the loopback here "
                        + "may be another process's; pass --jmx with an address of the broker";
            } else if (process != null && !localProcfs) {
                jmxProblem = "no JMX endpoint: the broker has no -Dcom.sun.management.jmxremote.port, --jmx was not "
                        + "given, and the procfs root " + paths.procfs() + " is not this machine's, so pid "
                        + process.pid() + " is not a local process to attach to; pass --jmx";
            } else {
                jmxProblem = "no JMX endpoint: the broker has no -Dcom.sun.management.jmxremote.port and --jmx was "
                        + "not given";
            }
        } catch (IllegalArgumentException e) {
            jmxProblem = "--jmx " + e.getMessage();
        }
        String bootstrap = options.bootstrapServer != null ? options.bootstrapServer
                : config.bootstrap().orElse(null);
        String noBootstrap = "no bootstrap server: no listeners in server.properties and --bootstrap-server not given";
        if (options.bootstrapServer == null && bootstrap != null && !localProcfs && loopback(bootstrap)) {
            noBootstrap = "no bootstrap server: the broker's listener " + bootstrap + " is on its loopback (or a "
                    + "wildcard), and the procfs root " + paths.procfs() + " is not this machine's, so the loopback "
                    + "here may be another broker's; pass --bootstrap-server with an address of the broker";
            bootstrap = null;
        }
        AdminReader adminReader = bootstrap == null ? null : adminReader(bootstrap, problems);

        Integer nodeId = config.nodeId().orElse(null);
        String noBootstrapReason = noBootstrap;
        CompletableFuture<AdminReading> adminRead = adminReader == null
                ? CompletableFuture.completedFuture(new AdminReading.Failed(noBootstrapReason))
                : CompletableFuture.supplyAsync(() -> adminReader.read(nodeId, logDirsBasis(process, config)),
                        LocalBrokerGatherer::daemon);
        JmxReading jmxRead = session == null ? new JmxReading.Failed(jmxProblem)
                : readBounded(session, jmxLabel, config, sampleSeconds);
        AdminReading adminReading = adminRead.join();
        CpuWindow.Start carried = carriedCpu;
        carriedCpu = null;
        if (cpuStart != null) {
            long now = System.nanoTime();
            // when the JMX read ended early (it failed) there was no window worth judging, and nothing to say
            if (cpuStart.elapsedSeconds(now) >= sampleSeconds / 2.0) {
                Double jmxSeconds = jmxRead instanceof JmxReading.Read r && r.metrics() != null
                        ? r.metrics().windowSeconds() : null;
                CpuWindow.Start from = CpuStarts.pick(cpuStart, carried, jmxSeconds, sampleSeconds, now);
                CpuUsage usage = from.end(now);
                carriedCpu = from.following();
                if (usage == null) {
                    problems.add(new Problem(HostPaths.procSource("stat"), "CPU use over the window unknown (stat "
                            + "unreadable); thread advice cannot check CPU headroom"));
                } else {
                    proc = proc.withCpu(usage);
                }
            }
        }
        if (adminReading instanceof AdminReading.Failed f && options.adminConfig == null
                && options.bootstrapServer == null) {
            String protocol = config.bootstrapProtocol().orElse("PLAINTEXT");
            if (!protocol.equals("PLAINTEXT")) {
                adminReading = new AdminReading.Failed(f.reason() + " (the listener speaks " + protocol
                        + ": pass its client settings with --admin-config)");
            }
        }

        if (jmxRead instanceof JmxReading.Failed jf && adminReading instanceof AdminReading.Failed af) {
            return new Gathered<>(unreachable(jf.reason() + "; " + af.reason(), proc, config, jmxLabel, bootstrap),
                    problems);
        }
        BrokerMetrics metrics = null;
        String version = null;
        Long readMillis = null;
        if (jmxRead instanceof JmxReading.Read r) {
            metrics = r.metrics();
            version = r.kafkaVersion();
            readMillis = r.readMillis();
            problems.addAll(r.problems());
        } else if (jmxRead instanceof JmxReading.Failed f) {
            problems.add(new Problem("broker:jmx", f.reason() + "; JMX metrics unknown"));
        }
        String clusterId = null;
        Integer id = nodeId;
        AdminReading.Read a = null;
        if (adminReading instanceof AdminReading.Read r) {
            a = r;
            clusterId = r.clusterId();
            id = r.nodeId();
            problems.addAll(r.problems());
        } else if (adminReading instanceof AdminReading.Failed f) {
            problems.add(new Problem("broker:admin", f.reason() + "; live configs and cluster unknown"));
        }
        BrokerFacts facts = new BrokerFacts(BrokerStatus.OK, null, null, proc, id,
                config.processRoles().orElse(null), clusterId, version, jmxLabel, bootstrap,
                config.listenerNames(), readMillis, metrics, a == null ? null : a.configs(),
                a == null ? null : a.logDirs(), a == null ? null : a.peers(),
                a == null ? null : a.controllerId(), a == null ? null : a.topicCount(),
                a == null ? null : a.topicPartitionCount(), a == null ? null : a.topicRisk(),
                a == null ? null : a.topics());
        if (a != null && a.groups() != null) {
            facts = facts.withWorkload(facts.topics(), a.groups(), facts.workload());
        }
        if (jmxRead instanceof JmxReading.Read r && r.workload() != null) {
            facts = facts.withWorkload(facts.topics(), facts.groups(), r.workload());
        }
        lastMetrics = metrics;
        if (adminReader != null && metrics != null) {
            adminReader.describedWith(metrics.partitionCount(), metrics.offlineLogDirectoryCount());
        }
        Gathered<BrokerFacts> topTopics = workload.withMeters(facts, adminReader == null ? null : adminReader.client());
        problems.addAll(topTopics.problems());
        return new Gathered<>(topTopics.value(), problems);
    }

    /**
     * The JMX read on its own thread, bounded: RMI calls have no timeout, and a stalled broker (a long GC pause, a
     * stopped process) would otherwise hold the gatherer. On timeout the connection is dropped and abandoned.
     */
    private JmxReading readBounded(JmxSession session, String label, BrokerConfigFile config, int sampleSeconds) {
        JmxBrokerReader reader = new JmxBrokerReader(session, config.controllerListeners(), config.controller(),
                System::nanoTime, Thread::sleep, workloadBeans, jmxBatch, tableStart);
        long gathering = workload.generation();
        CompletableFuture<JmxReading> read = CompletableFuture.supplyAsync(() -> workload.around(gathering,
                        session::connection, sampleSeconds, () -> reader.read(sampleSeconds)),
                r -> {
                    Thread t = new Thread(r, "broker-jmx-read");
                    t.setDaemon(true);
                    t.start();
                });
        long limit = sampleSeconds * 1000L + jmxTimeout.toMillis();
        try {
            return read.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (jmx == session) {
                jmx = null;
                jmxKey = null;
            }
            session.close();
            // the abandoned read may still hold the old one: the next read starts with its own
            workloadBeans = new WorkloadBeans(System::nanoTime, jmxBatch);
            tableStart = new dev.brokertuner.agent.workload.CarriedStart<>();
            return new JmxReading.Failed("JMX " + label + ": no answer within " + jmxTimeout.toSeconds()
                    + " s (the broker may be stalled: a long GC pause or a stopped process)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JmxReading.Failed("interrupted");
        } catch (ExecutionException e) {
            return new JmxReading.Failed("JMX " + label + ": " + JmxSession.reason(e));
        }
    }

    @Override
    public Gathered<BrokerFacts> withHostFacts(Gathered<BrokerFacts> broker, dev.brokertuner.report.HostFacts host) {
        return workload.withBatches(broker, host, localProcfs, this::sameMountNamespace);
    }

    private static BrokerFacts unreachable(String reason, BrokerProcess proc, BrokerConfigFile config, String jmx,
                                           String bootstrap) {
        return new BrokerFacts(BrokerStatus.UNREACHABLE, reason, null, proc,
                config == null ? null : config.nodeId().orElse(null),
                config == null ? null : config.processRoles().orElse(null), null, null, jmx, bootstrap,
                config == null ? null : config.listenerNames(), null, null,
                config == null || config.properties() == null ? null : DeclaredConfigs.of(config.properties()),
                null, null, null, null, null);
    }

    /** Where to read JMX: the option, else the broker's remote port, else an attach by pid. */
    private record JmxTarget(String label, JMXServiceURL url, boolean attach, long pid) {
    }

    private JmxTarget jmxTarget(KafkaCommandLine process) {
        if (options.jmx != null) {
            return new JmxTarget(options.jmx, JmxEndpoint.parse(options.jmx), false, 0);
        }
        if (process == null) {
            return null;
        }
        if (process.jmxPort() != null) {
            String host = process.jmxHost() == null || process.jmxHost().equals("0.0.0.0") ? "127.0.0.1"
                    : process.jmxHost();
            String hp = (host.contains(":") ? "[" + host + "]" : host) + ":" + process.jmxPort();
            if (!localProcfs && loopback(hp)) {
                return null;
            }
            return new JmxTarget(hp, JmxEndpoint.parse(hp), false, 0);
        }
        if (!localProcfs) {
            return null;
        }
        return new JmxTarget("attach:pid " + process.pid(), null, true, process.pid());
    }

    private JmxSession jmxSession(JmxTarget target, List<Problem> problems) {
        String key = target.label();
        if (jmx != null && key.equals(jmxKey)) {
            return jmx;
        }
        if (jmx != null) {
            jmx.close();
            jmx = null;
        }
        JMXServiceURL url = target.url();
        if (target.attach()) {
            try {
                url = new JMXServiceURL(AttachJmx.connectorAddress(target.pid()));
            } catch (Exception | LinkageError e) {
                problems.add(new Problem("broker:jmx", "the broker exposes no JMX port and attaching to pid "
                        + target.pid() + " failed (" + JmxSession.reason(e) + "); run the agent as the broker's "
                        + "user, or start the broker with -Dcom.sun.management.jmxremote.port and pass --jmx"));
                return null;
            }
        }
        String user = options.jmxUser;
        String password = null;
        if (options.jmxPasswordFile != null) {
            try {
                password = Files.readString(options.jmxPasswordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException | SecurityException e) {
                problems.add(new Problem("broker:jmx", "--jmx-password-file " + options.jmxPasswordFile
                        + ": cannot read (" + JmxSession.reason(e) + ")"));
            }
        }
        jmx = new JmxSession(url, user, password, System::nanoTime);
        jmxKey = key;
        return jmx;
    }

    /** The last gathering's JMX metrics (partition count, offline log dirs), for telling when log dirs changed. */
    private volatile BrokerMetrics lastMetrics;

    /** What the gatherer knows of the broker as this gathering starts, for {@link LogDirsDue}. */
    private LogDirsDue.Basis logDirsBasis(KafkaCommandLine process, BrokerConfigFile config) {
        BrokerMetrics m = lastMetrics;
        return new LogDirsDue.Basis(process == null ? null : process.pid(), jmxBatch.lastKnownStart(),
                m == null ? null : m.partitionCount(), m == null ? null : m.offlineLogDirectoryCount(),
                config.properties() == null ? List.of() : config.logDirs(), null);
    }

    /** Why the last gathering called {@code describeLogDirs}, or how old the read it carried was; null before one. */
    public LogDirsDue logDirsDue() {
        AdminReader a = admin;
        return a == null ? null : a.lastDue();
    }

    /** {@code describeLogDirs} calls made by this gatherer's AdminClient reader (for tests and the harness). */
    public int logDirsCalls() {
        AdminReader a = admin;
        return a == null ? 0 : a.logDirsCalls();
    }

    private AdminReader adminReader(String bootstrap, List<Problem> problems) {
        String key = bootstrap + "|" + options.adminConfig;
        if (admin != null && Objects.equals(key, adminKey)) {
            return admin;
        }
        if (admin != null) {
            admin.close();
        }
        Properties client = new Properties();
        if (options.adminConfig != null) {
            try (Reader r = Files.newBufferedReader(options.adminConfig, StandardCharsets.UTF_8)) {
                client.load(r);
            } catch (IOException | SecurityException | IllegalArgumentException e) {
                problems.add(new Problem("broker:admin", "--admin-config " + options.adminConfig
                        + ": cannot read (" + JmxSession.reason(e) + "); connecting without it"));
            }
        }
        admin = new AdminReader(bootstrap, client).logDirsPeriod(Duration.ofSeconds(options.logDirsSeconds));
        adminKey = key;
        return admin;
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "broker-admin-read");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        if (jmx != null) {
            jmx.close();
            jmx = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
        jmxBatch.close();
    }
}
