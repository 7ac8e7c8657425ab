package io.herald.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.herald.client.internal.EventDescriptor;
import io.herald.client.internal.schema.AvroSerde;
import io.herald.client.internal.schema.JsonSchemaSerde;
import io.herald.client.internal.schema.ProtobufSerde;
import io.herald.client.internal.schema.RegistrySerde;
import io.herald.client.internal.schema.WireFormat;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns event records into data and back, upcasting old versions on the way in. Thread-safe once built.
 *
 * <p>Three forms: {@link #json()} writes plain JSON ({@code application/json}); {@link #jsonSchema} writes the same
 * JSON in Confluent's schema registry wire format (magic byte 0, the 4-byte big-endian schema id, the JSON), registered
 * and checked against the event's JSON Schema; {@link #avro} writes Avro binary in that wire format. Any
 * Confluent-compatible consumer reads the last two, and a broker with {@code confluent.value.schema.validation}
 * accepts them.
 *
 * <p>The default mapper writes {@code java.time} values as ISO-8601 strings, {@code Optional} as its value or null, and
 * ignores unknown properties, so a field added by a newer publisher does not break an older subscriber.
 */
public final class EventCodec {
    /** The content type of the data {@link #json()} writes. */
    public static final String CONTENT_TYPE = "application/json";

    /**
     * The content type of the data {@link #jsonSchema} writes: JSON behind the 5-byte registry header. Not {@code
     * application/json}, since a consumer that parses the value as JSON would fail on the header.
     */
    public static final String JSON_SCHEMA_CONTENT_TYPE = JsonSchemaSerde.CONTENT_TYPE;

    /** The content type of the data {@link #avro} writes: Avro binary behind the 5-byte registry header. */
    public static final String AVRO_CONTENT_TYPE = AvroSerde.CONTENT_TYPE;

    /** The content type of the data {@link #protobuf} writes: proto3 binary behind the registry header and indexes. */
    public static final String PROTOBUF_CONTENT_TYPE = ProtobufSerde.CONTENT_TYPE;

    private final ObjectMapper mapper;
    private final Upcasters upcasters;
    private final RegistrySerde registrySerde;
    // one reader per event class: ObjectMapper.readValue resolves the class's type and root deserializer on every
    // call (2% of a handle profile's samples; docs/benchmarks.md, session 17)
    private final ConcurrentHashMap<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    private EventCodec(ObjectMapper mapper, Upcasters upcasters, RegistrySerde registrySerde) {
        this.mapper = mapper;
        this.upcasters = upcasters;
        this.registrySerde = registrySerde;
    }

    /** A codec with the default mapper and no upcasters. */
    public static EventCodec json() {
        return json(Upcasters.none());
    }

    /** A codec with the default mapper and these upcasters. */
    public static EventCodec json(Upcasters upcasters) {
        return json(defaultMapper(), upcasters);
    }

    /**
     * A codec with the caller's mapper (configured as the service likes) and these upcasters. Configure the mapper
     * before: the codec keeps a reader per event class, made from the mapper's configuration when the class is first
     * read, as Jackson's own readers do.
     */
    public static EventCodec json(ObjectMapper mapper, Upcasters upcasters) {
        return new EventCodec(mapper, upcasters, null);
    }

    /**
     * A codec that writes JSON in the registry's wire format with the registry at {@code config}'s URL, generated
     * schemas for every event type, and these upcasters.
     */
    public static EventCodec jsonSchema(SchemaSerdeConfig config, Upcasters upcasters) {
        return jsonSchema(
                SchemaRegistryClient.create(config.registryUrl()), config, EventSchemas.generated(), upcasters);
    }

    /**
     * A codec that writes JSON in the registry's wire format.
     *
     * @param registry the registry's client (share one per registry: it caches ids and schemas)
     * @param config Confluent's serializer settings: auto-registration, subject strategy, validation...
     * @param schemas schemas given per event type and version; the others are generated ({@link JsonSchemaGenerator})
     * @param upcasters the upcaster chains, applied to data of an older {@link EventType#version()} as with JSON
     */
    public static EventCodec jsonSchema(
            SchemaRegistryClient registry, SchemaSerdeConfig config, EventSchemas schemas, Upcasters upcasters) {
        ObjectMapper mapper = defaultMapper();
        return new EventCodec(mapper, upcasters, new JsonSchemaSerde(registry, config, schemas, mapper));
    }

    /**
     * A codec that writes Avro binary in the registry's wire format.
     *
     * @param registry the registry's client (share one per registry: it caches ids and schemas)
     * @param config Confluent's serializer settings: auto-registration, subject strategy... ({@code
     *     json.fail.invalid.schema} does not apply: Avro data always fits its schema or is refused)
     * @param schemas schemas given per event type and version; the others are generated ({@link AvroSchemaGenerator})
     * @param upcasters the upcaster chains, applied to data of an older {@link EventType#version()} (read with the
     *     writer's schema, as a JSON tree)
     */
    public static EventCodec avro(
            SchemaRegistryClient registry, SchemaSerdeConfig config, EventSchemas schemas, Upcasters upcasters) {
        ObjectMapper mapper = defaultMapper();
        return new EventCodec(mapper, upcasters, new AvroSerde(registry, config, schemas, mapper));
    }

    /**
     * A codec that writes proto3 binary in the registry's Protobuf wire format, with the schema {@link
     * ProtobufSchemaGenerator} generates from each record (schemas cannot be given for Protobuf).
     *
     * @param registry the registry's client (share one per registry: it caches ids and schemas)
     * @param config Confluent's serializer settings: auto-registration, subject strategy...
     * @param upcasters the upcaster chains, applied to data of an older {@link EventType#version()} (decoded with
     *     the current record's field numbers)
     */
    public static EventCodec protobuf(SchemaRegistryClient registry, SchemaSerdeConfig config, Upcasters upcasters) {
        ObjectMapper mapper = defaultMapper();
        return new EventCodec(mapper, upcasters, new ProtobufSerde(registry, config, mapper));
    }

    /** The mapper {@link #json()} uses: Java time as ISO-8601, Optional as its value, unknown properties ignored. */
    public static ObjectMapper defaultMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                // registry codecs go through trees: 4.20 must stay 4.20, not become 4.2
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The CloudEvents {@code datacontenttype} of the data this codec writes. */
    public String contentType() {
        return registrySerde == null ? CONTENT_TYPE : registrySerde.contentType();
    }

    /**
     * The data bytes of {@code event}, without a topic: a registry codec whose subject strategy needs the topic
     * refuses it (use {@link #encode(String, Object)}).
     *
     * @throws IllegalArgumentException if Jackson cannot write it, with Jackson's reason
     */
    public byte[] encode(Object event) {
        return encode(null, event);
    }

    /**
     * The data bytes of {@code event} published to {@code topic}: JSON, or for a registry codec the wire format with
     * the id of the event's schema under the subject its strategy derives from the topic.
     *
     * @throws IllegalArgumentException if Jackson cannot write it, or (registry codec) it breaks its schema, naming
     *     the event and the rule
     * @throws EventSchemaException (registry codec) if its schema is not registered and may not be, or the registry
     *     refuses it or cannot be reached
     */
    public byte[] encode(String topic, Object event) {
        if (registrySerde != null) {
            return registrySerde.serialize(topic, event);
        }
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write event " + event.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code data}, written as {@code dataVersion} of its type, into {@code eventClass}, running the upcasters
     * from that version to the record's.
     *
     * @throws IllegalArgumentException if the bytes are not a JSON object or do not fit the record, with Jackson's
     *     reason
     * @throws IllegalStateException if an upcaster of the chain is missing
     * @throws SchemaRegistryException (registry codec) if the writer's schema cannot be fetched; a subscriber retries
     *     the event with its retry policy
     */
    public <T> T decode(byte[] data, int dataVersion, Class<T> eventClass) {
        EventDescriptor descriptor = EventDescriptor.of(eventClass);
        if (registrySerde != null) {
            return decodeTree(
                    registrySerde.deserialize(data, descriptor, dataVersion), dataVersion, descriptor, eventClass);
        }
        if (WireFormat.isFramed(data)) {
            throw new IllegalArgumentException("data of event type " + descriptor.type() + " is in the schema registry"
                    + " wire format (schema id " + WireFormat.parse(data).schemaId() + "); read it with a codec of"
                    + " EventCodec.jsonSchema(...)");
        }
        try {
            if (dataVersion == descriptor.version()) {
                return readerFor(eventClass).readValue(data);
            }
            if (!(mapper.readTree(data) instanceof ObjectNode old)) {
                throw new IllegalArgumentException("data of event type " + descriptor.type() + " version " + dataVersion
                        + " is not a JSON object");
            }
            ObjectNode current = upcasters.upcast(descriptor.type(), dataVersion, descriptor.version(), old);
            return mapper.treeToValue(current, eventClass);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read data of event type " + descriptor.type() + " version " + dataVersion + " into "
                            + eventClass.getName() + ": " + e.getMessage(),
                    e);
        }
    }

    private ObjectReader readerFor(Class<?> eventClass) {
        ObjectReader reader = readers.get(eventClass);
        return reader != null ? reader : readers.computeIfAbsent(eventClass, mapper::readerFor);
    }

    private <T> T decodeTree(JsonNode data, int dataVersion, EventDescriptor descriptor, Class<T> eventClass) {
        try {
            if (dataVersion == descriptor.version()) {
                return mapper.treeToValue(data, eventClass);
            }
            if (!(data instanceof ObjectNode old)) {
                throw new IllegalArgumentException("data of event type " + descriptor.type() + " version " + dataVersion
                        + " is not a JSON object");
            }
            return mapper.treeToValue(
                    upcasters.upcast(descriptor.type(), dataVersion, descriptor.version(), old), eventClass);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot read data of event type " + descriptor.type() + " version " + dataVersion + " into "
                            + eventClass.getName() + ": " + e.getMessage(),
                    e);
        }
    }
}
