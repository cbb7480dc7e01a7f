package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.apply.Cmd;
import dev.brokertuner.agent.apply.Shell;
import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Outcome;
import dev.brokertuner.agent.rules.Rule;
import dev.brokertuner.agent.rules.RuleDocs;
import dev.brokertuner.agent.rules.RuleMeta;
import dev.brokertuner.agent.rules.Source;
import dev.brokertuner.agent.rules.Thresholds;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.BrokerFacts;
import dev.brokertuner.report.BrokerMetrics;
import dev.brokertuner.report.Finding;
import dev.brokertuner.report.Severity;
import dev.brokertuner.report.TopicRisk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replication health from the broker's own {@code ReplicaManager} and {@code LogManager} gauges, which Kafka's
 * documentation expects at 0 on a healthy cluster: offline log dirs, offline replicas and partitions under their
 * {@code min.insync.replicas} are critical (data unavailable, or {@code acks=all} producers refused), under-replicated
 * partitions a warning (one failure less of headroom), partitions at their minimum ISR a warning while replicas are
 * missing, and ISR shrinks a sign of followers falling out. On the broker with the lowest node id (which walks the
 * topic metadata for the cluster) it also judges the topics: replication factor 1, or {@code min.insync.replicas}
 * at or above the replication factor, leave no room for one broker failure. One outcome per subject.
 */
public final class ReplicationHealthRule implements Rule, RuleDocs.Documented {
    public static final String ID = "broker.replication.health";
    static final String HEURISTIC = "broker-tuner's own heuristic: ISR shrinks in one window alone are info (Kafka's "
            + "documentation expects them around broker restarts); shrinks in two consecutive windows are a warning";

    static final RuleMeta META = RuleMeta.of(ID,
            "Offline log dirs and replicas, partitions under min ISR (critical), under-replicated or at min ISR "
                    + "(warning), ISR shrinks, and, on the lowest-id broker, topics with no room for a broker failure "
                    + "(replication factor 1, min.insync.replicas >= replication factor).",
            Set.of(Source.BROKER, Source.WINDOW),
            List.of(Sources.KAFKA_OPS_REPLICATION, Sources.KAFKA_MIN_ISR, HEURISTIC),
            Set.of(Severity.INFO, Severity.WARNING, Severity.CRITICAL));

    @Override
    public RuleMeta meta() {
        return META;
    }

    @Override
    public List<Outcome> evaluate(Snapshot snapshot, Thresholds thresholds) {
        BrokerFacts broker = snapshot.broker();
        if (!broker.ok()) {
            return List.of(new Outcome.Unknown("replication", "broker not read (" + broker.status().wire() + ")"));
        }
        BrokerMetrics m = broker.metrics();
        List<Outcome> out = new ArrayList<>();
        out.add(offlineDirs(broker, m));
        out.add(offlineReplicas(broker, m));
        out.add(underMinIsr(broker, m));
        out.add(underReplicated(broker, m));
        out.add(atMinIsr(broker, m));
        out.add(isrShrinks(snapshot, broker, m));
        out.add(topics(broker));
        return out;
    }

    private Outcome offlineDirs(BrokerFacts broker, BrokerMetrics m) {
        String subject = "offline log dirs";
        Long n = m.offlineLogDirectoryCount();
        if (n == null) {
            return new Outcome.Unknown(subject, "OfflineLogDirectoryCount not read over JMX");
        }
        if (n == 0) {
            return new Outcome.Pass(subject, "OfflineLogDirectoryCount=0");
        }
        String why = n + " of this broker's log dirs are offline: the broker stopped using them after an I/O error, "
                + "so every replica on them is offline (leaders moved away if other replicas were in sync, else the "
                + "partitions are unavailable). Kafka's documentation expects OfflineLogDirectoryCount at 0. Check "
                + "the disk (kernel log, SMART) and the broker log for the failed dir; replace the disk, then restart "
                + "the broker so it recreates the replicas from their leaders. " + cite();
        List<String> apply = diagnose(broker, List.of(
                Cmd.of("kafka-log-dirs.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--describe",
                        "--broker-list", BrokerConfigs.nodeId(broker))
                        .comment("lists each dir with its error").line()));
        return recommend(Severity.CRITICAL, subject, String.valueOf(n), "0", why, evidence(broker, m), apply);
    }

