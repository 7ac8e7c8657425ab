package io.herald.registry.internal.schema;

import java.util.Locale;

/** The schema formats of Confluent's API. */
public enum SchemaType {
    AVRO,
    JSON,
    PROTOBUF;

    /**
     * The type named in a request or record; null or empty is AVRO, as in Confluent.
     *
     * @throws IllegalArgumentException naming the value when it is no known type
     */
    public static SchemaType fromName(String name) {
        if (name == null || name.isEmpty()) {
            return AVRO;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown schema type '" + name + "'; use AVRO, JSON or PROTOBUF");
        }
    }
}
