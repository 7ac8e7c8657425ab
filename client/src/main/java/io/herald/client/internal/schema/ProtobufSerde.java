package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.ProtobufSchemaGenerator;
import io.herald.client.RegistrySchema;
import io.herald.client.SchemaRegistryClient;
import io.herald.client.SchemaSerdeConfig;
import io.herald.client.internal.EventDescriptor;
import io.herald.client.internal.schema.ProtoModel.MessageType;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes event data as proto3 binary in Confluent's Protobuf wire format, and reads it back. Thread-safe.
 *
 * <pre>
 * byte 0      magic byte, 0
 * bytes 1-4   the schema id, big-endian
 * then        the message indexes: a zigzag varint count, then each index as a zigzag varint; the file's first
 *             message, [0], is written as the single byte 0 (as Confluent writes it)
 * then        the message, proto3 binary
 * </pre>
 *
 * <p>Only generated schemas ({@link ProtobufSchemaGenerator}) are written: the encoding follows the record's {@link
 * ProtoModel}. Reading uses the reading record's model, as Protobuf readers do: fields are matched by number, unknown
 * ones skipped, absent ones take proto3 defaults; the writer's schema is fetched only to check it is Protobuf, and the
 * message indexes are skipped ({@link #messageStart}).
 */
public final class ProtobufSerde implements RegistrySerde {
    /** What {@link #contentType()} answers. */
    public static final String CONTENT_TYPE = "application/vnd.herald.registry.protobuf";

    private final SchemaRegistryClient registry;
    private final SchemaSerdeConfig config;
    private final ObjectMapper mapper;
    private final SchemaIdResolver resolver;
    /** More nesting than any real file has: a count above it is data, not indexes. */
    private static final int MAX_MESSAGE_DEPTH = 100;

    private final ConcurrentHashMap<Class<?>, Generated> generated = new ConcurrentHashMap<>();

    private record Generated(MessageType model, RegistrySchema schema, String recordName) {}

    /**
     * @param registry the registry client
     * @param config how ids are resolved
     * @param mapper the mapper that turns records into trees
     */
    public ProtobufSerde(SchemaRegistryClient registry, SchemaSerdeConfig config, ObjectMapper mapper) {
        this.registry = registry;
        this.config = config;
        this.mapper = mapper;
        this.resolver = new SchemaIdResolver(registry, config);
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public byte[] serialize(String topic, Object event) {
        EventDescriptor descriptor = EventDescriptor.of(event.getClass());
        Generated own = generated.computeIfAbsent(event.getClass(), ProtobufSerde::generate);
        String subject = resolver.subject(topic, descriptor, own.recordName(), "message");
        byte[] message;
        try {
            // encoded before the registry is asked, so an event that does not fit registers nothing
            message = ProtoCodec.write(mapper.valueToTree(event), own.model());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "event " + descriptor.type() + " (version " + descriptor.version()
                            + ") does not fit its Protobuf message " + own.recordName() + ": " + e.getMessage(),
                    e);
        }
        int id = config.useLatestVersion()
                ? resolver.latest(descriptor, subject).id()
                : resolver.own(descriptor, subject, own.schema()).id();
        ByteArrayOutputStream payload = new ByteArrayOutputStream(message.length + 1);
        payload.write(0); // message indexes [0]: the file's first message
        payload.writeBytes(message);
        return WireFormat.frame(id, payload.toByteArray());
    }

    @Override
    public JsonNode deserialize(byte[] data, EventDescriptor target, int dataVersion) {
        WireFormat.Framed framed = WireFormat.parse(data);
        RegistrySchema writer = registry.schemaById(framed.schemaId());
        if (!RegistrySchema.PROTOBUF.equals(writer.schemaType())) {
            throw new IllegalArgumentException("event " + target.type() + " was written with schema id "
                    + framed.schemaId() + ", a " + writer.schemaType() + " schema; this codec reads Protobuf");
        }
        byte[] payload = framed.payload();
        int messageStart = messageStart(payload, target, framed.schemaId());
        Generated own = generated.computeIfAbsent(target.eventClass(), ProtobufSerde::generate);
        try {
            return ProtoCodec.read(payload, messageStart, own.model());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cannot read event " + target.type() + " (schema id " + framed.schemaId() + ") as message "
                            + own.recordName() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Where the message starts: after the message indexes, which say which message of the writer's file this is
     * ({@code [0]}, the first, as the single byte 0; otherwise a zigzag varint count, then each index as one). The
     * indexes are skipped, not followed: the event type in {@code ce_type} already chose the record, whose own message
     * reads the data by field number. So events of a file holding several messages (each event type a message of one
     * {@code events.proto}, as Confluent's serializer writes them) are read too.
     *
     * @throws IllegalArgumentException if the indexes are malformed
     */
    static int messageStart(byte[] payload, EventDescriptor target, int schemaId) {
        int[] position = {0};
        long count = zigzag(payload, position, target, schemaId);
        if (count < 0 || count > MAX_MESSAGE_DEPTH) {
            throw malformedIndexes(target, schemaId, "a count of " + count);
        }
        for (long i = 0; i < count; i++) {
            long index = zigzag(payload, position, target, schemaId);
            if (index < 0) {
                throw malformedIndexes(target, schemaId, "index " + index);
            }
        }
        return position[0];
    }

    private static long zigzag(byte[] payload, int[] position, EventDescriptor target, int schemaId) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position[0] >= payload.length) {
                throw malformedIndexes(target, schemaId, "a varint cut short");
            }
            byte b = payload[position[0]++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw malformedIndexes(target, schemaId, "a varint longer than 10 bytes");
    }

    private static IllegalArgumentException malformedIndexes(EventDescriptor target, int schemaId, String what) {
        return new IllegalArgumentException("event " + target.type() + " (schema id " + schemaId
                + ") has malformed message indexes before its Protobuf message: " + what);
    }

    private static Generated generate(Class<?> eventClass) {
        MessageType model = ProtoModel.of(eventClass);
        String protoPackage = ProtoModel.packageOf(eventClass);
        return new Generated(
                model,
                RegistrySchema.protobuf(ProtobufSchemaGenerator.schemaTextOf(eventClass)),
                protoPackage == null ? model.name() : protoPackage + "." + model.name());
    }
}
