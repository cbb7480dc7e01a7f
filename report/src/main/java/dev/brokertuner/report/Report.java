package dev.brokertuner.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One report of one host: the facts gathered, the findings the rules made, the checks that passed or could not be
 * judged, and the problems met while gathering. This is the contract between the agent, the collector and any other
 * tool; see {@code docs/report-schema.md} and {@code report.schema.json}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param reportId      unique id (a UUID), used by the collector for idempotency
 * @param generatedAt   when gathering finished
 * @param agentVersion  the agent's version
 * @param clusterAlias  the operator's name for the cluster (used when the Kafka cluster id is unknown), may be null
 * @param tags          free-form labels from the agent's config
 * @param host          host facts
 * @param broker        broker facts, null when the broker side was not gathered (for example {@code inspect} without
 *                      broker discovery)
 * @param findings      recommendations, most severe first
 * @param checks        rule verdicts without a recommendation (ok, unknown, failed)
 * @param problems      sources that could not be read
 */
public record Report(int schemaVersion, String reportId, Instant generatedAt, String agentVersion,
                     String clusterAlias, Map<String, String> tags, HostFacts host, BrokerFacts broker,
                     List<Finding> findings, List<Check> checks, List<Problem> problems) {
    /** The version of this contract. Readers reject versions they do not know. */
    public static final int SCHEMA_VERSION = 1;

    public Report {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(host, "host");
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        findings = findings == null ? List.of() : List.copyOf(findings);
        checks = checks == null ? List.of() : List.copyOf(checks);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
