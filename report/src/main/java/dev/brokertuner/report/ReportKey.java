package dev.brokertuner.report;

/**
 * The Kafka record key of a report on the reports topic: {@code <cluster>/<hostname>}, so that one host's reports
 * land on one partition and stay in order. The cluster part is the operator's alias when set, else the broker's
 * cluster id, else its last-known cluster id, else {@code -}: the alias and the last-known id keep the key stable
 * while the broker is down. The agent builds it; the collector checks a record's key against the report it carries.
 */
public final class ReportKey {
    /** The cluster part when the report names no cluster. */
    public static final String NO_CLUSTER = "-";

    private ReportKey() {
    }

    /** The key of a report with these identifiers (any may be null; hostname null gives an empty host part). */
    public static String of(String clusterAlias, String clusterId, String lastKnownClusterId, String hostname) {
        return cluster(clusterAlias, clusterId, lastKnownClusterId) + "/" + (hostname == null ? "" : hostname);
    }

    /** The key of a report. */
    public static String of(Report report) {
        BrokerFacts b = report.broker();
        return of(report.clusterAlias(), b == null ? null : b.clusterId(), b == null ? null : b.lastKnownClusterId(),
                report.host() == null ? null : report.host().hostname());
    }

    private static String cluster(String alias, String id, String lastKnown) {
        for (String s : new String[] {alias, id, lastKnown}) {
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return NO_CLUSTER;
    }
}
