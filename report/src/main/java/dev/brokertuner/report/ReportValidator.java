package dev.brokertuner.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates report JSON from outside (the collector's ingest) against {@code report.schema.json} (JSON Schema draft
 * 2020-12, on the classpath beside this class) and the {@code schemaVersion}, listing every problem found rather than
 * the first. Thread-safe once built; build one per component.
 */
public final class ReportValidator {
    /** Classpath location of the schema this build validates against. */
    public static final String SCHEMA_RESOURCE = "report.schema.json";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Schema schema;

    public ReportValidator() {
        try (InputStream in = ReportValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + SCHEMA_RESOURCE);
            }
            schema = registry().getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Draft 2020-12 as the library defines it, its {@code type} keyword with the shortcut for nulls of
     * {@link NullableTypeKeyword} (the same outcomes and messages).
     */
    static SchemaRegistry registry() {
        return SchemaRegistry.withDialect(Dialect.builder(Dialects.getDraft202012())
                .keyword(new NullableTypeKeyword()).build());
    }

    /**
     * The problems of this JSON as a report, empty when it is valid.
     *
     * @param json raw bytes (UTF-8)
     * @return one line per problem, e.g. {@code $.host.hostname: required property missing}
     */
    public List<String> validate(byte[] json) {
        return check(json).problems();
    }

    /**
     * What {@link #check} found: the parsed tree (null when the bytes are not a JSON document) and the problems
     * of it as a report, empty when it is valid. A valid tree can be mapped with {@link ReportJson#read(JsonNode)}
     * instead of parsing the bytes again.
     */
    public record Checked(JsonNode tree, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Parses {@code json} once and validates the tree; the same problems as {@link #validate(byte[])}. */
    public Checked check(byte[] json) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return new Checked(null, List.of("$: not JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return new Checked(null, List.of("$: unreadable: " + e.getMessage()));
        }
        return new Checked(node, validate(node));
    }

    /** The problems of this parsed JSON as a report, empty when it is valid. */
    public List<String> validate(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return List.of("$: empty document");
        }
        if (!node.isObject()) {
            return List.of("$: a report must be a JSON object, got " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode version = node.get("schemaVersion");
        if (version == null) {
            return List.of("$.schemaVersion: required property missing (this reader supports schemaVersion "
                    + Report.SCHEMA_VERSION + ")");
        }
        if (!version.isIntegralNumber()) {
            return List.of("$.schemaVersion: must be an integer, got " + version);
        }
        if (!knownSchemaVersion(version.asInt())) {
            return List.of("$.schemaVersion: version " + version.asText() + " is not supported by this reader "
                    + "(it supports schemaVersion " + Report.SCHEMA_VERSION + "); upgrade the reader");
        }
        Set<String> problems = new LinkedHashSet<>();
        for (Error e : schema.validate(node)) {
            problems.add(describe(e));
        }
        return new ArrayList<>(problems);
    }

    private static String describe(Error e) {
        String at = path(e.getInstanceLocation());
        if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
            return at + "." + e.getProperty() + ": required property missing";
        }
        return at + ": " + e.getMessage();
    }

    /** {@code $.host.nics[0].speedMbps}, whatever path style the library prints. */
    private static String path(NodePath p) {
        StringBuilder s = new StringBuilder("$");
        if (p == null) {
            return s.toString();
        }
        for (int i = 0; i < p.getNameCount(); i++) {
            Object element = p.getElement(i);
            if (element instanceof Number) {
                s.append('[').append(element).append(']');
            } else {
                s.append('.').append(element);
            }
        }
        return s.toString();
    }

    /** True when {@code version} is one this build can read. */
    public static boolean knownSchemaVersion(int version) {
        return version == Report.SCHEMA_VERSION;
    }
}
