package dev.brokertuner.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON codec of the report contract. One instance is thread-safe; create it once per component (no static
 * singleton) and share it. Unknown properties are ignored on read so that a newer agent's additive fields do not
 * break an older collector within the same {@link Report#SCHEMA_VERSION}.
 */
public final class ReportJson {
    private final ObjectMapper mapper;

    public ReportJson() {
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** The configured mapper, for components that serialize other records (API views) the same way. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Compact JSON. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Indented JSON for people. */
    public String writePretty(Object value) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a report. Validate first with {@link ReportValidator} when the input comes from outside; this method
     * only maps JSON to records.
     *
     * @throws IOException when the JSON is malformed or does not map to a report
     */
    public Report read(byte[] json) throws IOException {
        return mapper.readValue(json, Report.class);
    }

    /**
     * Maps an already parsed report (the tree {@link ReportValidator#check} validated), without parsing its bytes
     * again; the same report as {@link #read(byte[])} of the bytes the tree came from.
     *
     * @throws IOException when the tree does not map to a report
     */
    public Report read(JsonNode tree) throws IOException {
        try (JsonParser p = mapper.treeAsTokens(tree)) {
            return mapper.readValue(p, Report.class);
        }
    }
}
