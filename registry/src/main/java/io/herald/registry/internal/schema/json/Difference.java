package io.herald.registry.internal.schema.json;

/**
 * One difference between an original and an updated JSON Schema, named as in Confluent's JSON Schema compatibility
 * documentation ({@code TYPE_NARROWED}, {@code PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL}...), at a JSON pointer path.
 *
 * @param compatible whether data valid under the original stays valid under the update despite this difference
 */
public record Difference(String type, String path, boolean compatible) {

    @Override
    public String toString() {
        return "{errorType:'" + type + "', description:'The new schema is not compatible with the old one at path '"
                + path + "'', additionalInfo:'" + type + " " + path + "'}";
    }
}
