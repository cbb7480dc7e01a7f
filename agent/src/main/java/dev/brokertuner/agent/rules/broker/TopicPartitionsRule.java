package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.LogDirReads;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.agent.workload.InternalTopics;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Partition counts against the workload, per topic with partitions led here ({@code topic NAME}) and per group this
 * broker coordinates ({@code group NAME}), at most one finding per subject:
 * <ol>
 *   <li>a hot partition: the fastest-growing led partition well above the median one ({@code partitionSkew}) in this
 *   window and the one before, the same partition both times; more partitions do not spread one key, so the advice is
 *   the key distribution (info);</li>
 *   <li>bytes in per led partition near the scaling chapter's ~100 MB/s per partition (its rule of thumb): more
 *   partitions, the count computed (warning);</li>
 *   <li>more than ~50 partitions (the chapter's point of diminishing returns) carrying little: no more partitions,
 *   and a smaller count for a new topic (info);</li>
 *   <li>a classic or KIP-848 consumer group with more members than the partitions it reads: the extra members idle
 *   (info). Share and streams groups are not judged: share groups spread a partition over several members.</li>
 * </ol>
 * Nothing is said of a topic without traffic here, of Kafka's internal topics ({@code __consumer_offsets},
 * {@code __transaction_state}), or of a single window without a second one to agree with.
 */
public final class TopicPartitionsRule implements Rule, RuleDocs.Documented {
    public static final String ID = "workload.topic.partitions";
    static final String PARTITION_MBPS = "partitionMBps";
    static final String NEAR_FRACTION = "nearFraction";
    static final String HOT_SKEW = "hotSkew";
    static final String HOT_MIN_TOPIC_BYTES = "hotMinTopicBytesPerSec";
    static final String MANY_PARTITIONS = "manyPartitions";
    static final String LOW_MBPS = "lowMBpsPerPartition";
    /** The subjects of the summary outcomes (the topics and groups without a finding). */
    static final String TOPICS = "topics";
    static final String GROUPS = "consumer groups";

    static final String CHAPTER = "The scaling chapter broker-tuner grew from, \"Partition Strategy\": 1 partition "
            + "~ 100 MB/s, 10 partitions ~ 1 GB/s, diminishing returns after ~50 partitions per topic; \"When to Add "
            + "Partitions\": kafka-topics --alter --partitions (rules of thumb, not measurements)";
    static final String CHAPTER_MILESTONES = "The scaling chapter, \"Scale Milestones\": partitions per topic "
            + "3-6 under 10 MB/s, 10-20 at 10-100 MB/s, 30-50 at 100 MB/s - 1 GB/s, 100+ above (rules of thumb)";
    static final String KAFKA_ALTER = "Kafka documentation, Operations, \"Modifying topics\": adding partitions does "
            + "not move existing data, and a keyed topic's records of one key map to a different partition afterwards "
            + "(https://kafka.apache.org/40/operations/basic-kafka-operations/)";
    static final String KAFKA_GROUPS = "Kafka consumer documentation: each partition is assigned to one member of a "
            + "consumer group, so members beyond the partition count get none "
            + "(https://kafka.apache.org/40/documentation/#intro_consumers)";
    static final String HEURISTIC = "broker-tuner's own heuristics, not from Kafka's documentation or the chapter: "
            + "fire at half the chapter's per-partition rate (nearFraction 0.5), a hot partition at 4 x the median led "
            + "partition's growth (hotSkew, the median floored at 1 KiB/s) in two windows in a row on a topic with at "
            + "least 100 KiB/s in when that is known (hotMinTopicBytesPerSec), and low throughput under 1 MB/s per "
            + "partition (lowMBpsPerPartition); a window is the span between two distinct describeLogDirs reads, so "
            + "two in a row take three reads: at the daemon's default 120 s between reads (broker.logDirsSeconds) "
            + "about 4 minutes after start";

    static final RuleMeta META = new RuleMeta(ID, "Partitions against the workload, per topic led here: a hot "
            + "partition (skew in two windows in a row, info: look at the key distribution), bytes in per partition "
            + "near the chapter's ~100 MB/s (warning: more partitions, N estimated by each broker from the partitions "
            + "it leads), more than ~50 partitions carrying little "
            + "(info); per group: more members than partitions (info).", Set.of(Source.BROKER, Source.WINDOW),
            List.of(CHAPTER, CHAPTER_MILESTONES, KAFKA_ALTER, KAFKA_GROUPS, HEURISTIC),
            defaults(), Set.of(Severity.INFO, Severity.WARNING));