    private Outcome offlineReplicas(BrokerFacts broker, BrokerMetrics m) {
        String subject = "offline replicas";
        Long n = m.offlineReplicaCount();
        if (n == null) {
            return new Outcome.Unknown(subject, "OfflineReplicaCount not read over JMX");
        }
        if (n == 0) {
            return new Outcome.Pass(subject, "OfflineReplicaCount=0");
        }
        String why = n + " replicas on this broker are offline (their log dir failed or could not be loaded): they "
                + "serve nothing and count against their partitions' ISR. Kafka's documentation expects "
                + "OfflineReplicaCount at 0. " + cite();
        List<String> apply = diagnose(broker, List.of(
                Cmd.of("kafka-topics.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--describe",
                        "--unavailable-partitions").comment("partitions with no live leader").line(),
                Cmd.of("kafka-log-dirs.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--describe",
                        "--broker-list", BrokerConfigs.nodeId(broker)).comment("which dir failed").line()));
        return recommend(Severity.CRITICAL, subject, String.valueOf(n), "0", why, evidence(broker, m), apply);
    }

    private Outcome underMinIsr(BrokerFacts broker, BrokerMetrics m) {
        String subject = "partitions under min ISR";
        Long n = m.underMinIsrPartitionCount();
        if (n == null) {
            return new Outcome.Unknown(subject, "UnderMinIsrPartitionCount not read over JMX");
        }
        if (n == 0) {
            return new Outcome.Pass(subject, "UnderMinIsrPartitionCount=0");
        }
        String why = n + " partitions led by this broker have fewer in-sync replicas than their min.insync.replicas: "
                + "producers with acks=all get NotEnoughReplicas for them now, so writes are refused. Bring the "
                + "missing replicas back (the brokers that hold them, their disks, their network). "
                + "Kafka's documentation expects UnderMinIsrPartitionCount at 0. " + cite();
        List<String> apply = diagnose(broker, List.of(
                Cmd.of("kafka-topics.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--describe",
                        "--under-min-isr-partitions").comment("which partitions, and which replicas are out").line()));
        return recommend(Severity.CRITICAL, subject, String.valueOf(n), "0", why, evidence(broker, m), apply);
    }

    private Outcome underReplicated(BrokerFacts broker, BrokerMetrics m) {
        String subject = "under-replicated partitions";
        Long n = m.underReplicatedPartitions();
        if (n == null) {
            return new Outcome.Unknown(subject, "UnderReplicatedPartitions not read over JMX");
        }
        if (n == 0) {
            return new Outcome.Pass(subject, "UnderReplicatedPartitions=0");
        }
        String why = n + " partitions led by this broker have replicas out of their ISR: one more failure among "
                + "their replicas and they lose data redundancy or (at min.insync.replicas) refuse acks=all writes. "
                + "Usually a broker is down or a follower cannot keep up (its disk, network or fetcher threads; "
                + "ReplicaFetcherManager MaxLag on the followers says how far behind). Kafka's documentation expects "
                + "UnderReplicatedPartitions at 0. " + cite();
        List<String> apply = diagnose(broker, List.of(
                Cmd.of("kafka-topics.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--describe",
                        "--under-replicated-partitions").comment("which replicas are out of the ISR").line()));
        return recommend(Severity.WARNING, subject, String.valueOf(n), "0", why, evidence(broker, m), apply);
    }

    private Outcome atMinIsr(BrokerFacts broker, BrokerMetrics m) {
        String subject = "partitions at min ISR";
        Long n = m.atMinIsrPartitionCount();
        if (n == null) {
            return new Outcome.Unknown(subject, "AtMinIsrPartitionCount not read over JMX");
        }
        if (n == 0) {
            return new Outcome.Pass(subject, "AtMinIsrPartitionCount=0");
        }
        Long urp = m.underReplicatedPartitions();
        if (urp == null || urp == 0) {
            // the full ISR equals min.insync.replicas: a topic setting (judged under "topic replication"), or a
            // single-broker cluster where every partition has one replica
            return new Outcome.Pass(subject, "AtMinIsrPartitionCount=" + n + " with no under-replicated partitions: "
                    + "their full ISR is their min.insync.replicas (replication factor 1 or min.insync.replicas = "
                    + "replication factor; see the topic replication check on the lowest-id broker)");
        }
        String why = n + " partitions led by this broker are at their min.insync.replicas while replicas are missing "
                + "(" + urp + " under-replicated): one more replica out and acks=all producers are refused. "
                + "Bring the missing replicas back before any planned restart. " + cite();
        List<String> apply = diagnose(broker, List.of(
                Cmd.of("kafka-topics.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--describe",
                        "--at-min-isr-partitions").comment("one failure from refusing writes").line()));
        return recommend(Severity.WARNING, subject, String.valueOf(n), "0", why, evidence(broker, m), apply);
    }

