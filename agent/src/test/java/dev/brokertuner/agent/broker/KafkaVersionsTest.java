package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.gather.Gathered;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.broker.HeapRule;
import dev.brokertuner.agent.rules.broker.ReplicationHealthRule;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.Problem;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's JMX and AdminClient read against each Kafka line operators run: 4.3.1 (the default), 3.9.1 (KRaft, the
 * last 3.x line) and 4.4.0, one real combined-mode broker each (the testkit's {@code KraftBroker}, found through the
 * live procfs as in production). A bean a version does not register leaves exactly its metrics unknown, with one
 * problem naming the bean; the rest of the broker is read. The observed table is printed ({@code BEANS} lines) and
 * kept in {@code docs/broker.md}.
 */
class KafkaVersionsTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));

    @ParameterizedTest(name = "Kafka {0}")
    @ValueSource(strings = {"3.9.1", "4.3.1", "4.4.0"})
    void readsWhatEachVersionRegistersAndNamesWhatItDoesNot(String version) throws Exception {
        try (KraftBroker broker = KraftBroker.builder().version(version).start()) {
            BrokerOptions options = new BrokerOptions();
            options.serverProperties = broker.serverProperties();
            Gathered<BrokerFacts> g;
            try (LocalBrokerGatherer gatherer = new LocalBrokerGatherer(LIVE, options)) {
                g = gatherer.gather(1);
            }
            BrokerFacts b = g.value();
            String why = "problems " + g.problems() + "\nbroker log:\n" + broker.logTail(20);
            assertThat(b.status()).as(why).isEqualTo(BrokerStatus.OK);
            assertThat(b.kafkaVersion()).isEqualTo(version);
            assertThat(b.clusterId()).isEqualTo(broker.clusterId());
            assertThat(b.configs()).containsKey("num.io.threads");
            assertThat(b.logDirs()).singleElement().satisfies(d -> assertThat(d.error()).isNull());
            // read in every version
            assertThat(b.metrics().requestHandlerIdleRatio()).as(why).isBetween(0.0, 1.0);
            assertThat(b.metrics().underReplicatedPartitions()).isZero();
            assertThat(b.metrics().underMinIsrPartitionCount()).isZero();
            assertThat(b.metrics().offlineReplicaCount()).isZero();
            assertThat(b.metrics().offlineLogDirectoryCount()).isZero();
            assertThat(b.metrics().replicaMaxLag()).isZero();
            assertThat(b.metrics().gcTimeRatio()).isBetween(0.0, 1.0);
            assertThat(b.process().swapBytes()).isNotNull();

            // every bean of the table this broker lacks is one problem naming it; no other bean is reported missing
            List<String> absent = new ArrayList<>();
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(broker.jmxUrl()))) {
                MBeanServerConnection s = c.getMBeanServerConnection();
                for (BrokerBeans.Bean bean : BrokerBeans.all()) {
                    boolean registered = !s.queryNames(bean.name(), null).isEmpty();
                    System.out.println("BEANS " + version + " " + bean.name() + " "
                            + (registered ? "registered" : "absent"));
                    if (!registered) {
                        absent.add(bean.name().toString());
                    }
                }
            }
            List<String> jmxProblems = g.problems().stream().filter(p -> p.source().equals("broker:jmx"))
                    .map(Problem::message).collect(Collectors.toList());
            for (String name : absent) {
                boolean standIn = name.contains("BrokerRequestHandlerAvgIdlePercent");
                if (!standIn) {
                    assertThat(jmxProblems).as(version).anyMatch(m -> m.startsWith(name + " not registered on this "
                            + "broker (Kafka " + version + ")"));
                }
            }
            assertThat(jmxProblems).filteredOn(m -> m.contains(" not registered on this broker"))
                    .allMatch(m -> absent.stream().anyMatch(m::startsWith));
            if (absent.stream().anyMatch(n -> n.contains("BrokerRequestHandlerAvgIdlePercent"))) {
                // before KIP-1207 the aggregate meter stands in, and on a combined node the ratio is marked approximate
                assertThat(jmxProblems).as(version).anyMatch(m -> m.contains("no BrokerRequestHandlerAvgIdlePercent")
                        && m.contains("approximate"));
            }

            // the new rules judge a healthy single broker without a finding
            Snapshot snapshot = new Snapshot(Snapshots.host(h -> { }).host(), b);
            for (Outcome o : new ReplicationHealthRule().evaluate(snapshot, Thresholds.defaults())) {
                assertThat(o).as(version + " " + o).isNotInstanceOf(Outcome.Recommend.class);
            }
            for (Outcome o : new HeapRule().evaluate(snapshot, Thresholds.defaults())) {
                assertThat(o).as(version + " " + o).isNotInstanceOf(Outcome.Recommend.class);
            }
        }
    }
}
