package io.herald.registry.internal.schema.json;

import io.herald.registry.internal.schema.JsonSchema;
import java.util.List;

/**
 * Whether data valid under an original JSON Schema stays valid under an updated one, by Confluent's documented rules
 * (STRICT policy): see {@link SchemaComparer} for the rules, and {@code JsonSchemaCompatibilityTest} for a table with
 * one case per rule. BACKWARD compatibility of a new schema is {@code incompatibilities(old, new)} being empty.
 */
public final class JsonSchemaCompatibility {

    private JsonSchemaCompatibility() {}

    /** Every difference found, compatible or not. */
    public static List<Difference> differences(JsonSchema original, JsonSchema update) {
        SchemaComparer comparer = new SchemaComparer(
                new RefResolver(original.root(), original.referenced()),
                new RefResolver(update.root(), update.referenced()));
        return comparer.compare(original.root(), update.root());
    }

    /** The differences that make the update unable to accept data the original accepted; empty when compatible. */
    public static List<Difference> incompatibilities(JsonSchema original, JsonSchema update) {
        return differences(original, update).stream()
                .filter(difference -> !difference.compatible())
                .toList();
    }
}
