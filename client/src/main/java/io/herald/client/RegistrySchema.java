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
    /** The registry's name of Protobuf. */
    public static final String PROTOBUF = "PROTOBUF";

    /** Checks both are present. */
    public RegistrySchema {
        Objects.requireNonNull(schemaType, "schemaType");
        Objects.requireNonNull(schema, "schema");
    }

    /** A JSON Schema. */
    public static RegistrySchema json(String schema) {
        return new RegistrySchema(JSON, schema);
    }

    /** A Protobuf schema ({@code .proto} text). */
    public static RegistrySchema protobuf(String schema) {
        return new RegistrySchema(PROTOBUF, schema);
    }

    /** An Avro schema. */
    public static RegistrySchema avro(String schema) {
        return new RegistrySchema(AVRO, schema);
    }
}
