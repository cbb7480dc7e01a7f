package dev.brokertuner.agent.workload;

import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Problem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Reads the groups this broker coordinates over the agent's AdminClient: {@code listGroups} (every group type the
 * broker knows; a broker before KIP-848 lists no types, and its groups are classic), {@code describeConsumerGroups}
 * for classic and KIP-848 consumer groups, {@code describeShareGroups} and {@code describeStreamsGroups} for those;
 * only the groups whose coordinator is this node are kept, so a fleet sees each group once. Lag comes from
 * {@code listConsumerGroupOffsets} and {@code listOffsets(latest)} for consumer and classic groups. Every step is
 * bounded: at most {@link #MAX_DESCRIBED} groups described, {@link #MAX_GROUPS} kept (most members first),
 * {@link #MAX_PARTITIONS} partitions' offsets, each call within the timeout; what is left out or fails is a
 * {@link Problem}, never an exception. Rates and trends across gatherings come from a {@link GroupHistory} this
 * reader holds.
 */
public final class GroupReader {
    /** Groups kept in the report, the ones with most members first. */
    public static final int MAX_GROUPS = 200;
    /** Groups described per gathering (a cluster lists all of its groups to every broker). */
    public static final int MAX_DESCRIBED = 1_000;
    /** Partitions whose committed and latest offsets are read per gathering. */
    public static final int MAX_PARTITIONS = 5_000;
    static final String SOURCE = "broker:groups";

    private final GroupHistory history;
    private final Clock clock;
    private final long timeoutMs;
    private final int maxGroups;

    public GroupReader(Clock clock, long timeoutMs) {
        this(clock, timeoutMs, MAX_GROUPS);
    }

    GroupReader(Clock clock, long timeoutMs, int maxGroups) {
        this.history = new GroupHistory();
        this.clock = clock;
        this.timeoutMs = timeoutMs;
        this.maxGroups = maxGroups;
    }

    /**
     * The groups {@code nodeId} coordinates, with lag, rates and trends; null (with a problem) when they could not be
     * listed.
     */
    public List<GroupFacts> read(Admin admin, int nodeId, List<Problem> problems) throws InterruptedException {
        Collection<GroupListing> listed;
        try {
            listed = admin.listGroups(new ListGroupsOptions()).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            problems.add(new Problem(SOURCE, "groups unknown: listGroups " + reason(e)));
            return null;
        }
        Map<String, String> types = new java.util.TreeMap<>();
        for (GroupListing g : listed) {
            types.put(g.groupId(), type(g));
        }
        if (types.size() > MAX_DESCRIBED) {
            problems.add(new Problem(SOURCE, types.size() + " groups listed; " + MAX_DESCRIBED + " described (by group"
                    + " id), the others are not judged"));
            Map<String, String> first = new LinkedHashMap<>();
            types.entrySet().stream().limit(MAX_DESCRIBED).forEach(e -> first.put(e.getKey(), e.getValue()));
            types = first;
        }
        Failures failures = new Failures();
        List<GroupObservation> mine = new ArrayList<>();
        mine.addAll(consumerGroups(admin, names(types, "classic", "consumer"), nodeId, failures));
        mine.addAll(shareGroups(admin, names(types, "share"), nodeId, failures));
        mine.addAll(streamsGroups(admin, names(types, "streams"), nodeId, failures));
        failures.report(problems);
        mine.sort(Comparator.comparingInt((GroupObservation o) -> o.memberKeys().size()).reversed()
                .thenComparing(GroupObservation::groupId));
        if (mine.size() > maxGroups) {
            problems.add(new Problem(SOURCE, "this broker coordinates " + mine.size() + " groups; the " + maxGroups
                    + " with most members are reported, " + (mine.size() - maxGroups) + " left out"));
            mine = new ArrayList<>(mine.subList(0, maxGroups));
        }
        mine = withLag(admin, mine, problems);
        return history.observe(clock.instant(), mine);
    }

    private static String type(GroupListing g) {
        if (g.type().isPresent() && g.type().get() != GroupType.UNKNOWN) {
            return g.type().get().name().toLowerCase(java.util.Locale.ROOT);
        }
        // a broker before KIP-848 lists no type: its groups are classic (protocol "consumer", or "" for a group that
        // only commits offsets)
        return "classic";
    }

    private static List<String> names(Map<String, String> types, String... wanted) {
        Set<String> w = Set.of(wanted);
        return types.entrySet().stream().filter(e -> w.contains(e.getValue())).map(Map.Entry::getKey).toList();
    }

    private List<GroupObservation> consumerGroups(Admin admin, List<String> ids, int nodeId, Failures failures)
            throws InterruptedException {
        List<GroupObservation> out = new ArrayList<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> futures = admin.describeConsumerGroups(ids).describedGroups();
        for (Map.Entry<String, KafkaFuture<ConsumerGroupDescription>> f : futures.entrySet()) {
            try {
                ConsumerGroupDescription d = f.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                if (!coordinatedBy(d.coordinator(), nodeId)) {
                    continue;
                }
                Set<String> keys = new HashSet<>();
                int statics = 0;
                Set<TopicPartition> assigned = new HashSet<>();
                for (MemberDescription m : d.members()) {
                    keys.add(m.groupInstanceId().map(i -> "instance:" + i).orElse("member:" + m.consumerId()));
                    statics += m.groupInstanceId().isPresent() ? 1 : 0;
                    if (m.assignment() != null) {
                        assigned.addAll(m.assignment().topicPartitions());
                    }
                }
                String type = d.type() == null || d.type() == GroupType.UNKNOWN ? "classic"
                        : d.type().name().toLowerCase(java.util.Locale.ROOT);
                Long epoch = d.groupEpoch().map(Integer::longValue).orElse(null);
                out.add(new GroupObservation(d.groupId(), type, String.valueOf(d.groupState()),
                        d.coordinator() == null ? null : d.coordinator().id(), keys, statics, topics(assigned),
                        assigned.isEmpty() ? null : assigned.size(), epoch, null));
            } catch (ExecutionException | TimeoutException e) {
                failures.add(f.getKey(), e);
            }
        }
        return out;
    }

    private List<GroupObservation> shareGroups(Admin admin, List<String> ids, int nodeId, Failures failures)
            throws InterruptedException {
        List<GroupObservation> out = new ArrayList<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, KafkaFuture<ShareGroupDescription>> futures = admin.describeShareGroups(ids).describedGroups();
        for (Map.Entry<String, KafkaFuture<ShareGroupDescription>> f : futures.entrySet()) {
            try {
                ShareGroupDescription d = f.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                if (!coordinatedBy(d.coordinator(), nodeId)) {
                    continue;
                }
                Set<String> keys = new HashSet<>();
                Set<TopicPartition> assigned = new HashSet<>();
                d.members().forEach(m -> {
                    keys.add("member:" + m.consumerId());
                    if (m.assignment() != null) {
                        assigned.addAll(m.assignment().topicPartitions());
                    }
                });
                out.add(new GroupObservation(d.groupId(), "share", String.valueOf(d.groupState()),
                        d.coordinator() == null ? null : d.coordinator().id(), keys, 0, topics(assigned),
                        assigned.isEmpty() ? null : assigned.size(), (long) d.groupEpoch(), null));
            } catch (ExecutionException | TimeoutException e) {
                failures.add(f.getKey(), e);
            }
        }
        return out;
    }

    private List<GroupObservation> streamsGroups(Admin admin, List<String> ids, int nodeId, Failures failures)
            throws InterruptedException {
        List<GroupObservation> out = new ArrayList<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, KafkaFuture<StreamsGroupDescription>> futures =
                admin.describeStreamsGroups(ids).describedGroups();
        for (Map.Entry<String, KafkaFuture<StreamsGroupDescription>> f : futures.entrySet()) {
            try {
                StreamsGroupDescription d = f.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                if (!coordinatedBy(d.coordinator(), nodeId)) {
                    continue;
                }
                Set<String> keys = new HashSet<>();
                int statics = 0;
                for (var m : d.members()) {
                    keys.add(m.instanceId().map(i -> "instance:" + i).orElse("member:" + m.memberId()));
                    statics += m.instanceId().isPresent() ? 1 : 0;
                }
                out.add(new GroupObservation(d.groupId(), "streams", String.valueOf(d.groupState()),
                        d.coordinator() == null ? null : d.coordinator().id(), keys, statics, List.of(), null,
                        (long) d.groupEpoch(), null));
            } catch (ExecutionException | TimeoutException e) {
                failures.add(f.getKey(), e);
            }
        }
        return out;
    }

    private static boolean coordinatedBy(Node coordinator, int nodeId) {
        return coordinator != null && !coordinator.isEmpty() && coordinator.id() == nodeId;
    }

    private static List<String> topics(Collection<TopicPartition> partitions) {
        TreeSet<String> t = new TreeSet<>();
        partitions.forEach(p -> t.add(p.topic()));
        return List.copyOf(t);
    }

    /**
     * The observations with committed-offset topics, partitions and lag for classic and consumer groups, in their
     * order until {@link #MAX_PARTITIONS} partitions; the rest keep lag unknown, said in a problem.
     */
    private List<GroupObservation> withLag(Admin admin, List<GroupObservation> groups, List<Problem> problems)
            throws InterruptedException {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.stream().filter(g -> g.type().equals("classic") || g.type().equals("consumer"))
                .forEach(g -> specs.put(g.groupId(), new ListConsumerGroupOffsetsSpec()));
        if (specs.isEmpty()) {
            return groups;
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new LinkedHashMap<>();
        Failures failures = new Failures();
        var result = admin.listConsumerGroupOffsets(specs);
        int partitions = 0;
        int skipped = 0;
        for (String g : specs.keySet()) {
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(
                        result.partitionsToOffsetAndMetadata(g).get(timeoutMs, TimeUnit.MILLISECONDS));
                offsets.values().removeIf(java.util.Objects::isNull);
                if (partitions + offsets.size() > MAX_PARTITIONS) {
                    skipped++;
                    continue;
                }
                partitions += offsets.size();
                committed.put(g, offsets);
            } catch (ExecutionException | TimeoutException e) {
                failures.add(g, e);
            }
        }
        failures.report(problems, "committed offsets");
        if (skipped > 0) {
            problems.add(new Problem(SOURCE, "lag read for " + committed.size() + " groups (" + partitions
                    + " partitions, the bound is " + MAX_PARTITIONS + "); " + skipped + " groups' lag unknown"));
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.values().forEach(m -> m.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (!latest.isEmpty()) {
            ListOffsetsResult r = admin.listOffsets(latest);
            int failed = 0;
            String first = null;
            for (TopicPartition tp : latest.keySet()) {
                try {
                    ends.put(tp, r.partitionResult(tp).get(timeoutMs, TimeUnit.MILLISECONDS).offset());
                } catch (ExecutionException | TimeoutException e) {
                    failed++;
                    first = first == null ? tp + ": " + reason(e) : first;
                }
            }
            if (failed > 0) {
                problems.add(new Problem(SOURCE, "latest offsets of " + failed + " of " + latest.size()
                        + " partitions unknown (first: " + first + "); lag of their groups unknown"));
            }
        }
        List<GroupObservation> out = new ArrayList<>();
        for (GroupObservation g : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(g.groupId());
            if (offsets == null) {
                out.add(g);
                continue;
            }
            Map<TopicPartition, Long> at = new HashMap<>();
            offsets.forEach((tp, o) -> at.put(tp, o.offset()));
            // before withOffsets, a group's topics are the ones assigned to its members
            GroupLag lag = GroupLag.of(Set.copyOf(g.topics()), g.partitions(), !g.memberKeys().isEmpty(), at, ends);
            out.add(g.withOffsets(lag.topics(), lag.partitions(), lag.lag())
                    .withStale(lag.staleTopics(), lag.staleLag()));
        }
        return out;
    }

    /** Why a call failed, for a problem: an ACL denial says which grant is missing. */
    static String reason(Exception e) {
        Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (e instanceof TimeoutException) {
            return "gave no answer in time";
        }
        if (c instanceof GroupAuthorizationException) {
            return "was denied: the agent's principal lacks DESCRIBE on the group (grant it with kafka-acls.sh "
                    + "--add --allow-principal <agent principal> --operation Describe --group '*')";
        }
        if (c instanceof TopicAuthorizationException) {
            return "was denied: the agent's principal lacks DESCRIBE on the group's topics (grant it with "
                    + "kafka-acls.sh --add --allow-principal <agent principal> --operation Describe --topic '*')";
        }
        if (c instanceof UnsupportedVersionException) {
            return "is not supported by this broker (" + c.getMessage() + ")";
        }
        return "failed: " + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /** Per-group failures of one kind of call, reported as one problem. */
    private static final class Failures {
        private int count;
        private String first;

        void add(String group, Exception e) {
            count++;
            first = first == null ? "group " + group + ": " + reason(e) : first;
        }

        void report(List<Problem> problems) {
            report(problems, "description");
        }

        void report(List<Problem> problems, String what) {
            if (count > 0) {
                problems.add(new Problem(SOURCE, count + " group" + (count == 1 ? "" : "s") + "' " + what
                        + " unknown (first: " + first + ")"));
            }
        }
    }
}
