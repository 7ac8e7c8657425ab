package io.herald.client;

import java.util.Objects;

/**
 * A schema as a Confluent-compatible registry stores it: its type and its text.
 *
 * @param schemaType {@code JSON}, {@code AVRO} or {@code PROTOBUF}, as the registry's {@code schemaType}
 * @param schema the schema's text
 */
public record RegistrySchema(String schemaType, String schema) {
    /** The registry's name of JSON Schema. */
    public static final String JSON = "JSON";
    /** The registry's name of Avro, its default type. */
    public static final String AVRO = "AVRO";

    /** Checks both are present. */
    public RegistrySchema {
        Objects.requireNonNull(schemaType, "schemaType");
        Objects.requireNonNull(schema, "schema");
    }

    /** A JSON Schema. */
    public static RegistrySchema json(String schema) {
        return new RegistrySchema(JSON, schema);
    }

    /** An Avro schema. */
    public static RegistrySchema avro(String schema) {
        return new RegistrySchema(AVRO, schema);
    }
}
