package io.herald.registry.internal.schema;

import java.util.Objects;

/**
 * A reference from one schema to another registered one: {@code name} is how the referring schema names it (an Avro
 * full name, a JSON Schema URL), {@code subject}/{@code version} where it is registered.
 */
public record SchemaReference(String name, String subject, int version) {
    public SchemaReference {
        Objects.requireNonNull(name, "reference name");
        Objects.requireNonNull(subject, "reference subject");
    }
}
