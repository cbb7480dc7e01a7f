package dev.brokertuner.collector.alerts;

import dev.brokertuner.collector.fleet.HostSummary;
import dev.brokertuner.collector.fleet.Outlier;
import dev.brokertuner.collector.fleet.OutlierDetector;
import dev.brokertuner.collector.fleet.ScaleMilestone;
import dev.brokertuner.collector.fleet.ScalePosition;
import dev.brokertuner.collector.fleet.Summaries;
import dev.brokertuner.report.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the fleet view knows of a cluster beyond any one host, as cluster-level observations (pure):
 * <ul>
 *   <li>{@link #OUTLIER}, a warning per setting on which the cluster's brokers disagree ({@link OutlierDetector}:
 *       at least 3 brokers know it); the product's heuristic is that brokers of one cluster should agree, and that
 *       a disagreement lasting {@link #HOLD} (longer than a rolling restart or upgrade usually leaves it) is drift;</li>
 *   <li>{@link #SCALE}, info, when the scaling chapter's rule of thumb gives the cluster's throughput row (or the
 *       next row, once 80% of the way there) more brokers than it has ({@link ScalePosition#lacks()}).</li>
 * </ul>
 * Only clusters with at least 2 hosts and a real key (not {@code unassigned}) are judged.
 */
public final class ClusterObservations {
    public static final String OUTLIER = "fleet.cluster.outlier";
    public static final String SCALE = "fleet.cluster.scale";
    /** How long a cluster-level condition holds before it is raised: the product's heuristic. */
    public static final Duration HOLD = Duration.ofHours(1);

    private final OutlierDetector detector = new OutlierDetector();

    /** True for the rules these observations judge (a cluster's topic and group alerts are judged per report). */
    public static boolean judges(String ruleId) {
        return OUTLIER.equals(ruleId) || SCALE.equals(ruleId);
    }

    /** Every judged cluster's hosts by cluster key. */
    public static Map<String, List<HostSummary>> clusters(List<HostSummary> hosts) {
        return hosts.stream().filter(h -> !Summaries.UNASSIGNED.equals(h.clusterKey()))
                .collect(Collectors.groupingBy(HostSummary::clusterKey, TreeMap::new, Collectors.toList()))
                .entrySet().stream().filter(e -> e.getValue().size() >= 2)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    public Map<AlertKey, Observation> of(String cluster, List<HostSummary> members, Instant now,
                                         long staleAfterSeconds) {
        Map<AlertKey, Observation> out = new LinkedHashMap<>();
        Map<String, Map<String, String>> attributes = new TreeMap<>();
        members.forEach(h -> attributes.put(h.hostname(), h.attributes()));
        for (Outlier o : detector.detect(attributes)) {
            AlertKey key = AlertKey.cluster(cluster, OUTLIER, "setting " + o.label());
            String current = o.differing().stream().map(d -> d.hostname() + "=" + d.value())
                    .collect(Collectors.joining(", "));
            out.put(key, new Observation(key, cluster, Severity.WARNING, JdbcAlertStore.clip(current, 200),
                    o.majority() == null ? "one value on every broker" : o.majority(),
                    "Suggested action: make the brokers of cluster " + cluster + " agree on " + o.label() + ": "
                            + o.summary() + ". (Brokers of one cluster disagreeing for over " + HOLD.toHours()
                            + " h is the product's heuristic for drift; the host findings say which value is right.)"));
        }
        ScalePosition scale = ScalePosition.of(members, now, staleAfterSeconds);
        ScaleMilestone row = scale.milestone();
        if (row != null && !scale.lacks().isEmpty()) {
            int i = 0;
            if (scale.brokers() < row.minBrokers()) {
                AlertKey key = AlertKey.cluster(cluster, SCALE, "brokers for the " + row.name() + " row");
                out.put(key, new Observation(key, cluster, Severity.INFO, scale.brokers() + " brokers",
                        row.brokersText() + " brokers", "Suggested action: " + scale.lacks().get(i++)));
            }
            if (i < scale.lacks().size() && scale.next() != null) {
                AlertKey key = AlertKey.cluster(cluster, SCALE, "brokers ahead of the " + scale.next().name()
                        + " row");
                out.put(key, new Observation(key, cluster, Severity.INFO, scale.brokers() + " brokers",
                        scale.next().brokersText() + " brokers", "Suggested action: " + scale.lacks().get(i)));
            }
        }
        return out;
    }
}
