package io.herald.registry.internal.schema.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an object (or a tuple) allows beyond the properties (items) it names, in Confluent's terms: <em>open</em>
 * ({@code additionalProperties} absent or true: anything), <em>closed</em> (false: nothing), <em>partially open</em>
 * (a schema, or {@code patternProperties}: what that schema accepts).
 */
enum ContentModel {
    OPEN,
    CLOSED,
    PARTIALLY_OPEN;

    /**
     * @param rest the schema for the rest ({@code additionalProperties}...), null when absent
     * @param patterns {@code patternProperties}, null when absent
     */
    static ContentModel of(JsonNode rest, JsonNode patterns) {
        if (patterns != null && patterns.isObject() && !patterns.isEmpty()) {
            return PARTIALLY_OPEN;
        }
        if (rest == null || (rest.isBoolean() && rest.asBoolean())) {
            return OPEN;
        }
        if (rest.isBoolean()) {
            return CLOSED;
        }
        return SchemaComparer.acceptsEverything(rest) ? OPEN : PARTIALLY_OPEN;
    }
}
