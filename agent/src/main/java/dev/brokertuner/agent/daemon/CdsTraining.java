package dev.brokertuner.agent.daemon;

import dev.brokertuner.agent.daemon.config.ConfigLoader;
import dev.brokertuner.agent.rules.RuleCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.rmi.registry.LocateRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The build's training run for the class data sharing archive (run by the agent's {@code package} phase under
 * {@code -XX:DumpLoadedClassList}; not used by the product): the daemon as it starts in production, over this
 * machine's {@code /proc} and {@code /sys}, reading a JMX endpoint this JVM serves itself on loopback (the RMI and
 * JMX client classes; no Kafka beans there) and a Kafka bootstrap port nothing listens on, until its first sampled
 * report (after the command line checked the same configuration, as {@code agent --check-config}); then each API
 * route once, and each AdminClient call the broker read makes, against that closed port with
 * a short timeout (no build has a broker: this lists the AdminClient's request classes). Exits 0 when the API
 * answered every route, 1 otherwise.
 *
 * <pre>
 * java -XX:DumpLoadedClassList=broker-tuner-agent.classlist -cp ... dev.brokertuner.agent.daemon.CdsTraining
 * </pre>
 */
public final class CdsTraining {
    private static final List<String> ROUTES = List.of("/health", "/v1/report", "/v1/facts", "/v1/findings",
            "/v1/apply", "/metrics", "/openapi.yaml");

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        int closed;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        int jmxPort;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            jmxPort = s.getLocalPort();
        }
        System.setProperty("java.rmi.server.hostname", "127.0.0.1");
        LocateRegistry.createRegistry(jmxPort);
        JMXConnectorServer jmx = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"), null,
                ManagementFactory.getPlatformMBeanServer());
        jmx.start();
        Path state = Files.createTempDirectory("bt-cds-training");
        String yaml = """
                listen: 127.0.0.1:0
                intervalSeconds: 2
                sampleSeconds: 1
                stateDir: %s
                jmx: {url: "127.0.0.1:%d"}
                bootstrapServers: 127.0.0.1:%d
                """.formatted(state, jmxPort, closed);
        // the command line as the launcher runs it (picocli, the agent command), checking this same configuration
        Path file = state.resolve("agent.yaml");
        Files.writeString(file, yaml);
        int failed = dev.brokertuner.agent.cli.Main.run("agent", "--check-config", "--config", file.toString()) == 0
                ? 0 : 1;
        AgentApp app = AgentApp.start(new ConfigLoader(RuleCatalog.builtIn()).parse(yaml, null), Clock.systemUTC());
        Vertx client = Vertx.vertx();
        try {
            var http = client.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(app.port()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !get(http, "/health").contains("\"report\":\"sampled\"")) {
                Thread.sleep(100);
            }
            for (String route : ROUTES) {
                if (get(http, route).isEmpty()) {
                    failed++;
                    System.err.println("cds training: " + route + " did not answer");
                }
            }
            adminCalls("127.0.0.1:" + closed);
        } finally {
            client.close().await(5, TimeUnit.SECONDS);
            app.close();
            jmx.stop();
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** The AdminClient calls of the broker and group reads, each failing after a short timeout. */
    private static void adminCalls(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        try (Admin admin = Admin.create(p)) {
            List<String> topic = List.of("training");
            TopicPartition tp = new TopicPartition("training", 0);
            List<KafkaFuture<?>> calls = List.of(
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(500)).nodes(),
                    admin.listTopics(new ListTopicsOptions().timeoutMs(500)).names(),
                    admin.describeTopics(topic, new DescribeTopicsOptions().timeoutMs(500)).allTopicNames(),
                    admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")),
                            new DescribeConfigsOptions().timeoutMs(500)).all(),
                    admin.describeLogDirs(List.of(1), new DescribeLogDirsOptions().timeoutMs(500))
                            .allDescriptions(),
                    admin.listGroups(new ListGroupsOptions().timeoutMs(500)).all(),
                    admin.describeConsumerGroups(List.of("training"),
                            new DescribeConsumerGroupsOptions().timeoutMs(500)).all(),
                    admin.listConsumerGroupOffsets("training", new ListConsumerGroupOffsetsOptions().timeoutMs(500))
                            .partitionsToOffsetAndMetadata(),
                    admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions().timeoutMs(500))
                            .all());
            for (KafkaFuture<?> call : calls) {
                try {
                    call.get(5, TimeUnit.SECONDS);
                } catch (Exception expected) {
                    // nothing listens there: the call's classes are loaded, which is all the training needs
                }
            }
        }
    }

    /** The body of a 200, empty otherwise. */
    private static String get(io.vertx.core.http.HttpClient http, String path) {
        try {
            return http.request(HttpMethod.GET, path)
                    .compose(r -> r.send().compose(resp -> resp.body().map(b -> resp.statusCode() == 200
                            ? b.toString() : "")))
                    .await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "";
        }
    }
}
