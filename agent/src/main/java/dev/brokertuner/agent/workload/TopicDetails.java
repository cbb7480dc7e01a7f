package dev.brokertuner.agent.workload;

import dev.brokertuner.report.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * For the top K topics only: their partitions and the ones this broker leads ({@code describeTopics}) and the
 * effective values of {@link #CONFIGS} ({@code describeConfigs(TOPIC)}, override or inherited). Both change rarely,
 * so they are cached and re-read every {@code refreshEvery} reads (a topic new to the top K at once). A stale leader
 * costs nothing here: a follower's replica holds the same batches the leader wrote. Never throws; a failed call is a
 * problem and leaves the topic's details unknown (or as last read).
 */
public final class TopicDetails {
    /** The effective topic configs the workload rules judge or show. */
    public static final List<String> CONFIGS = List.of("compression.type", "max.message.bytes", "retention.ms",
            "min.insync.replicas", "cleanup.policy");
    private static final long TIMEOUT_MS = 5_000;

    private final int refreshEvery;
    private final Map<String, Map<String, String>> configs = new HashMap<>();
    private final Map<String, Detail> partitions = new HashMap<>();
    private int reads;

    /** @param refreshEvery re-read cached details every this many reads (at least 1) */
    public TopicDetails(int refreshEvery) {
        this.refreshEvery = Math.max(1, refreshEvery);
    }

    /**
     * One topic's partitions.
     *
     * @param partitions partitions in the cluster
     * @param led        the partition numbers this broker leads
     */
    public record Detail(int partitions, List<Integer> led) {
        public Detail {
            led = List.copyOf(led);
        }
    }

    /** What one read gave: per topic its detail and configs (absent when unknown). */
    public record Read(Map<String, Detail> partitions, Map<String, Map<String, String>> configs,
                       List<Problem> problems) {
        public Read {
            partitions = Map.copyOf(partitions);
            configs = Map.copyOf(configs);
            problems = List.copyOf(problems);
        }
    }

    /** Reads (or takes from the cache) the details of {@code topics} as broker {@code nodeId} sees them. */
    public Read read(Admin admin, int nodeId, List<String> topics) throws InterruptedException {
        List<Problem> problems = new ArrayList<>();
        boolean refresh = reads == 0 || reads >= refreshEvery;
        reads = refresh ? 1 : reads + 1;
        if (refresh) {
            configs.keySet().retainAll(topics);
            partitions.keySet().retainAll(topics);
        }
        List<String> missingPartitions = topics.stream().filter(t -> refresh || !partitions.containsKey(t)).toList();
        List<String> missingConfigs = topics.stream().filter(t -> refresh || !configs.containsKey(t)).toList();
        if (!missingPartitions.isEmpty()) {
            readPartitions(admin, nodeId, missingPartitions, problems);
        }
        if (!missingConfigs.isEmpty()) {
            readConfigs(admin, missingConfigs, problems);
        }
        Map<String, Detail> p = new LinkedHashMap<>();
        Map<String, Map<String, String>> c = new LinkedHashMap<>();
        for (String t : topics) {
            if (partitions.containsKey(t)) {
                p.put(t, partitions.get(t));
            }
            if (configs.containsKey(t)) {
                c.put(t, configs.get(t));
            }
        }
        return new Read(p, c, problems);
    }

    private void readPartitions(Admin admin, int nodeId, List<String> topics, List<Problem> problems)
            throws InterruptedException {
        Map<String, KafkaFuture<TopicDescription>> futures = admin.describeTopics(topics).topicNameValues();
        int failed = 0;
        String first = null;
        for (String t : topics) {
            try {
                TopicDescription d = futures.get(t).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                List<Integer> led = new ArrayList<>();
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.leader() != null && p.leader().id() == nodeId) {
                        led.add(p.partition());
                    }
                }
                partitions.put(t, new Detail(d.partitions().size(), led));
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failed++;
                first = first == null ? t + ": " + reason(e) : first;
            }
        }
        if (failed > 0) {
            problems.add(new Problem("broker:workload", "describeTopics for " + failed + " of " + topics.size()
                    + " top topics failed (first: " + first + "); their leaders are unknown, their batches not "
                    + "sampled"));
        }
    }

    private void readConfigs(Admin admin, List<String> topics, List<Problem> problems) throws InterruptedException {
        Map<String, ConfigResource> resources = new LinkedHashMap<>();
        topics.forEach(t -> resources.put(t, new ConfigResource(ConfigResource.Type.TOPIC, t)));
        Map<ConfigResource, KafkaFuture<Config>> futures = admin.describeConfigs(resources.values()).values();
        int failed = 0;
        String first = null;
        for (Map.Entry<String, ConfigResource> r : resources.entrySet()) {
            try {
                Config config = futures.get(r.getValue()).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                Map<String, String> values = new LinkedHashMap<>();
                for (String name : CONFIGS) {
                    ConfigEntry e = config == null ? null : config.get(name);
                    if (e != null && e.value() != null && !e.isSensitive()) {
                        values.put(name, e.value());
                    }
                }
                configs.put(r.getKey(), values);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                failed++;
                first = first == null ? r.getKey() + ": " + reason(e) : first;
            }
        }
        if (failed > 0) {
            problems.add(new Problem("broker:workload", "describeConfigs for " + failed + " of " + topics.size()
                    + " top topics failed (first: " + first + "); their compression.type and other configs are "
                    + "unknown"));
        }
    }

    private static String reason(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
