package dev.brokertuner.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The report schema under {@link ReportValidator#registry()} (the library's draft 2020-12 with the null shortcut of
 * {@link NullableTypeKeyword}) finds exactly what the library's own draft 2020-12 finds, message for message: on
 * the codec's reports and on every one-value change of them (each value set to null, a string, a fraction, a
 * negative number, a boolean, an object, an array).
 */
class NullableTypeKeywordTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ReportJson json = new ReportJson();
    private final Schema stock = load(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12));
    private final Schema shortcut = load(ReportValidator.registry());

    private static Schema load(SchemaRegistry registry) {
        try (InputStream in = ReportValidator.class.getResourceAsStream(ReportValidator.SCHEMA_RESOURCE)) {
            return registry.getSchema(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> problems(Schema schema, JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(n)) {
            out.add(e.getInstanceLocation() + " " + e.getKeyword() + " " + e.getProperty() + ": " + e.getMessage());
        }
        return out;
    }

    @Test
    void findsWhatTheLibrarysDraftFindsOnEveryOneValueChange() throws Exception {
        int nullsAccepted = 0;
        int typeProblems = 0;
        int changes = 0;
        for (Report r : List.of(ReportJsonTest.sample(), ReportValidatorTest.fullSample())) {
            JsonNode original = mapper.readTree(json.write(r));
            assertThat(problems(shortcut, original)).isEmpty();
            List<JsonNode> replacements = List.of(NODES.nullNode(), NODES.textNode("x"), NODES.numberNode(1.5),
                    NODES.numberNode(-7), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode());
            List<List<Object>> paths = new ArrayList<>();
            collect(original, new ArrayList<>(), paths::add);
            for (List<Object> path : paths) {
                for (JsonNode replacement : replacements) {
                    JsonNode changed = original.deepCopy();
                    set(changed, path, replacement);
                    List<String> expected = problems(stock, changed);
                    assertThat(problems(shortcut, changed)).as("%s set to %s", path, replacement)
                            .isEqualTo(expected);
                    changes++;
                    if (replacement.isNull() && expected.isEmpty()) {
                        nullsAccepted++;
                    }
                    if (expected.stream().anyMatch(p -> p.contains(" type "))) {
                        typeProblems++;
                    }
                }
            }
        }
        // the comparison covered both sides of the shortcut: nulls a union allows and values a type refuses
        assertThat(changes).isGreaterThan(1000);
        assertThat(nullsAccepted).isGreaterThan(50);
        assertThat(typeProblems).isGreaterThan(500);
    }

    @Test
    void onlyAUnionNamingNullTakesTheShortcut() {
        ArrayNode nullable = NODES.arrayNode().add("integer").add("null");
        ArrayNode notNull = NODES.arrayNode().add("integer").add("string");
        assertThat(NullableTypeKeyword.allowsNull(nullable)).isTrue();
        assertThat(NullableTypeKeyword.allowsNull(notNull)).isFalse();
        assertThat(NullableTypeKeyword.allowsNull(NODES.textNode("null"))).isFalse();
        assertThat(NullableTypeKeyword.allowsNull(null)).isFalse();
    }

    /** Every value's path (names and indexes), containers included. */
    private static void collect(JsonNode n, List<Object> at, Consumer<List<Object>> out) {
        if (!at.isEmpty()) {
            out.accept(List.copyOf(at));
        }
        if (n.isObject()) {
            n.fieldNames().forEachRemaining(name -> {
                at.add(name);
                collect(n.get(name), at, out);
                at.remove(at.size() - 1);
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                at.add(i);
                collect(n.get(i), at, out);
                at.remove(at.size() - 1);
            }
        }
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }
}