    /** Arguments: topic, per-partition rate, led, partitions, the chapter's rate, fraction, N, estimate, sources. */
    static final String WHY_MORE = """
            Topic %s takes %s per partition this broker leads (%s across its %d led partitions of %d), measured \
            %s. The scaling chapter's rule of thumb is about %s MB/s per partition (a rule of thumb, not a \
            measurement of this cluster); broker-tuner flags a topic at %s of that (its own heuristic, threshold \
            nearFraction), since a partition is consumed by one member of a group and written by one leader, so \
            its rate bounds the topic's. This is this broker's estimate, from the partitions it leads alone (each \
            broker estimates from its own, so brokers can name different counts; take the largest): assuming the \
            other partitions carry about the same, the topic takes about %s; %d partitions keep each at or under \
            %s. Adding partitions moves no existing data; records of one key \
            map to a different partition afterwards, so per-key order holds only within each side of the change. \
            Sources: %s.""";

    /**
     * Arguments: partition, topic, skew, earlier skew, this window's span, the one before's, median floor, bytes in,
     * sources.
     */
    static final String WHY_HOT = """
            Partition %d of topic %s grew %s x as fast as the median partition this broker leads in this window and \
            %s x in the one before (growth of describeLogDirs sizes over the span between two distinct reads, %s \
            and %s; the median floored at %s), \
            the same partition both times: a hot spot, most likely a key that carries most records (the default \
            partitioner maps a key to one partition). More partitions do not spread one key: look at the key \
            distribution of the producers (a key with more entropy, a composite key, or a custom partitioner), and \
            at the consumers of that partition, which carry the topic's load alone.%s Thresholds are broker-tuner's \
            own (hotSkew, two windows in a row). Sources: %s.""";

    /** Arguments: topic, partitions, rate, per partition, led, window, milestone range, sources. */
    static final String WHY_MANY = """
            Topic %s has %d partitions and takes about %s in all (%s per partition, estimated from the %d this \
            broker leads), %s. The scaling chapter puts diminishing returns after ~50 partitions per topic, and its \
            scale milestones give %s partitions per topic at this throughput (rules of thumb); each partition costs \
            open files, memory for indexes, replication fetches and recovery time on every broker that holds it. \
            Kafka cannot lower a topic's partition count: add no more, and size new topics to their throughput and \
            the consumers they need (or move this one to a new topic). Low throughput is broker-tuner's heuristic \
            (threshold lowMBpsPerPartition). Sources: %s.""";

    /** Arguments: group, type, members, partitions, topics, idle, sources. */
    static final String WHY_GROUP = """
            Group %s (%s) has %d members for the %d partitions of the topics it reads (%s): each partition goes to \
            one member, so %d member%s get no partition and sit idle (a standby that takes over on a rebalance, at \
            best). Either run at most %d members, or, when the group needs the parallelism, add partitions to its \
            topic; adding them remaps keys (per-key order holds only within each side of the change). Sources: %s.""";

    static final String KEY_CAVEAT = "adding partitions remaps keys: records of one key go to a different partition "
            + "afterwards, so per-key order holds only within each side of the change (and a compacted topic keeps "
            + "an old value of a key in its old partition); existing data does not move";