    private Outcome isrShrinks(Snapshot snapshot, BrokerFacts broker, BrokerMetrics m) {
        String subject = "ISR shrinks";
        Double rate = m.isrShrinksPerSec();
        if (rate == null) {
            return new Outcome.Unknown(subject, "IsrShrinksPerSec not read over JMX");
        }
        Double expands = m.isrExpandsPerSec();
        if (rate <= 0) {
            return new Outcome.Pass(subject, "IsrShrinksPerSec=0" + (expands == null ? ""
                    : ", IsrExpandsPerSec=" + Units.exact(expands) + (expands > 0 ? " (followers rejoining)" : "")));
        }
        boolean before = !snapshot.earlier().isEmpty() && snapshot.earlier().get(0).broker().ok()
                && snapshot.earlier().get(0).broker().metrics().isrShrinksPerSec() != null
                && snapshot.earlier().get(0).broker().metrics().isrShrinksPerSec() > 0;
        Severity severity = before ? Severity.WARNING : Severity.INFO;
        Map<String, String> e = evidence(broker, m);
        e.put("previousWindowShrinks", snapshot.earlier().isEmpty() ? "no earlier window"
                : String.valueOf(before));
        String why = "Followers dropped out of the ISR of partitions led by this broker (" + Units.exact(rate)
                + " shrinks/s in the window" + (expands == null ? "" : ", " + Units.exact(expands) + " expands/s")
                + "). Kafka's documentation expects IsrShrinksPerSec at 0 except around broker restarts; "
                + (before ? "it was above 0 in the previous window too, so followers keep falling behind "
                + "(replica.lag.time.max.ms): check their disks, network and num.replica.fetchers. "
                : "one window alone may be a restart of a peer (this is " + (snapshot.hasHistory()
                ? "the first window with shrinks" : "a single window") + "). ")
                + "The one-window/two-window split is " + HEURISTIC + ". " + cite();
        List<String> apply = diagnose(broker, List.of(
                Cmd.of("kafka-topics.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker), "--describe",
                        "--under-replicated-partitions").comment("the partitions that shrank, if still short").line()));
        return recommend(severity, subject, Units.exact(rate) + "/s", "0/s", why, e, apply);
    }

