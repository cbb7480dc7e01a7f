package dev.brokertuner.collector.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the reports topic with {@link TopicSpec}'s settings, or, when it exists, compares its partitions,
 * replication and configs with the spec and changes nothing: safe to run again.
 */
public final class ReportsTopic {
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;

    public ReportsTopic(Admin admin) {
        this.admin = admin;
    }

    public TopicOutcome ensure(TopicSpec spec) {
        try {
            try {
                admin.createTopics(List.of(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                        .configs(spec.configs()))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return new TopicOutcome.Created(spec);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    return new TopicOutcome.Failed("creating " + spec.name() + " failed: " + message(e.getCause()));
                }
            }
            return new TopicOutcome.Exists(differences(spec));
        } catch (ExecutionException e) {
            return new TopicOutcome.Failed("describing " + spec.name() + " failed: " + message(e.getCause()));
        } catch (TimeoutException e) {
            return new TopicOutcome.Failed("the cluster did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TopicOutcome.Failed("interrupted");
        }
    }

    private List<String> differences(TopicSpec spec) throws ExecutionException, InterruptedException,
            TimeoutException {
        TopicDescription d;
        try {
            d = admin.describeTopics(List.of(spec.name())).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(spec.name());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of("the topic was reported to exist but cannot be described (deleted meanwhile?)");
            }
            throw e;
        }
        List<String> out = new ArrayList<>();
        if (d.partitions().size() != spec.partitions()) {
            out.add("partitions: found " + d.partitions().size() + ", wanted " + spec.partitions());
        }
        int rf = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
        if (rf != spec.replicationFactor()) {
            out.add("replication factor: found " + rf + ", wanted " + spec.replicationFactor());
        }
        ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Config config = admin.describeConfigs(List.of(res)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(res);
        for (Map.Entry<String, String> want : spec.configs().entrySet()) {
            ConfigEntry e = config.get(want.getKey());
            String found = e == null ? null : e.value();
            if (!want.getValue().equals(found)) {
                out.add(want.getKey() + ": found " + found + ", wanted " + want.getValue());
            }
        }
        return out;
    }

    private static String message(Throwable t) {
        return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
