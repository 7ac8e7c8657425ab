package io.herald.registry.internal.schema;

import java.util.List;

/** A schema that parsed: what the registry stores ({@link #canonical()}) and what compatibility rules compare. */
public sealed interface ParsedSchema permits AvroSchema, JsonSchema, ProtobufSchema {

    /** The schema's format. */
    SchemaType type();

    /** The text the registry stores and compares for duplicates: parsed and written back in one form. */
    String canonical();

    /**
     * Whether {@code other} is the same schema, however either was written: equal canonical forms, or for JSON Schema
     * equal trees whatever the order of object keys.
     */
    default boolean sameAs(ParsedSchema other) {
        return type() == other.type() && canonical().equals(other.canonical());
    }

    /**
     * Why data written with {@code writer} cannot be read with this schema; empty when it can.
     *
     * @return messages in Confluent's verbose style, one per incompatibility
     */
    List<String> readErrors(ParsedSchema writer);
}