    private Outcome topics(BrokerFacts broker) {
        String subject = "topic replication";
        TopicRisk risk = broker.topicRisk();
        if (risk == null) {
            Integer lowest = broker.peers().stream().map(p -> p.nodeId()).min(Integer::compare).orElse(null);
            if (lowest != null && broker.nodeId() != null && lowest < broker.nodeId()) {
                return new Outcome.Unknown(subject, "judged on broker " + lowest + ": only the broker with the "
                        + "lowest node id walks the cluster's topics");
            }
            return new Outcome.Unknown(subject, "the topics' metadata was not read (see problems)");
        }
        if (risk.atRiskTopics() == 0) {
            return new Outcome.Pass(subject, risk.topicsChecked() + " topics, each with replication factor >= 2"
                    + (risk.minIsrKnown() ? " and min.insync.replicas below it" : " (min.insync.replicas not read)"));
        }
        if (broker.peers().isEmpty() && !broker.configs().isEmpty()) {
            return new Outcome.Pass(subject, "single-broker cluster: replication factor 1 is the only choice ("
                    + risk.atRiskTopics() + " of " + risk.topicsChecked() + " topics)");
        }
        Map<String, String> e = new LinkedHashMap<>();
        e.put("topicsChecked", String.valueOf(risk.topicsChecked()));
        e.put("atRiskTopics", String.valueOf(risk.atRiskTopics()));
        e.put("minInsyncReplicasRead", String.valueOf(risk.minIsrKnown()));
        e.put("brokers", String.valueOf(broker.peers().size() + 1));
        List<String> apply = new ArrayList<>();
        apply.add(BrokerConfigs.COMMAND_CONFIG_NOTE);
        StringBuilder names = new StringBuilder();
        for (TopicRisk.Topic t : risk.examples()) {
            String isr = t.minInsyncReplicas() == null ? "unknown" : String.valueOf(t.minInsyncReplicas());
            e.put("topic." + t.name(), "replicationFactor=" + t.replicationFactor() + ", minInsyncReplicas=" + isr);
            names.append(names.length() == 0 ? "" : ", ").append(t.name());
            if (t.replicationFactor() >= 3 && t.minInsyncReplicas() != null
                    && t.minInsyncReplicas() >= t.replicationFactor()) {
                apply.add(Cmd.of("kafka-configs.sh", "--bootstrap-server", BrokerConfigs.bootstrap(broker),
                        "--entity-type", "topics", "--entity-name", t.name(), "--alter", "--add-config",
                        "min.insync.replicas=" + (t.replicationFactor() - 1))
                        .comment("tolerates one replica down with acks=all").line());
            } else {
                apply.add(Shell.comment("topic " + t.name() + ": raise its replication factor to 3 with "
                        + "kafka-reassign-partitions.sh (--generate a plan with 3 replicas per partition, then "
                        + "--execute and --verify), then keep min.insync.replicas at 2"));
            }
        }
        if (risk.atRiskTopics() > risk.examples().size()) {
            apply.add(Shell.comment((risk.atRiskTopics() - risk.examples().size()) + " more topics are at risk; "
                    + "list them with kafka-topics.sh --describe and check each one's replication factor"));
        }
        String why = risk.atRiskTopics() + " of " + risk.topicsChecked() + " topics have no room for one broker "
                + "failure: with replication factor 1 a broker down takes their partitions offline and a lost disk "
                + "loses them; with min.insync.replicas at or above the replication factor one replica down makes "
                + "acks=all producers fail with NotEnoughReplicas (above it, they always fail). Kafka's "
                + "documentation gives replication factor 3 with min.insync.replicas 2 as the typical setting. "
                + "Topics: " + names + (risk.atRiskTopics() > risk.examples().size() ? ", ..." : "") + ". "
                + "Sources: " + Sources.KAFKA_MIN_ISR + ".";
        return recommend(Severity.WARNING, subject, risk.atRiskTopics() + " topics at risk", "0", why, e, apply);
    }

    private static Map<String, String> evidence(BrokerFacts broker, BrokerMetrics m) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("underReplicatedPartitions", text(m.underReplicatedPartitions()));
        e.put("underMinIsrPartitionCount", text(m.underMinIsrPartitionCount()));
        e.put("atMinIsrPartitionCount", text(m.atMinIsrPartitionCount()));
        e.put("offlineReplicaCount", text(m.offlineReplicaCount()));
        e.put("offlineLogDirectoryCount", text(m.offlineLogDirectoryCount()));
        e.put("isrShrinksPerSec", m.isrShrinksPerSec() == null ? "unknown" : Units.exact(m.isrShrinksPerSec()));
        e.put("isrExpandsPerSec", m.isrExpandsPerSec() == null ? "unknown" : Units.exact(m.isrExpandsPerSec()));
        e.put("replicaMaxLag", text(m.replicaMaxLag()));
        e.put("partitionCount", text(m.partitionCount()));
        e.put("leaderCount", text(m.leaderCount()));
        e.put("kafkaVersion", broker.kafkaVersion() == null ? "unknown" : broker.kafkaVersion());
        return e;
    }

    private static String text(Long v) {
        return v == null ? "unknown" : String.valueOf(v);
    }

    private static List<String> diagnose(BrokerFacts broker, List<String> lines) {
        List<String> out = new ArrayList<>();
        out.add(Shell.comment("diagnose first: these commands only read"));
        out.addAll(lines);
        return BrokerConfigs.withCommandConfigNote(out);
    }

    private static String cite() {
        return "Sources: " + Sources.KAFKA_OPS_REPLICATION + ".";
    }

    private static Outcome recommend(Severity severity, String subject, String current, String recommended,
                                     String why, Map<String, String> evidence, List<String> apply) {
        return new Outcome.Recommend(new Finding(ID, severity, subject, current, recommended, why, evidence, apply));
    }
}
