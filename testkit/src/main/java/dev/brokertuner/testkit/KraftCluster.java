package dev.brokertuner.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real multi-broker KRaft cluster: one controller-only node ({@code process.roles=controller}, node id
 * {@value #CONTROLLER_ID}, a static single-voter quorum) and N broker-only nodes (ids 1..N, default 3), each its own
 * JVM as {@link KraftBroker} runs one, each with remote JMX on a free loopback port. Internal topics are replicated
 * to all brokers (at most 3) with {@code min.insync.replicas} one less, so stopping one broker leaves partitions
 * under-replicated but writable. Each node is a {@link KraftBroker} handle ({@link #brokers()}, {@link #controller()}),
 * so tests read pid, JMX port and server.properties of any of them; {@link KraftBroker#stop()} stops one.
 *
 * <pre>{@code
 * try (KraftCluster cluster = KraftCluster.builder().start()) {
 *     cluster.bootstrap();              // 127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3
 *     cluster.broker(2).stop();         // SIGTERM: a controlled shutdown
 *     cluster.kafkaConfigs("--bootstrap-server", cluster.bootstrap(), "--entity-type", "brokers", ...);
 * }
 * }</pre>
 */
public final class KraftCluster implements AutoCloseable {
    /** The controller's node id (above every broker's, so the lowest broker id is 1). */
    public static final int CONTROLLER_ID = 100;

    private final Path dir;
    private final String clusterId;
    private final String version;
    private final KraftBroker controller;
    private final List<KraftBroker> brokers;

    private KraftCluster(Path dir, String clusterId, String version, KraftBroker controller,
                         List<KraftBroker> brokers) {
        this.dir = dir;
        this.clusterId = clusterId;
        this.version = version;
        this.controller = controller;
        this.brokers = List.copyOf(brokers);
    }

    /** A builder for three brokers and one controller. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster id storage was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /** The Kafka release every node runs. */
    public String version() {
        return version;
    }

    /** The controller-only node. */
    public KraftBroker controller() {
        return controller;
    }

    /** The brokers, by node id (1..N). */
    public List<KraftBroker> brokers() {
        return brokers;
    }

    /** The broker with this node id. */
    public KraftBroker broker(int nodeId) {
        return brokers.stream().filter(b -> b.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker " + nodeId));
    }

    /** Every running broker's listener, comma-separated (an AdminClient bootstrap). */
    public String bootstrap() {
        return brokers.stream().filter(KraftBroker::isAlive).map(KraftBroker::bootstrap)
                .collect(Collectors.joining(","));
    }

    /** What a tool run printed and how it exited. */
    public record ToolRun(int exitCode, String output) {
    }

    /**
     * Runs the real {@code kafka-configs.sh} of this cluster's release ({@code kafka.admin.ConfigCommand} from
     * {@code kafka_2.13}) in a child JVM with these arguments (what follows {@code kafka-configs.sh} on the line).
     */
    public ToolRun kafkaConfigs(List<String> args) {
        Path out = dir.resolve("kafka-configs-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(NodeLauncher.java(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        try {
            cmd.addAll(NodeLauncher.toolLogFlags(dir));
            cmd.addAll(List.of("-cp", KafkaClasspath.load(version), "kafka.admin.ConfigCommand"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                NodeLauncher.kill(p);
                return new ToolRun(-1, "timed out after 60 s:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new ToolRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running kafka-configs", e);
        }
    }

    /** Kills every node (SIGKILL) and deletes the cluster's directories. Idempotent. */
    @Override
    public void close() {
        for (KraftBroker b : brokers) {
            b.close();
        }
        controller.close();
        KraftBroker.deleteTree(dir);
    }

    /** The controller's server.properties: a static single-voter quorum on {@code controllerPort}. */
    static String controllerProperties(int controllerPort, Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "controller");
        p.put("node.id", String.valueOf(CONTROLLER_ID));
        p.put("controller.quorum.voters", CONTROLLER_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        return text(p);
    }

    /** A broker's server.properties: broker role only, internal topics replicated to {@code replicas}. */
    static String brokerProperties(int nodeId, int port, int controllerPort, Path dataDir, int replicas,
                                   Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        String minIsr = String.valueOf(Math.max(1, replicas - 1));
        p.put("process.roles", "broker");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", CONTROLLER_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("offsets.topic.replication.factor", String.valueOf(replicas));
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", String.valueOf(replicas));
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicas));
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.index.size.max.bytes", "65536");
        p.put("log.cleaner.dedupe.buffer.size", "8388608");
        p.putAll(extra);
        return text(p);
    }

    private static String text(Map<String, String> p) {
        StringBuilder sb = new StringBuilder("# written by dev.brokertuner.testkit.KraftCluster\n");
        p.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        return sb.toString();
    }

    /** Options of the cluster to start. */
    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int brokerCount = 3;
        private String version = KafkaClasspath.DEFAULT_VERSION;
        private String heap = "-Xmx128m";
        private Duration startTimeout = Duration.ofSeconds(120);

        private Builder() {
        }

        /** How many brokers (1..9, default 3). */
        public Builder brokers(int count) {
            if (count < 1 || count > 9) {
                throw new IllegalArgumentException("brokers must be 1..9: " + count);
            }
            brokerCount = count;
            return this;
        }

        /** A property for every broker's server.properties. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** The Kafka release, one of {@link KafkaClasspath#VERSIONS}. */
        public Builder version(String kafkaVersion) {
            KafkaClasspath.resource(kafkaVersion);
            version = kafkaVersion;
            return this;
        }

        /** Every node's heap flag, default {@code -Xmx128m}. */
        public Builder heap(String xmx) {
            heap = NodeLauncher.heapFlag(xmx);
            return this;
        }

        /** How long to wait for each node (default 120 s: the brokers start together on a shared machine). */
        public Builder startTimeout(Duration timeout) {
            startTimeout = timeout;
            return this;
        }

        /**
         * Formats every node, starts the controller, then the brokers together, and returns once all logged that
         * they started. A port taken between picking and binding is retried with fresh ports (three attempts).
         *
         * @throws IllegalStateException when a node fails to start, with its log tail
         */
        public KraftCluster start() {
            return NodeLauncher.retryIfPortTaken(this::startOnce);
        }

        private KraftCluster startOnce() {
            String classpath = KafkaClasspath.load(version);
            Path dir = NodeLauncher.tempDir("kraft-cluster-");
            List<KraftBroker> started = new ArrayList<>();
            boolean ok = false;
            ExecutorService pool = Executors.newFixedThreadPool(brokerCount);
            try {
                // ports: controller, then per broker listener + JMX, then the controller's JMX
                List<Integer> ports = FreePorts.pick(2 + 2 * brokerCount);
                int controllerPort = ports.get(0);
                String clusterId = KraftBroker.randomClusterId(new SecureRandom());
                int replicas = Math.min(3, brokerCount);

                Path cdir = Files.createDirectories(dir.resolve("controller-" + CONTROLLER_ID));
                Path cdata = Files.createDirectories(cdir.resolve("data"));
                Path cprops = cdir.resolve("server.properties");
                Files.writeString(cprops, controllerProperties(controllerPort, cdata));
                started.add(launch(classpath, CONTROLLER_ID, cdir, cdata, cprops, -1, controllerPort,
                        ports.get(1 + 2 * brokerCount), clusterId));

                List<Future<KraftBroker>> pending = new ArrayList<>();
                for (int i = 1; i <= brokerCount; i++) {
                    int nodeId = i;
                    int port = ports.get(2 * i - 1);
                    int jmx = ports.get(2 * i);
                    Path bdir = Files.createDirectories(dir.resolve("broker-" + nodeId));
                    Path bdata = Files.createDirectories(bdir.resolve("data"));
                    Path bprops = bdir.resolve("server.properties");
                    Files.writeString(bprops, brokerProperties(nodeId, port, controllerPort, bdata, replicas,
                            properties));
                    pending.add(pool.submit(() -> launch(classpath, nodeId, bdir, bdata, bprops, port,
                            controllerPort, jmx, clusterId)));
                }
                List<KraftBroker> brokers = new ArrayList<>();
                IllegalStateException failure = null;
                for (Future<KraftBroker> f : pending) {
                    try {
                        KraftBroker b = f.get();
                        brokers.add(b);
                        started.add(b);
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (failure == null) {
                            failure = cause instanceof IllegalStateException ise ? ise
                                    : new IllegalStateException(String.valueOf(cause), cause);
                        }
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                ok = true;
                return new KraftCluster(dir, clusterId, version, started.get(0), brokers);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the cluster", e);
            } finally {
                pool.shutdownNow();
                if (!ok) {
                    started.forEach(KraftBroker::close);
                    KraftBroker.deleteTree(dir);
                }
            }
        }

        private KraftBroker launch(String classpath, int nodeId, Path nodeDir, Path dataDir, Path props, int port,
                                   int controllerPort, int jmxPort, String clusterId)
                throws IOException, InterruptedException {
            Path log = nodeDir.resolve(port > 0 ? "broker.log" : "controller.log");
            NodeLauncher.Started node = NodeLauncher.start(classpath, nodeDir, props, log, clusterId, false, heap,
                    List.of(), jmxPort, "kraft-cluster-node-" + nodeId + "-cleanup", startTimeout);
            return new KraftBroker(nodeId, version, nodeDir, dataDir, props, log, port, controllerPort, jmxPort,
                    clusterId, node.process(), node.hook());
        }
    }
}
