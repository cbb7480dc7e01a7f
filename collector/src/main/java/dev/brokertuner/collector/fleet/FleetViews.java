package dev.brokertuner.collector.fleet;

import dev.brokertuner.collector.store.ThroughputSample;
import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds the fleet views from host summaries: pure (hosts, time and samples in; records out), so every view is
 * tested without HTTP or a database.
 */
public final class FleetViews {
    private final OutlierDetector outliers = new OutlierDetector();
    private final long staleAfterSeconds;

    public FleetViews(long staleAfterSeconds) {
        this.staleAfterSeconds = staleAfterSeconds;
    }

    /**
     * Findings by severity.
     *
     * @param critical critical
     * @param warning  warning
     * @param info     info
     */
    public record Counts(int critical, int warning, int info) {
        static Counts of(List<HostSummary> hosts) {
            return new Counts(hosts.stream().mapToInt(HostSummary::critical).sum(),
                    hosts.stream().mapToInt(HostSummary::warning).sum(),
                    hosts.stream().mapToInt(HostSummary::info).sum());
        }
    }

    /**
     * A host that stopped reporting.
     *
     * @param hostname   the host
     * @param clusterKey its cluster
     * @param receivedAt its last report
     * @param ageSeconds seconds since
     */
    public record StaleHost(String hostname, String clusterKey, Instant receivedAt, long ageSeconds) {
    }

    /**
     * One cluster in the fleet view.
     *
     * @param key            the cluster key (Kafka cluster id, else alias)
     * @param clusterId      Kafka cluster id, null when unknown
     * @param alias          the alias most of its agents use, null when none
     * @param brokers        hosts reporting
     * @param staleBrokers   of which stale
     * @param findings       findings by severity
     * @param outliers       settings on which its brokers disagree
     * @param bytesInPerSec  summed, null when unknown
     * @param milestone      its scale milestone, null when throughput is unknown
     */
    public record ClusterRow(String key, String clusterId, String alias, int brokers, int staleBrokers,
                             Counts findings, int outliers, Double bytesInPerSec, String milestone) {
    }

    /**
     * {@code GET /v1/fleet}.
     *
     * @param generatedAt       now
     * @param hosts             hosts known
     * @param staleAfterSeconds the staleness threshold
     * @param findings          fleet-wide findings by severity
     * @param clusters          every cluster, most critical first
     * @param staleHosts        hosts without a report within the threshold, oldest first
     */
    public record Fleet(Instant generatedAt, int hosts, long staleAfterSeconds, Counts findings,
                        List<ClusterRow> clusters, List<StaleHost> staleHosts) {
    }

    /**
     * One host in a cluster view.
     *
     * @param hostname       the host
     * @param nodeId         broker node id, null when unknown
     * @param brokerStatus   ok, unreachable, not-found, not-gathered
     * @param stale          no report within the threshold
     * @param receivedAt     its latest report
     * @param findings       by severity
     * @param topFindings    its findings (rule, severity, subject)
     * @param attributes     the compared settings
     * @param outlierOn      the settings on which it differs from the majority
     * @param bytesInPerSec  null when unknown
     * @param bytesOutPerSec null when unknown
     */
    public record HostRow(String hostname, Integer nodeId, String brokerStatus, boolean stale, Instant receivedAt,
                          Counts findings, List<FindingRef> topFindings, Map<String, String> attributes,
                          List<String> outlierOn, Double bytesInPerSec, Double bytesOutPerSec) {
    }

    /**
     * A point of the cluster's throughput chart: per time bucket, each host's mean, summed over hosts.
     *
     * @param at             bucket start
     * @param bytesInPerSec  summed
     * @param bytesOutPerSec summed
     * @param hosts          hosts with a sample in the bucket
     * @param reportedAt     the latest report time in the bucket: what the chart labels the point with (a bucket's
     *                       start can be minutes before its reports)
     */
    public record ThroughputPoint(Instant at, double bytesInPerSec, double bytesOutPerSec, int hosts,
                                  Instant reportedAt) {
        /** A point labelled by its bucket start. */
        public ThroughputPoint(Instant at, double bytesInPerSec, double bytesOutPerSec, int hosts) {
            this(at, bytesInPerSec, bytesOutPerSec, hosts, at);
        }
    }

