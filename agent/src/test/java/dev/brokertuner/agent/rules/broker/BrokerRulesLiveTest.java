package dev.brokertuner.agent.rules.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.Snapshots;
import dev.brokertuner.agent.broker.BrokerOptions;
import dev.brokertuner.agent.broker.LocalBrokerGatherer;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.BrokerRules;
import dev.brokertuner.agent.rules.Evaluation;
import dev.brokertuner.agent.rules.HostRules;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleEngine;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerProcess;
import dev.brokertuner.report.BrokerStatus;
import dev.brokertuner.report.CheckStatus;
import dev.brokertuner.report.ConfigValue;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.HostFacts;
import dev.brokertuner.testkit.KraftBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The broker rules on the facts of a real single-node KRaft broker (combined mode, Kafka 4.3.1) started with
 * {@code num.io.threads=1}: under a CPU-heavy produce load {@code broker.threads.io} recommends 2, its apply line
 * names this broker and is accepted by the broker, which then reports the value as {@code DYNAMIC_BROKER_CONFIG};
 * no rule fails on real facts. The host side is hand-built (8 cores, no data dirs) so the cap does not depend on
 * the build machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerRulesLiveTest {
    private static final HostPaths LIVE = new HostPaths(Path.of("/proc"), Path.of("/sys"));
    private static final Pattern ADD_CONFIG = Pattern.compile("--entity-name (\\S+) --alter --add-config "
            + "num\\.io\\.threads=(\\d+)$");
    private KraftBroker broker;
    private LocalBrokerGatherer gatherer;
    private Admin admin;

    @BeforeAll
    void start() {
        broker = KraftBroker.builder().property("num.io.threads", "1").property("num.partitions", "4").start();
        BrokerOptions options = new BrokerOptions();
        options.serverProperties = broker.serverProperties();
        gatherer = new LocalBrokerGatherer(LIVE, options);
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()));
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gatherer != null) {
            gatherer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Snapshot snapshot(BrokerFacts facts, int sampleSeconds) {
        HostFacts host = Snapshots.host(h -> h.cpus(8).sampleSeconds(sampleSeconds)).host();
        return new Snapshot(host, handBuiltCpus(facts));
    }

    /**
     * The broker's facts with its CPU limits and use left out: the build machine's cgroup and its load (other builds
     * share the cores) must not decide the expected advice; CpuLimitsTest and the rule tests cover those.
     */
    private static BrokerFacts handBuiltCpus(BrokerFacts f) {
        BrokerProcess p = f.process() == null ? null : new BrokerProcess(f.process().pid(), f.process().user(),
                f.process().heapMaxBytes(), f.process().openFilesLimit(), f.process().openFiles(),
                f.process().mapCount());
        return new BrokerFacts(f.status(), f.reason(), f.unreachableSince(), p, f.nodeId(), f.processRoles(),
                f.clusterId(), f.kafkaVersion(), f.jmx(), f.bootstrap(), f.listeners(), f.readMillis(), f.metrics(),
                f.configs(), f.logDirs(), f.peers(), f.controllerId(), f.topicCount(), f.topicPartitionCount());
    }

    @Test
    void combinedModeWithIdleHandlersPassesOnTheBrokerPoolMeter() {
        // Kafka 4.3.1 registers BrokerRequestHandlerAvgIdlePercent (KIP-1207): in combined mode it is the broker
        // pool alone, so an idle pool passes instead of being an unknown upper bound.
        BrokerFacts facts = gatherer.gather(2).value();
        assertThat(facts.status()).as("broker log tail:\n" + broker.logTail(20)).isEqualTo(BrokerStatus.OK);
        assertThat(facts.processRoles()).isEqualTo("broker,controller");
        assertThat(facts.kafkaVersion()).isEqualTo("4.3.1");
        assertThat(facts.metrics().brokerRequestHandlerIdleRatio()).as("the broker pool's own meter was read")
                .isNotNull();
        assertThat(facts.process().effectiveCpus()).as("read from this machine's cgroup and CPUs").isPositive();
        List<Outcome> out = new IoThreadsRule().evaluate(snapshot(facts, 2), Thresholds.defaults());
        assertThat(out).singleElement().isInstanceOfSatisfying(Outcome.Pass.class, p -> assertThat(p.detail())
                .contains("BrokerRequestHandlerAvgIdlePercent"));
    }

    private static Evaluation evaluate(Snapshot s) {
        List<Rule> rules = new ArrayList<>(HostRules.all());
        rules.addAll(BrokerRules.all());
        return new RuleEngine(rules).evaluate(s);
    }

    @Test
    void oneLoadedIoThreadBecomesTwoAndTheApplyLineIsAccepted() throws Exception {
        admin.createTopics(List.of(new NewTopic("load", 4, (short) 1)
                .configs(Map.of("compression.type", "gzip")))).all().get();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        List<Thread> producers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> produce(running, sent), "load-" + i);
            t.start();
            producers.add(t);
        }
        Evaluation loaded;
        try {
            while (sent.get() < 2_000) {
                Thread.sleep(50);
            }
            BrokerFacts facts = gatherer.gather(3).value();
            assertThat(facts.status()).as("broker log tail:\n" + broker.logTail(20)).isEqualTo(BrokerStatus.OK);
            loaded = evaluate(snapshot(facts, 3));
        } finally {
            running.set(false);
            for (Thread t : producers) {
                t.join(10_000);
            }
        }
        assertThat(loaded.checks()).filteredOn(c -> c.status() == CheckStatus.FAILED).isEmpty();
        Finding io = loaded.findings().stream().filter(f -> f.ruleId().equals("broker.threads.io")).findFirst()
                .orElseThrow(() -> new AssertionError("no broker.threads.io finding: " + loaded));
        assertThat(io.current()).isEqualTo("1");
        assertThat(io.recommended()).isEqualTo("2");
        assertThat(io.evidence()).containsEntry("process.roles", "broker,controller")
                .containsEntry("kafkaVersion", "4.3.1");
        assertThat(io.apply().get(0)).isEqualTo(BrokerConfigs.COMMAND_CONFIG_NOTE);
        assertThat(io.apply().get(1))
                .startsWith("kafka-configs.sh --bootstrap-server " + broker.bootstrap() + " --entity-type brokers");
        assertThat(io.apply()).as("ends with the consolidation step").anyMatch(l -> l.contains("--entity-default"))
                .last().satisfies(l -> assertThat(l).endsWith("--delete-config num.io.threads"));

        // Apply exactly what the per-broker line says, through AdminClient (what kafka-configs.sh does).
        Matcher m = ADD_CONFIG.matcher(io.apply().get(1));
        assertThat(m.find()).as(io.apply().get(1)).isTrue();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, m.group(1));
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("num.io.threads", m.group(2)), AlterConfigOp.OpType.SET)))).all().get();
        BrokerFacts after = gatherer.gather(0).value();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!"2".equals(after.config("num.io.threads").map(ConfigValue::value).orElse(null))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = gatherer.gather(0).value();
        }
        assertThat(after.configs().get("num.io.threads"))
                .isEqualTo(new ConfigValue("2", "DYNAMIC_BROKER_CONFIG", false));
        Evaluation applied = evaluate(snapshot(after, 0));
        assertThat(applied.checks()).filteredOn(c -> c.status() == CheckStatus.FAILED).isEmpty();
        assertThat(applied.findings()).noneMatch(f -> f.ruleId().equals("broker.threads.io")
                && f.current().equals("1"));
    }

    private void produce(AtomicBoolean running, AtomicLong sent) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
        byte[] value = new byte[1024];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            while (running.get()) {
                producer.send(new ProducerRecord<>("load", value), (md, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    }
                });
            }
        }
    }
}
