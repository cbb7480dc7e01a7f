package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.WorkloadMeters;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The workload meters on Kafka 3.9.1 (KRaft, the last 3.x line), where the group coordinator is the classic one: the
 * request, fetch-session and conversion meters read as on 4.x; the KIP-848 coordinator's
 * {@code group-coordinator-metrics} are null exactly when the broker does not register them, with no problem, and the
 * classic {@code GroupMetadataManager} gauges give the groups per state.
 */
class WorkloadMetersOldVersionTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));

    @Test
    void kafka391ReadsTheMetersItHasAndLeavesTheRestNull() throws Exception {
        try (KraftBroker broker = KraftBroker.builder().version("3.9.1").start()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
                admin.createTopics(List.of(new NewTopic("old", 1, (short) 1))).all().get();
            }
            AtomicBoolean running = new AtomicBoolean(true);
            Thread load = new Thread(() -> {
                Properties pp = new Properties();
                pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
                Properties cp = new Properties();
                cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
                cp.put(ConsumerConfig.GROUP_ID_CONFIG, "old-group");
                try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp, new ByteArraySerializer(),
                        new ByteArraySerializer());
                     KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
                             new ByteArrayDeserializer())) {
                    c.subscribe(List.of("old"));
                    while (running.get()) {
                        p.send(new ProducerRecord<>("old", new byte[100]));
                        c.poll(Duration.ofMillis(50));
                    }
                }
            }, "workload-load");
            load.setDaemon(true);
            load.start();
            Gathered<BrokerFacts> g;
            try {
                Thread.sleep(4000);
                BrokerOptions options = new BrokerOptions();
                options.serverProperties = broker.serverProperties();
                try (LocalBrokerGatherer gatherer = new LocalBrokerGatherer(LIVE, options)) {
                    g = gatherer.gather(2);
                }
            } finally {
                running.set(false);
                load.join(10_000);
            }
            assertThat(g.value().status()).as(g.problems().toString()).isEqualTo(BrokerStatus.OK);
            assertThat(g.value().kafkaVersion()).isEqualTo("3.9.1");
            WorkloadMeters w = g.value().workload();
            System.out.println("WORKLOAD 3.9.1 " + w);
            assertThat(w.produceRequestsPerSec()).isPositive();
            assertThat(w.fetchConsumerRequestsPerSec()).isPositive();
            assertThat(w.produceRequestBytesMean()).isPositive();
            assertThat(w.fetchConsumerBytesPerRequest()).isNotNull();
            assertThat(w.incrementalFetchSessions()).isNotNull();
            assertThat(w.produceConversionsPerSec()).isNotNull();
            boolean coordinator;
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(broker.jmxUrl()))) {
                MBeanServerConnection s = c.getMBeanServerConnection();
                coordinator = s.isRegistered(new ObjectName("kafka.server:type=group-coordinator-metrics"));
                System.out.println("BEANS 3.9.1 group-coordinator-metrics " + (coordinator ? "registered" : "absent")
                        + ", GroupMetadataManager NumGroupsStable " + (s.isRegistered(new ObjectName(
                        "kafka.coordinator.group:type=GroupMetadataManager,name=NumGroupsStable")) ? "registered"
                        : "absent"));
            }
            if (coordinator) {
                assertThat(w.classicRebalancesPerSec()).isNotNull();
            } else {
                assertThat(w.classicRebalancesPerSec()).isNull();
                assertThat(w.consumerRebalancesPerSec()).isNull();
            }
            assertThat(w.groupsByState()).containsKey("classic.Stable");
            // an absent meter is the version's, not a problem
            assertThat(g.problems()).noneMatch(p -> p.message().contains("group-coordinator")
                    || p.message().contains("RequestsPerSec") || p.message().contains("FetchSessionCache"));
        }
    }
}
