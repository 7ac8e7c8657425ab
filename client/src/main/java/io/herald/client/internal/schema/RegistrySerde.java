package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.client.internal.EventDescriptor;

/**
 * Event data in a schema registry's wire format: written from the event record, read into the JSON tree the codec
 * upcasts and maps to the record. One implementation per schema type. Implementations are thread-safe.
 */
public sealed interface RegistrySerde permits JsonSchemaSerde, AvroSerde, ProtobufSerde {
    /** The CloudEvents {@code datacontenttype} of what {@link #serialize} writes. */
    String contentType();

    /**
     * The wire-format bytes of {@code event} for {@code topic}.
     *
     * @throws IllegalArgumentException if the event does not fit its schema, naming the event and the rule
     * @throws io.herald.client.EventSchemaException if its schema cannot be resolved in the registry
     */
    byte[] serialize(String topic, Object event);

    /**
     * The data of an event of {@code target}'s type written as {@code dataVersion}, as a JSON tree.
     *
     * @throws IllegalArgumentException if the bytes cannot be read with the writer's schema
     * @throws io.herald.client.SchemaRegistryException if the writer's schema cannot be fetched
     */
    JsonNode deserialize(byte[] data, EventDescriptor target, int dataVersion);
}
