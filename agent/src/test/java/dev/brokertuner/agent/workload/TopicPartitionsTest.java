package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.report.Problem;
import dev.brokertuner.report.TopicFacts;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/**
 * TopicPartitions over a stand-in {@link Admin} that answers {@code describeTopics} from a table (every other call
 * fails the test): partitions and leaders per topic, the describe cached for N gatherings (a new topic described at
 * once), the skew from the sizes between two gatherings, a failed describe named in a problem.
 */
class TopicPartitionsTest {
    private static final Node ME = new Node(1, "kafka-1", 9092);
    private static final Node OTHER = new Node(2, "kafka-2", 9092);
    private final Map<String, List<Node>> leaders = new LinkedHashMap<>();
    private final List<Collection<String>> described = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong();

    private final Admin admin = (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(),
            new Class<?>[] {Admin.class}, (proxy, method, args) -> {
                if (!method.getName().equals("describeTopics")) {
                    throw new AssertionError("unexpected Admin call " + method.getName());
                }
                Collection<String> names = args[0] instanceof TopicCollection.TopicNameCollection c
                        ? c.topicNames() : castNames(args[0]);
                described.add(List.copyOf(names));
                Map<String, KafkaFuture<TopicDescription>> out = new HashMap<>();
                for (String n : names) {
                    KafkaFutureImpl<TopicDescription> f = new KafkaFutureImpl<>();
                    List<Node> l = leaders.get(n);
                    if (l == null) {
                        f.completeExceptionally(new UnknownTopicOrPartitionException(n));
                    } else {
                        List<TopicPartitionInfo> parts = new ArrayList<>();
                        for (int p = 0; p < l.size(); p++) {
                            parts.add(new TopicPartitionInfo(p, l.get(p), List.of(l.get(p)), List.of(l.get(p))));
                        }
                        f.complete(new TopicDescription(n, false, parts));
                    }
                    out.put(n, f);
                }
                return new DescribeTopicsResult(null, out) { };
            });

    @SuppressWarnings("unchecked")
    private static Collection<String> castNames(Object arg) {
        return (Collection<String>) arg;
    }

    private List<TopicFacts> read(TopicPartitions tp, List<String> topics, Map<TopicPartition, Long> sizes,
                                  List<Problem> problems) throws InterruptedException {
        List<TopicFacts> facts = topics.stream().map(t -> new TopicFacts(t, 0L, Map.of())).toList();
        return tp.withPartitions(admin, 1, facts, sizes, 1000, problems);
    }

    private static Map<TopicPartition, Long> sizes(String topic, long... bytes) {
        Map<TopicPartition, Long> m = new HashMap<>();
        for (int p = 0; p < bytes.length; p++) {
            m.put(new TopicPartition(topic, p), bytes[p]);
        }
        return m;
    }

    @Test
    void partitionsLeadersAndSkewAcrossGatheringsWithTheDescribeCached() throws Exception {
        leaders.put("clicks", List.of(ME, OTHER, ME, ME));
        TopicPartitions tp = new TopicPartitions(clock::get, 3);
        List<Problem> problems = new ArrayList<>();

        TopicFacts first = read(tp, List.of("clicks"), sizes("clicks", 0, 0, 0, 0), problems).get(0);
        assertThat(first.partitions()).isEqualTo(4);
        assertThat(first.leaderPartitions()).isEqualTo(3);
        assertThat(first.partitionSkew()).isNull();

        clock.addAndGet(10_000_000_000L);
        // led partitions 0, 2, 3 grow 100 KB, 1 MB and 100 KB over 10 s; partition 1 is led elsewhere
        TopicFacts second = read(tp, List.of("clicks"), sizes("clicks", 100_000, 9_000_000, 1_000_000, 100_000),
                problems).get(0);
        assertThat(second.hottestPartition()).isEqualTo(2);
        assertThat(second.partitionSkew()).isEqualTo(10);
        assertThat(described).hasSize(1);

        // a topic new here is described at once, the known one not again until the third gathering
        leaders.put("orders", List.of(ME));
        read(tp, List.of("clicks", "orders"), sizes("clicks", 0, 0, 0, 0), problems);
        assertThat(described).containsExactly(List.of("clicks"), List.of("orders"));
        read(tp, List.of("clicks", "orders"), sizes("clicks", 0, 0, 0, 0), problems);
        assertThat(described).last().isEqualTo(List.of("clicks", "orders"));
        assertThat(problems).isEmpty();
    }

    @Test
    void aTopicThatCannotBeDescribedKeepsItsFactsWithoutPartitionsAndIsNamed() throws Exception {
        leaders.put("known", List.of(ME, ME));
        List<Problem> problems = new ArrayList<>();
        List<TopicFacts> out = read(new TopicPartitions(clock::get), List.of("known", "gone"), Map.of(), problems);
        assertThat(out).extracting(TopicFacts::name).containsExactly("known", "gone");
        assertThat(out.get(0).leaderPartitions()).isEqualTo(2);
        assertThat(out.get(1).partitions()).isNull();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("describeTopics for 1 of 2 topics failed", "gone"));
    }

    private List<TopicFacts> readAt(TopicPartitions tp, long readNanos, Map<TopicPartition, Long> sizes)
            throws InterruptedException {
        List<TopicFacts> facts = List.of(new TopicFacts("clicks", 0L, Map.of()));
        return tp.withPartitions(admin, 1, facts, sizes, readNanos, 1000, new ArrayList<>());
    }

    @Test
    void aCarriedReadKeepsTheSkewOfTheReadItCarriesAndTheNextReadGrowsFromTheLastDistinctOne() throws Exception {
        leaders.put("clicks", List.of(ME, ME, ME));
        long s = 1_000_000_000L;
        Map<TopicPartition, Long> r1 = sizes("clicks", 0, 0, 0);
        // over 10 s: 10 KB/s, 400 KB/s, 20 KB/s
        Map<TopicPartition, Long> r2 = sizes("clicks", 100_000, 4_000_000, 200_000);
        // over the next 120 s: 10 KB/s, 10 KB/s, 600 KB/s
        Map<TopicPartition, Long> r3 = sizes("clicks", 1_300_000, 5_200_000, 72_200_000);

        TopicPartitions distinct = new TopicPartitions(clock::get);
        readAt(distinct, 0, r1);
        TopicFacts d2 = readAt(distinct, 10 * s, r2).get(0);
        TopicFacts d3 = readAt(distinct, 130 * s, r3).get(0);

        TopicPartitions carried = new TopicPartitions(clock::get);
        readAt(carried, 0, r1);
        TopicFacts c2 = readAt(carried, 10 * s, r2).get(0);
        List<TopicFacts> copies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // the same read carried into three more gatherings (the reader passes the read's own time)
            copies.add(readAt(carried, 10 * s, r2).get(0));
        }
        TopicFacts c3 = readAt(carried, 130 * s, r3).get(0);

        assertThat(d2.hottestPartition()).isEqualTo(1);
        assertThat(d2.partitionSkew()).isEqualTo(20);
        assertThat(d3.hottestPartition()).isEqualTo(2);
        assertThat(d3.partitionSkew()).isEqualTo(60);
        assertThat(c2).isEqualTo(d2);
        // a carried copy counted as a read would show no growth: skew 0, partition 0
        assertThat(copies).allSatisfy(c -> assertThat(c).isEqualTo(d2));
        assertThat(c3).isEqualTo(d3);
    }
}