    /**
     * {@code GET /v1/clusters/{id}}.
     *
     * @param key         cluster key
     * @param clusterId   Kafka cluster id, null when unknown
     * @param alias       alias, null when none
     * @param generatedAt now
     * @param findings    by severity
     * @param hosts       its hosts, by hostname
     * @param outliers    settings on which brokers disagree
     * @param scale       position on the scale milestones
     * @param milestones  the whole table, for display
     * @param throughput  throughput over time
     * @param notes       what the view leaves out and why (e.g. no outliers for {@code unassigned} hosts)
     */
    public record Cluster(String key, String clusterId, String alias, Instant generatedAt, Counts findings,
                          List<HostRow> hosts, List<Outlier> outliers, ScalePosition scale,
                          List<ScaleMilestone> milestones, List<ThroughputPoint> throughput, List<String> notes) {
        public Cluster {
            notes = List.copyOf(notes);
        }
    }

    /**
     * One broker with a finding of a rule.
     *
     * @param hostname   the host
     * @param clusterKey its cluster
     * @param severity   the finding's severity
     * @param subject    what it is about
     * @param summary    current to recommended
     */
    public record Affected(String hostname, String clusterKey, Severity severity, String subject, String summary) {
    }

    /**
     * A rule's findings across the fleet.
     *
     * @param ruleId   the rule
     * @param severity the most severe of them
     * @param brokers  distinct hosts affected
     * @param summary  e.g. {@code 37 brokers: host.fs.noatime (relatime -> noatime)}
     * @param affected each finding
     */
    public record RuleGroup(String ruleId, Severity severity, int brokers, String summary, List<Affected> affected) {
    }

    /**
     * {@code GET /v1/findings}.
     *
     * @param rule     filter, null for all
     * @param severity minimum severity, null for all
     * @param cluster  filter, null for all
     * @param rules    groups, most brokers first
     */
    public record Findings(String rule, Severity severity, String cluster, List<RuleGroup> rules) {
    }

    /** The fleet at {@code now}. */
    public Fleet fleet(List<HostSummary> hosts, Instant now) {
        Map<String, List<HostSummary>> byCluster = hosts.stream()
                .collect(Collectors.groupingBy(HostSummary::clusterKey, TreeMap::new, Collectors.toList()));
        List<ClusterRow> rows = new ArrayList<>();
        byCluster.forEach((key, members) -> {
            ScalePosition scale = ScalePosition.of(members, now, staleAfterSeconds);
            rows.add(new ClusterRow(key, clusterId(members), alias(members), members.size(),
                    (int) members.stream().filter(h -> h.staleAt(now, staleAfterSeconds)).count(),
                    Counts.of(members), Summaries.UNASSIGNED.equals(key) ? 0
                            : outliers.count(members.stream().map(HostSummary::attributes).toList()),
                    scale.bytesInPerSec(),
                    scale.milestone() == null ? null : scale.milestone().name()));
        });
        rows.sort(Comparator.comparing((ClusterRow r) -> -r.findings().critical())
                .thenComparing(r -> -r.findings().warning()).thenComparing(ClusterRow::key));
        List<StaleHost> stale = hosts.stream().filter(h -> h.staleAt(now, staleAfterSeconds))
                .sorted(Comparator.comparing(HostSummary::receivedAt))
                .map(h -> new StaleHost(h.hostname(), h.clusterKey(), h.receivedAt(),
                        Duration.between(h.receivedAt(), now).toSeconds())).toList();
        return new Fleet(now, hosts.size(), staleAfterSeconds, Counts.of(hosts), rows, stale);
    }

    /** One cluster at {@code now}, with its throughput chart from {@code samples} in {@code bucket} steps. */
    public Cluster cluster(String key, List<HostSummary> members, Instant now, List<ThroughputSample> samples,
                           Duration bucket) {
        List<String> notes = new ArrayList<>();
        List<Outlier> found;
        if (Summaries.UNASSIGNED.equals(key)) {
            found = List.of();
            notes.add("no outliers: these hosts report neither a Kafka cluster id nor a clusterAlias, so they are "
                    + "grouped under '" + Summaries.UNASSIGNED + "' and may belong to different clusters, whose "
                    + "settings need not agree (set clusterAlias in the agents' config, or let them read the broker)");
        } else {
            found = outliers.detect(attributes(members));
        }
        Map<String, List<String>> outlierOn = new TreeMap<>();
        for (Outlier o : found) {
            for (Outlier.Deviation d : o.differing()) {
                outlierOn.computeIfAbsent(d.hostname(), k -> new ArrayList<>()).add(o.attribute());
            }
        }
        List<HostRow> rows = members.stream().sorted(Comparator.comparing(HostSummary::hostname))
                .map(h -> new HostRow(h.hostname(), h.nodeId(), h.brokerStatus(), h.staleAt(now, staleAfterSeconds),
                        h.receivedAt(), new Counts(h.critical(), h.warning(), h.info()), h.findings(),
                        h.attributes(), outlierOn.getOrDefault(h.hostname(), List.of()), h.bytesInPerSec(),
                        h.bytesOutPerSec())).toList();
        return new Cluster(key, clusterId(members), alias(members), now, Counts.of(members), rows, found,
                ScalePosition.of(members, now, staleAfterSeconds), ScaleMilestone.TABLE, throughput(samples, bucket),
                notes);
    }

