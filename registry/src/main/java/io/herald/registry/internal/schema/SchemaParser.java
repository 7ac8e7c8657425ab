package io.herald.registry.internal.schema;

import java.util.List;

/** Parses a schema text of any supported type. Stateless and thread-safe. */
public final class SchemaParser {

    private SchemaParser() {}

    /**
     * @param references the referenced schemas, dependencies first
     * @throws InvalidSchemaException with the parser's message, or naming the unsupported type
     */
    public static ParsedSchema parse(SchemaType type, String schema, List<ResolvedReference> references)
            throws InvalidSchemaException {
        if (schema == null || schema.isBlank()) {
            throw new InvalidSchemaException("Empty schema");
        }
        return switch (type) {
            case AVRO -> AvroSchema.parse(schema, references);
            case JSON -> JsonSchema.parse(schema, references);
            case PROTOBUF -> ProtobufSchema.parse(schema, references);
        };
    }
}
