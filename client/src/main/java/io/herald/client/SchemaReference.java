package io.herald.client;

import java.util.Objects;

/**
 * A schema's reference to another registered schema, as Confluent's registry stores it: the name the referring schema
 * uses for it (an Avro type's full name, a JSON Schema {@code $ref} such as {@code address.json}, a Protobuf import
 * path) and the subject version that holds it.
 *
 * @param name the name the referring schema uses
 * @param subject the subject the referenced schema is registered under
 * @param version its version under that subject, 1 or more
 */
public record SchemaReference(String name, String subject, int version) {
    /** Checks the name and subject are present and the version is positive. */
    public SchemaReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        if (version < 1) {
            throw new IllegalArgumentException("the version of reference " + name + " to subject " + subject
                    + " must be 1 or more, was " + version + "; give the registered version it refers to");
        }
    }
}
