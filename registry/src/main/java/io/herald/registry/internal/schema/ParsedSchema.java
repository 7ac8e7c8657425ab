package io.herald.registry.internal.schema;

import java.util.List;

/** A schema that parsed: what the registry stores ({@link #canonical()}) and what compatibility rules compare. */
public sealed interface ParsedSchema permits AvroSchema, JsonSchema, ProtobufSchema {

    /** The schema's format. */
    SchemaType type();

    /** The text the registry stores and compares for duplicates: parsed and written back in one form. */
    String canonical();

    /**
     * Whether {@code other} is the same schema: equal canonical forms, as Confluent's {@code equivalent} compares
     * them. Layout never matters; what else does depends on the type (JSON Schema key order does, until normalized).
     */
    default boolean sameAs(ParsedSchema other) {
        return type() == other.type() && canonical().equals(other.canonical());
    }

    /**
     * Whether {@code inlined}, a schema that names no references, is this schema with the types it takes from its
     * references written out in place. Only Avro can write a referenced type in place; for the others this is
     * {@link #sameAs}.
     */
    default boolean sameInlined(ParsedSchema inlined) {
        return sameAs(inlined);
    }

    /**
     * This schema in Confluent's normalized form, what {@code normalize=true} stores and looks up: the parts whose
     * order carries no meaning put in one order (Avro properties and aliases, JSON Schema object keys, Protobuf
     * fields, options and imports). Normalizing twice gives the same schema.
     */
    ParsedSchema normalize();

    /**
     * Why data written with {@code writer} cannot be read with this schema; empty when it can.
     *
     * @return messages in Confluent's verbose style, one per incompatibility
     */
    List<String> readErrors(ParsedSchema writer);
}
