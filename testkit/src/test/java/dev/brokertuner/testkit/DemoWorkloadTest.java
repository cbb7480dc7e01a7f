package dev.brokertuner.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The demo's workload against a real broker: once ready, every part has written or joined (the topics hold records,
 * the gzip topic is configured so, the churning group has members), and it stops when asked.
 */
class DemoWorkloadTest {
    @Test
    void everyPartRunsAndStops() throws Exception {
        try (KraftBroker broker = KraftBroker.builder().property("num.io.threads", "1").start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            DemoWorkload w = new DemoWorkload(broker.bootstrap());
            w.start();
            try {
                assertThat(w.awaitReady()).isTrue();
                assertThat(records(admin, "clicks", 1)).isGreaterThanOrEqualTo(DemoWorkload.BAD_PER_SEC);
                assertThat(records(admin, "events", 3)).isGreaterThanOrEqualTo(2L * DemoWorkload.GOOD_PER_SEC);
                assertThat(records(admin, "archive", 2)).isGreaterThanOrEqualTo(1_000L);
                ConfigResource archive = new ConfigResource(ConfigResource.Type.TOPIC, "archive");
                Config c = admin.describeConfigs(List.of(archive)).all().get().get(archive);
                assertThat(c.get("compression.type").value()).isEqualTo("gzip");
                ConsumerGroupDescription churn = admin.describeConsumerGroups(List.of("churn")).all().get()
                        .get("churn");
                assertThat(churn.members()).isNotEmpty();
                assertThat(churn.members()).allSatisfy(m -> assertThat(m.groupInstanceId()).isEmpty());
            } finally {
                w.stop();
            }
            Set<String> alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> n.startsWith("demo-")).collect(Collectors.toSet());
            assertThat(alive).as("the workload's threads stopped").isEmpty();
        }
    }

    private static long records(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(latest).all().get();
        return r.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }
}
