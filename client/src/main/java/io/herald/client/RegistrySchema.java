package io.herald.client;

import java.util.List;
import java.util.Objects;

/**
 * A schema as a Confluent-compatible registry stores it: its type, its text, and the registered schemas it refers to.
 *
 * @param schemaType {@code JSON}, {@code AVRO} or {@code PROTOBUF}, as the registry's {@code schemaType}
 * @param schema the schema's text
 * @param references the registered schemas the text uses by name (an Avro type defined elsewhere, a JSON Schema
 *     {@code $ref} to another document); empty for a self-contained schema
 */
public record RegistrySchema(String schemaType, String schema, List<SchemaReference> references) {
    /** The registry's name of JSON Schema. */
    public static final String JSON = "JSON";
    /** The registry's name of Avro, its default type. */
    public static final String AVRO = "AVRO";
    /** The registry's name of Protobuf. */
    public static final String PROTOBUF = "PROTOBUF";

    /** Checks the type and text are present; the references are copied. */
    public RegistrySchema {
        Objects.requireNonNull(schemaType, "schemaType");
        Objects.requireNonNull(schema, "schema");
        references = List.copyOf(references);
    }

    /** A self-contained schema. */
    public RegistrySchema(String schemaType, String schema) {
        this(schemaType, schema, List.of());
    }

    /** This schema with {@code references} instead of its own. */
    public RegistrySchema withReferences(List<SchemaReference> references) {
        return new RegistrySchema(schemaType, schema, references);
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
