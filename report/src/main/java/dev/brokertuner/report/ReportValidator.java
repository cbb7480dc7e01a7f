package dev.brokertuner.report;

import java.util.List;

/**
 * Validates report JSON from outside (the collector's ingest) against {@code report.schema.json} and the
 * {@code schemaVersion}, listing every problem found rather than the first.
 */
public final class ReportValidator {
    /**
     * The problems of this JSON as a report, empty when it is valid.
     *
     * @param json raw bytes (UTF-8)
     * @return one line per problem, e.g. {@code $.host.hostname: is missing}
     */
    public List<String> validate(byte[] json) {
        throw new UnsupportedOperationException("TODO: implemented with the JSON schema");
    }

    /** True when {@code version} is one this build can read. */
    public static boolean knownSchemaVersion(int version) {
        return version == Report.SCHEMA_VERSION;
    }
}
