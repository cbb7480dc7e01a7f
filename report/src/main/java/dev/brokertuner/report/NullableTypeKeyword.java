package dev.brokertuner.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaContext;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.KeywordValidator;
import com.networknt.schema.keyword.TypeValidator;
import com.networknt.schema.path.NodePath;

/**
 * The {@code type} keyword as the library implements it ({@link TypeValidator}), with one shortcut that changes no
 * outcome: a JSON null where the type is a union that lists {@code "null"} is valid without trying the union's other
 * types first. The library tries them in order and builds an error for each one a null fails (then drops them), so
 * each of a report's ~60 nulls against {@code ["integer", "null"]} and the like cost an error object and a copy of
 * the evaluation path (measured: docs/performance.md, "Collector ingest decode"). Every other node, and every
 * failure, goes through the library's own validator, so the problems and their messages are the library's.
 */
final class NullableTypeKeyword implements Keyword {
    @Override
    public String getValue() {
        return "type";
    }

    @Override
    public KeywordValidator newValidator(SchemaLocation schemaLocation, JsonNode schemaNode, Schema parentSchema,
                                         SchemaContext schemaContext) {
        return new Validator(schemaLocation, schemaNode, parentSchema, schemaContext);
    }

    /** True when {@code type} is an array naming {@code "null"}. */
    static boolean allowsNull(JsonNode type) {
        if (type != null && type.isArray()) {
            for (JsonNode t : type) {
                if (t.isTextual() && "null".equals(t.textValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final class Validator extends TypeValidator {
        private final boolean nullable;

        Validator(SchemaLocation schemaLocation, JsonNode schemaNode, Schema parentSchema,
                  SchemaContext schemaContext) {
            super(schemaLocation, schemaNode, parentSchema, schemaContext);
            this.nullable = allowsNull(schemaNode);
        }

        @Override
        public void validate(ExecutionContext executionContext, JsonNode node, JsonNode rootNode,
                             NodePath instanceLocation) {
            if (nullable && node.isNull()) {
                return;
            }
            super.validate(executionContext, node, rootNode, instanceLocation);
        }
    }
}