    /** Fleet-wide findings grouped by rule, filtered. */
    public Findings findings(List<HostSummary> hosts, String rule, Severity atLeast, String cluster) {
        Map<String, List<Affected>> byRule = new TreeMap<>();
        for (HostSummary h : hosts) {
            if (cluster != null && !cluster.equals(h.clusterKey())) {
                continue;
            }
            for (FindingRef f : h.findings()) {
                if (rule != null && !rule.equals(f.ruleId())) {
                    continue;
                }
                if (atLeast != null && !f.severity().atLeast(atLeast)) {
                    continue;
                }
                byRule.computeIfAbsent(f.ruleId(), k -> new ArrayList<>())
                        .add(new Affected(h.hostname(), h.clusterKey(), f.severity(), f.subject(), f.summary()));
            }
        }
        List<RuleGroup> groups = new ArrayList<>();
        byRule.forEach((id, list) -> {
            list.sort(Comparator.comparing(Affected::hostname));
            int brokers = (int) list.stream().map(Affected::hostname).distinct().count();
            Severity max = list.stream().map(Affected::severity).max(Comparator.naturalOrder()).orElseThrow();
            String common = list.stream().collect(Collectors.groupingBy(Affected::summary, Collectors.counting()))
                    .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
            groups.add(new RuleGroup(id, max, brokers, brokers + (brokers == 1 ? " broker: " : " brokers: ") + id
                    + " (" + common + ")", list));
        });
        groups.sort(Comparator.comparing((RuleGroup g) -> -g.brokers()).thenComparing(RuleGroup::ruleId));
        return new Findings(rule, atLeast, cluster, groups);
    }

    /** Buckets samples: each host's mean per bucket, summed over the hosts of the bucket. */
    static List<ThroughputPoint> throughput(List<ThroughputSample> samples, Duration bucket) {
        long step = Math.max(1, bucket.toMillis());
        Map<Long, Map<String, double[]>> buckets = new TreeMap<>();
        Map<Long, Instant> latest = new TreeMap<>();
        for (ThroughputSample s : samples) {
            if (s.bytesInPerSec() == null && s.bytesOutPerSec() == null) {
                continue;
            }
            long b = Math.floorDiv(s.generatedAt().toEpochMilli(), step) * step;
            latest.merge(b, s.generatedAt(), (x, y) -> x.isAfter(y) ? x : y);
            double[] acc = buckets.computeIfAbsent(b, k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.hostname(), k -> new double[4]);
            if (s.bytesInPerSec() != null) {
                acc[0] += s.bytesInPerSec();
                acc[1]++;
            }
            if (s.bytesOutPerSec() != null) {
                acc[2] += s.bytesOutPerSec();
                acc[3]++;
            }
        }
        List<ThroughputPoint> out = new ArrayList<>();
        buckets.forEach((at, hosts) -> {
            double in = 0;
            double outB = 0;
            for (double[] a : hosts.values()) {
                in += a[1] == 0 ? 0 : a[0] / a[1];
                outB += a[3] == 0 ? 0 : a[2] / a[3];
            }
            out.add(new ThroughputPoint(Instant.ofEpochMilli(at), in, outB, hosts.size(), latest.get(at)));
        });
        return out;
    }

    private static Map<String, Map<String, String>> attributes(List<HostSummary> members) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        members.forEach(h -> m.put(h.hostname(), h.attributes()));
        return m;
    }

    private static String clusterId(List<HostSummary> members) {
        return members.stream().map(HostSummary::clusterId).filter(id -> id != null).findFirst().orElse(null);
    }

    private static String alias(List<HostSummary> members) {
        Optional<Map.Entry<String, Long>> top = members.stream().map(HostSummary::clusterAlias)
                .filter(a -> a != null).collect(Collectors.groupingBy(a -> a, TreeMap::new, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue());
        return top.map(Map.Entry::getKey).orElse(null);
    }
}
