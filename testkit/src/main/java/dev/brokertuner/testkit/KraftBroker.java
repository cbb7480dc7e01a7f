package dev.brokertuner.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker ({@code process.roles=broker,controller}) from {@code org.apache.kafka:kafka_2.13},
 * running as its own JVM the way production brokers run: {@code kafka.Kafka server.properties} with remote JMX on a
 * free loopback port, storage formatted by {@code kafka.tools.StorageTool} with a random cluster id, ports and
 * directories fresh per instance. Small by default ({@code -Xmx128m -XX:+UseSerialGC}, small index and cleaner
 * buffers): about 200 MB and a few seconds to start.
 *
 * <p>The broker's stdout and stderr go to {@link #logFile()}; a failed start includes its tail in the exception.
 * {@link #close()} kills the child and deletes its directories; a JVM shutdown hook does the same if the caller never
 * closes it. Use one broker per test class.
 *
 * <pre>{@code
 * try (KraftBroker broker = KraftBroker.builder().property("num.io.threads", "1").start()) {
 *     broker.bootstrap();   // "127.0.0.1:PORT"
 *     broker.jmxPort();     // remote JMX, no auth, no TLS, loopback only
 * }
 * }</pre>
 */
public final class KraftBroker implements AutoCloseable {
    /** The line {@code KafkaRaftServer} logs once broker and controller are up. */
    static final String STARTED_LINE = NodeLauncher.STARTED_LINE;
    /** The node id of the single node. */
    public static final int NODE_ID = 1;

    private final int nodeId;
    private final String version;

    private final Path dir;
    private final Path dataDir;
    private final Path serverProperties;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final int jmxPort;
    private final String clusterId;
    private final Process process;
    private final Thread shutdownHook;

    private KraftBroker(Path dir, Path dataDir, Path serverProperties, Path logFile, int port, int controllerPort,
                        int jmxPort, String clusterId, Process process, Thread shutdownHook) {
        this(NODE_ID, KafkaClasspath.DEFAULT_VERSION, dir, dataDir, serverProperties, logFile, port, controllerPort,
                jmxPort, clusterId, process, shutdownHook);
    }

    /** One node of a {@link KraftCluster} (or the single node): {@code port} is -1 on a controller-only node. */
    KraftBroker(int nodeId, String version, Path dir, Path dataDir, Path serverProperties, Path logFile, int port,
                int controllerPort, int jmxPort, String clusterId, Process process, Thread shutdownHook) {
        this.nodeId = nodeId;
        this.version = version;
        this.dir = dir;
        this.dataDir = dataDir;
        this.serverProperties = serverProperties;
        this.logFile = logFile;
        this.port = port;
        this.controllerPort = controllerPort;
        this.jmxPort = jmxPort;
        this.clusterId = clusterId;
        this.process = process;
        this.shutdownHook = shutdownHook;
    }

    /** A builder with the small defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a broker with the defaults. */
    public static KraftBroker start() {
        return builder().start();
    }

    /**
     * {@code 127.0.0.1:PORT} of the PLAINTEXT listener.
     *
     * @throws IllegalStateException on a controller-only node (it has no broker listener)
     */
    public String bootstrap() {
        return "127.0.0.1:" + port();
    }

    /**
     * The PLAINTEXT listener's port.
     *
     * @throws IllegalStateException on a controller-only node
     */
    public int port() {
        if (port <= 0) {
            throw new IllegalStateException("node " + nodeId + " is a controller only: it has no broker listener");
        }
        return port;
    }

    /** The Kafka release this node runs, e.g. {@code 4.3.1}. */
    public String version() {
        return version;
    }

    /** The CONTROLLER listener's port. */
    public int controllerPort() {
        return controllerPort;
    }

    /**
     * Remote JMX port on 127.0.0.1 (no authentication, no TLS).
     *
     * @throws IllegalStateException when started with {@link Builder#withoutRemoteJmx()}
     */
    public int jmxPort() {
        if (jmxPort <= 0) {
            throw new IllegalStateException("this broker was started without remote JMX");
        }
        return jmxPort;
    }

    /** True unless started with {@link Builder#withoutRemoteJmx()}. */
    public boolean remoteJmx() {
        return jmxPort > 0;
    }

    /** {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi}. */
    public String jmxUrl() {
        return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort() + "/jmxrmi";
    }

    /** The child JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** The cluster id storage was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /** The node id ({@value #NODE_ID} for the single node). */
    public int nodeId() {
        return nodeId;
    }

    /** The data dirs ({@code log.dirs}). */
    public List<Path> logDirs() {
        return List.of(dataDir);
    }

    /** The {@code server.properties} the broker was started with (its path is on the broker's command line). */
    public Path serverProperties() {
        return serverProperties;
    }

    /** The broker's stdout and stderr. */
    public Path logFile() {
        return logFile;
    }

    /** True while the child JVM runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of the broker's log, for failure messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /**
     * Stops the broker (SIGTERM, a controlled shutdown; SIGKILL after 10 s) and keeps its directories, so the
     * broker is gone but discoverable leftovers remain. Idempotent.
     */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the broker (SIGKILL) and deletes its directories. Idempotent. */
    @Override
    public void close() {
        kill(process);
        deleteTree(dir);
        NodeLauncher.removeHook(shutdownHook);
    }

    private static void kill(Process p) {
        NodeLauncher.kill(p);
    }

    static void deleteTree(Path root) {
        NodeLauncher.deleteTree(root);
    }

    static String tail(Path file, int lines) {
        return NodeLauncher.tail(file, lines);
    }

    /** A random KRaft cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    static String randomClusterId(SecureRandom random) {
        while (true) {
            byte[] b = new byte[16];
            random.nextBytes(b);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /** The server.properties text for one combined-mode node. */
    static String serverPropertiesText(int port, int controllerPort, Path dataDir, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // small heap: each log index preallocates this much, and the cleaner's dedupe buffer defaults to 128 MiB
        p.put("log.index.size.max.bytes", "65536");
        p.put("log.cleaner.dedupe.buffer.size", "8388608");
        p.putAll(extra);
        StringBuilder sb = new StringBuilder("# written by dev.brokertuner.testkit.KraftBroker\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return sb.toString();
    }

    /** Options of the broker to start. */
    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private String heap = "-Xmx128m";
        private Duration startTimeout = Duration.ofSeconds(90);
        private boolean remoteJmx = true;
        private String version = KafkaClasspath.DEFAULT_VERSION;

        private Builder() {
        }

        /** A broker property added to (or replacing one in) {@code server.properties}, e.g. num.io.threads=1. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Several broker properties. */
        public Builder properties(Map<String, String> more) {
            properties.putAll(more);
            return this;
        }

        /** The heap flag, default {@code -Xmx128m} (raise it for thousands of partitions). */
        public Builder heap(String xmx) {
            heap = NodeLauncher.heapFlag(xmx);
            return this;
        }

        /** An extra JVM flag for the broker. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /**
         * Starts the broker without {@code -Dcom.sun.management.jmxremote.port}, like a broker whose operators never
         * exposed JMX: reachable only by attaching to its pid.
         */
        public Builder withoutRemoteJmx() {
            remoteJmx = false;
            return this;
        }

        /**
         * The Kafka release to run, one of {@link KafkaClasspath#VERSIONS} (default
         * {@value KafkaClasspath#DEFAULT_VERSION}).
         */
        public Builder version(String kafkaVersion) {
            KafkaClasspath.resource(kafkaVersion);
            version = kafkaVersion;
            return this;
        }

        /** How long to wait for the broker to come up (default 90 s). */
        public Builder startTimeout(Duration timeout) {
            startTimeout = timeout;
            return this;
        }

        /**
         * Formats storage and starts the broker, returning once it logged that it started.
         *
         * @throws IllegalStateException when formatting or start fails, with the broker's log tail
         */
        public KraftBroker start() {
            return NodeLauncher.retryIfPortTaken(this::startOnce);
        }

        private KraftBroker startOnce() {
            String classpath = KafkaClasspath.load(version);
            Path dir = NodeLauncher.tempDir("kraft-broker-");
            boolean started = false;
            try {
                List<Integer> ports = FreePorts.pick(3);
                int port = ports.get(0);
                int controllerPort = ports.get(1);
                int jmxPort = remoteJmx ? ports.get(2) : -1;
                Path dataDir = dir.resolve("data");
                Path props = dir.resolve("server.properties");
                Path log = dir.resolve("broker.log");
                Files.createDirectories(dataDir);
                Files.writeString(props, serverPropertiesText(port, controllerPort, dataDir, properties));
                String clusterId = randomClusterId(new SecureRandom());
                NodeLauncher.Started node = NodeLauncher.start(classpath, dir, props, log, clusterId, true, heap,
                        jvmArgs, jmxPort, "kraft-broker-cleanup", startTimeout);
                started = true;
                return new KraftBroker(NODE_ID, version, dir, dataDir, props, log, port, controllerPort, jmxPort,
                        clusterId, node.process(), node.hook());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the broker", e);
            } finally {
                if (!started) {
                    deleteTree(dir);
                }
            }
        }
    }
}