    private static Map<String, Double> defaults() {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put(PARTITION_MBPS, 100.0);
        t.put(NEAR_FRACTION, 0.5);
        t.put(HOT_SKEW, 4.0);
        t.put(HOT_MIN_TOPIC_BYTES, 102_400.0);
        t.put(MANY_PARTITIONS, 50.0);
        t.put(LOW_MBPS, 1.0);
        return t;
    }

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown(TOPICS, "broker not read (" + broker.status().wire() + ")"));
        }
        List<Outcome> out = new ArrayList<>();
        if (broker.topics() == null) {
            out.add(new Outcome.Unknown(TOPICS, "topics on this broker not read (AdminClient)"));
        } else {
            // findings per topic; the topics without one are summed up in one outcome, so a broker with hundreds of
            // topics adds one check, not hundreds
            int passed = 0;
            int noBytesIn = 0;
            int judged = 0;
            for (TopicFacts t : broker.topics()) {
                if (t.partitions() == null || t.leaderPartitions() == null || t.leaderPartitions() == 0
                        || InternalTopics.internal(t.name())) {
                    continue;
                }
                judged++;
                Outcome o = topic(snapshot, broker, t, thresholds);
                if (o instanceof Outcome.Recommend) {
                    out.add(o);
                } else if (o instanceof Outcome.Unknown) {
                    noBytesIn++;
                } else {
                    passed++;
                }
            }
            if (judged == 0) {
                out.add(new Outcome.Unknown(TOPICS, "no topic with partitions led here and a known layout "
                        + "(describeTopics)"));
            } else if (noBytesIn > 0) {
                out.add(new Outcome.Unknown(TOPICS, noBytesIn + " of " + judged + " topics led here without "
                        + "per-topic bytes in (BrokerTopicMetrics,topic=): only their skew was judged"
                        + (passed > 0 ? "; " + passed + " passed" : "")));
            } else if (passed > 0) {
                out.add(new Outcome.Pass(TOPICS, passed + " of " + judged + " topics led here within the partition "
                        + "thresholds"));
            }
        }
        if (broker.groups() != null) {
            int fits = 0;
            for (GroupFacts g : broker.groups()) {
                Outcome o = group(broker, g);
                if (o instanceof Outcome.Recommend) {
                    out.add(o);
                } else if (o != null) {
                    fits++;
                }
            }
            if (fits > 0) {
                out.add(new Outcome.Pass(GROUPS, fits + " consumer group" + (fits == 1 ? "" : "s")
                        + " with no more members than partitions"));
            }
        }
        return out;
    }

    private Outcome topic(Snapshot snapshot, BrokerFacts broker, TopicFacts t, Thresholds thresholds) {
        String subject = "topic " + t.name();
        Outcome hot = hot(snapshot, broker, t, thresholds);
        if (hot != null) {
            return hot;
        }
        if (t.bytesInPerSec() == null) {
            return new Outcome.Unknown(subject, "bytes in of the topic not read (per-topic BrokerTopicMetrics): "
                    + "only the skew was judged" + (t.partitionSkew() == null ? " (not known yet)" : ""));
        }
        double perPartitionLimit = META.threshold(thresholds, PARTITION_MBPS) * 1e6;
        double fraction = META.threshold(thresholds, NEAR_FRACTION);
        double target = perPartitionLimit * fraction;
        int led = t.leaderPartitions();
        int partitions = t.partitions();
        double perPartition = t.bytesInPerSec() / led;
        double estimate = perPartition * partitions;
        int needed = (int) Math.max(1, Units.ceil(estimate / target));
        Map<String, String> evidence = evidence(t);
        evidence.put("bytesInPerLedPartition", Units.exact(perPartition));
        evidence.put("estimatedTopicBytesPerSec", Units.exact(estimate));
        evidence.put("estimateBasis", "this broker's " + led + " led partitions of " + partitions
                + " (a per-broker estimate)");
        if (perPartition >= target) {
            int n = Math.max(partitions + 1, needed);
            evidence.put("threshold." + PARTITION_MBPS, Units.trim(perPartitionLimit / 1e6));
            evidence.put("threshold." + NEAR_FRACTION, Units.trim(fraction));
            String why = WHY_MORE.formatted(t.name(), Units.megabytesPerSec(perPartition),
                    Units.megabytesPerSec(t.bytesInPerSec()), led, partitions, MeterWindow.of(t, snapshot),
                    Units.trim(perPartitionLimit / 1e6), Units.percent(fraction), Units.megabytesPerSec(estimate), n,
                    Units.megabytesPerSec(target), String.join("; ", CHAPTER, KAFKA_ALTER));
            return new Outcome.Recommend(new Finding(ID, Severity.WARNING, subject, partitions + " partitions",
                    n + " partitions (this broker's estimate from its " + led + " led)", why, evidence, BrokerConfigs.withCommandConfigNote(alter(broker, t.name(), n))));
        }
        double many = META.threshold(thresholds, MANY_PARTITIONS);
        double low = META.threshold(thresholds, LOW_MBPS) * 1e6;
        if (partitions > many && t.bytesInPerSec() > 0 && perPartition < low) {
            evidence.put("threshold." + MANY_PARTITIONS, Units.trim(many));
            evidence.put("threshold." + LOW_MBPS, Units.trim(low / 1e6));
            String range = milestone(estimate);
            evidence.put("chapterMilestonePartitions", range);
            String why = WHY_MANY.formatted(t.name(), partitions, Units.megabytesPerSec(estimate),
                    Units.megabytesPerSec(perPartition), led, MeterWindow.of(t, snapshot), range,
                    String.join("; ", CHAPTER, CHAPTER_MILESTONES, KAFKA_ALTER));
            List<String> apply = List.of(
                    Shell.comment("Kafka cannot remove partitions: add none to this topic, and size new topics to "
                            + "their throughput"),
                    Shell.comment("to shrink it, create a new topic with " + range + " partitions, move producers "
                            + "and then consumers to it, and delete this one when drained"));
            return new Outcome.Recommend(new Finding(ID, Severity.INFO, subject, partitions + " partitions",
                    "no more partitions (" + range + " at this throughput)", why, evidence, apply));
        }
        return new Outcome.Pass(subject, partitions + " partitions, " + Units.megabytesPerSec(perPartition)
                + " per led partition" + (t.partitionSkew() == null ? "" : ", skew " + Units.trim(t.partitionSkew())));
    }

    /** The hot-partition finding, or null when the skew is not high in this window and the one before. */
    private Outcome hot(Snapshot snapshot, BrokerFacts broker, TopicFacts t, Thresholds thresholds) {
        double skew = META.threshold(thresholds, HOT_SKEW);
        if (t.partitionSkew() == null || t.hottestPartition() == null || t.partitionSkew() < skew) {
            return null;
        }
        double minBytes = META.threshold(thresholds, HOT_MIN_TOPIC_BYTES);
        if (t.bytesInPerSec() != null && t.bytesInPerSec() < minBytes) {
            return null;
        }
        List<Snapshot> reads = LogDirReads.distinct(snapshot);
        TopicFacts before = earlier(reads, t.name());
        if (before == null || before.partitionSkew() == null || before.partitionSkew() < skew
                || !Objects.equals(before.hottestPartition(), t.hottestPartition())) {
            return null;
        }
        Map<String, String> evidence = evidence(t);
        evidence.put("earlier.partitionSkew", Units.trim(before.partitionSkew()));
        evidence.put("earlier.hottestPartition", String.valueOf(before.hottestPartition()));
        evidence.put("threshold." + HOT_SKEW, Units.trim(skew));
        String span = span(reads, 0);
        String spanBefore = span(reads, 1);
        evidence.put("skew.readsSeconds", span);
        evidence.put("earlier.skew.readsSeconds", spanBefore);
        String bytesIn = t.bytesInPerSec() == null ? "" : " The topic takes " + Units.megabytesPerSec(
                t.bytesInPerSec()) + " on this broker.";
        String why = WHY_HOT.formatted(t.hottestPartition(), t.name(), Units.trim(t.partitionSkew()),
                Units.trim(before.partitionSkew()), spanLabel(span), spanLabel(spanBefore), "1 KiB/s", bytesIn,
                String.join("; ", CHAPTER, KAFKA_ALTER));
        List<String> apply = List.of(
                Shell.comment("a hot key is fixed in the producers, not the topic: more partitions leave that key on "
                        + "one partition"),
                Shell.comment("see which keys dominate partition " + t.hottestPartition() + ", e.g. with:"),
                Cmd.of("kafka-console-consumer.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--topic",
                        t.name(), "--partition", String.valueOf(t.hottestPartition()), "--max-messages", "1000",
                        "--property", "print.key=true", "--property", "print.value=false").line());
        return new Outcome.Recommend(new Finding(ID, Severity.INFO, subject(t), "partition " + t.hottestPartition()
                + " at " + Units.trim(t.partitionSkew()) + " x the median", "an even key distribution", why, evidence,
                BrokerConfigs.withCommandConfigNote(apply)));
    }

    private static String subject(TopicFacts t) {
        return "topic " + t.name();
    }

    /** The chapter's partitions per topic for a topic's throughput (its scale milestones). */
    static String milestone(double bytesPerSec) {
        if (bytesPerSec < 10e6) {
            return "3-6";
        }
        if (bytesPerSec < 100e6) {
            return "10-20";
        }
        return bytesPerSec < 1e9 ? "30-50" : "100+";
    }

    /** Seconds between distinct read {@code i} and the one before it (newest first), "unknown" when not known. */
    private static String span(List<Snapshot> reads, int i) {
        if (i + 1 >= reads.size() || LogDirReads.pointAt(reads.get(i)) == null
                || LogDirReads.pointAt(reads.get(i + 1)) == null) {
            return "unknown";
        }
        return Units.trim(java.time.Duration.between(LogDirReads.pointAt(reads.get(i + 1)),
                LogDirReads.pointAt(reads.get(i))).toMillis() / 1000.0);
    }

    private static String spanLabel(String seconds) {
        return seconds.equals("unknown") ? "span unknown" : seconds + " s";
    }

    /**
     * The topic at the previous distinct {@code describeLogDirs} read when it has its skew there, else null: "two
     * windows in a row" means the span ending at this read and the one right before it, not the last one that
     * happened to have a skew, and never a gathering that carried this same read (its skew is this one's).
     */
    private static TopicFacts earlier(List<Snapshot> reads, String topic) {
        if (reads.size() < 2) {
            return null;
        }
        Snapshot previous = reads.get(1);
        if (previous.broker().topics() == null) {
            return null;
        }
        for (TopicFacts t : previous.broker().topics()) {
            if (t.name().equals(topic)) {
                return t.partitionSkew() == null ? null : t;
            }
        }
        return null;
    }

    private Outcome group(BrokerFacts broker, GroupFacts g) {
        if (g.members() == null || g.partitions() == null || g.partitions() <= 0
                || !("classic".equals(g.type()) || "consumer".equals(g.type()))) {
            return null;
        }
        String subject = "group " + g.groupId();
        int members = g.members();
        int partitions = g.partitions();
        if (members <= partitions) {
            return new Outcome.Pass(subject, members + " members for " + partitions + " partitions");
        }
        int idle = members - partitions;
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("group", g.groupId());
        evidence.put("type", g.type());
        if (g.state() != null) {
            evidence.put("state", g.state());
        }
        evidence.put("members", String.valueOf(members));
        evidence.put("partitions", String.valueOf(partitions));
        evidence.put("topics", String.join(",", g.topics()));
        String why = WHY_GROUP.formatted(g.groupId(), g.type(), members, partitions,
                g.topics().isEmpty() ? "not named" : String.join(", ", g.topics()), idle, idle == 1 ? "" : "s",
                partitions, String.join("; ", KAFKA_GROUPS, KAFKA_ALTER));
        List<String> apply = new ArrayList<>();
        apply.add(Shell.comment("either run at most " + partitions + " members of this group, or add partitions:"));
        if (g.topics().size() == 1) {
            apply.addAll(alter(broker, g.topics().get(0), members));
        } else {
            apply.add(Shell.comment("the group reads " + g.topics().size() + " topics; add partitions to the one "
                    + "that needs the parallelism:"));
            apply.addAll(alter(broker, "<topic>", members));
        }
        return new Outcome.Recommend(new Finding(ID, Severity.INFO, subject, members + " members for " + partitions
                + " partitions", "at most " + partitions + " members", why, evidence,
                BrokerConfigs.withCommandConfigNote(apply)));
    }

    private static Map<String, String> evidence(TopicFacts t) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("topic", t.name());
        e.put("partitions", String.valueOf(t.partitions()));
        e.put("leaderPartitions", String.valueOf(t.leaderPartitions()));
        if (t.bytesInPerSec() != null) {
            e.put("bytesInPerSec", Units.exact(t.bytesInPerSec()));
            if (t.ratesSeconds() != null) {
                e.put("ratesSeconds", Units.exact(t.ratesSeconds()));
            }
            if (t.ratesReadAt() != null) {
                e.put("ratesReadAt", t.ratesReadAt().toString());
                e.put("ratesCarried", String.valueOf(Boolean.TRUE.equals(t.ratesCarried())));
            }
        }
        if (t.partitionSkew() != null) {
            e.put("partitionSkew", Units.trim(t.partitionSkew()));
            e.put("hottestPartition", String.valueOf(t.hottestPartition()));
        }
        return e;
    }

    /** The alter line with the key-ordering caveat before it. */
    private static List<String> alter(BrokerFacts broker, String topic, int partitions) {
        return List.of(Shell.comment(KEY_CAVEAT),
                Cmd.of("kafka-topics.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--alter",
                        "--topic", topic, "--partitions", String.valueOf(partitions)).line());
    }
}
