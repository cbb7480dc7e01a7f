package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Problem;
import dev.brokertuner.testkit.KraftBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * What a 3.9.1 broker (the last 3.x line) answers the agent's 4.3.1 AdminClient: {@code listGroups} works (its
 * ListGroups has the KIP-848 types filter, and the reader sends none), the group is classic, and describe, committed
 * offsets and latest offsets give state, members and lag as on 4.x.
 */
class GroupsOnKafka39LiveTest {
    @Test
    void aClassicGroupOnA39BrokerIsListedDescribedAndItsLagRead() throws Exception {
        try (KraftBroker broker = KraftBroker.builder().version("3.9.1").start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < 300; i++) {
                    producer.send(new ProducerRecord<>("t", new byte[20]));
                }
                producer.flush();
            }
            Properties cp = new Properties();
            cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
            cp.put(ConsumerConfig.GROUP_ID_CONFIG, "old");
            cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                c.subscribe(List.of("t"));
                int got = 0;
                for (int i = 0; i < 200 && got == 0; i++) {
                    got = c.poll(Duration.ofMillis(100)).count();
                }
                assertThat(got).isPositive();
                c.commitSync();
                long expectedLag = 300L - got;
                List<Problem> problems = new ArrayList<>();
                List<GroupFacts> groups = new GroupReader(Clock.systemUTC(), 5_000).read(admin,
                        KraftBroker.NODE_ID, problems);
                assertThat(problems).isEmpty();
                assertThat(groups).singleElement().satisfies(g -> {
                    assertThat(g.groupId()).isEqualTo("old");
                    assertThat(g.type()).isEqualTo("classic");
                    assertThat(g.state()).isEqualTo("Stable");
                    assertThat(g.members()).isEqualTo(1);
                    assertThat(g.epoch()).isNull();
                    assertThat(g.partitions()).isEqualTo(2);
                    assertThat(g.lag()).isEqualTo(expectedLag);
                });
            }
        }
    }
}
