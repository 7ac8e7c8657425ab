package io.herald.broker.schema;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.record.internal.Record;

/**
 * Broker-side schema validation, as Confluent Server does it: with {@code confluent.value.schema.validation=true} (or
 * {@code ...key...}) on a topic, every non-null value (key) of a produced record must start with the schema registry
 * wire format, magic byte {@code 0} and a big-endian 4-byte schema id, and that id must be registered under the
 * subject the topic's subject name strategy derives. Only the id is checked, not the payload against the schema, as
 * in Confluent Server. A record that fails refuses its whole batch with {@code INVALID_RECORD}.
 *
 * <p>Thread-safety: stateless apart from {@link RegisteredSchemas}, which is safe for concurrent appenders.
 */
public final class SchemaIdValidator {
    private static final byte MAGIC_BYTE = 0;
    private static final int HEADER_BYTES = 5;

    private final RegisteredSchemas schemas;

    public SchemaIdValidator(RegisteredSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * Throws {@link InvalidRecordException} naming the record, the part, the id and the subject when {@code record}
     * does not pass {@code config}.
     *
     * @param index the record's position in its batch, for the message
     */
    public void check(String topic, SchemaValidationConfig config, Record record, int index) {
        if (config.keys()) checkPart(topic, record.key(), true, config.keyStrategy(), index);
        if (config.values()) checkPart(topic, record.value(), false, config.valueStrategy(), index);
    }

    private void checkPart(String topic, ByteBuffer bytes, boolean isKey, SubjectNameStrategy strategy, int index) {
        if (bytes == null) return; // as in Confluent: null keys and values (tombstones) pass
        String part = isKey ? "key" : "value";
        if (bytes.remaining() < HEADER_BYTES || bytes.get(bytes.position()) != MAGIC_BYTE) {
            throw refused(
                    index,
                    part,
                    "does not start with the schema registry wire format (magic byte 0, then a" + " 4-byte schema id)",
                    topic,
                    isKey);
        }
        int id = bytes.getInt(bytes.position() + 1);
        String subject = strategy.subject(topic, isKey, strategy.needsRecordName() ? recordName(bytes, id) : null);
        if (subject == null) {
            throw refused(index, part, "has schema id " + id + ", which no subject has", topic, isKey);
        }
        if (!schemas.isRegistered(subject, id)) {
            String why = schemas.schema(id) == null ? "no subject has" : "is not registered under subject " + subject;
            throw refused(index, part, "has schema id " + id + ", which " + why, topic, isKey);
        }
    }

    /** The record name of schema {@code id} for the name strategies; null when no subject has the id. */
    private String recordName(ByteBuffer bytes, int id) {
        RegisteredSchemas.Schema schema = schemas.schema(id);
        if (schema == null) return null;
        List<Integer> indexes = schema.type().equals("PROTOBUF") ? messageIndexes(bytes) : List.of();
        try {
            return RecordName.of(schema.type(), schema.text(), indexes);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(
                    "schema id " + id + " gives no record name for the subject name" + " strategy: " + e.getMessage());
        }
    }

    /**
     * The message indexes that follow the id in Confluent's Protobuf format: a zigzag varint count, then that many
     * zigzag varints; a count of 0 means {@code [0]}. Empty when the payload has none (kafkajs writes none).
     */
    private static List<Integer> messageIndexes(ByteBuffer bytes) {
        ByteBuffer in = bytes.duplicate().position(bytes.position() + HEADER_BYTES);
        if (!in.hasRemaining()) return List.of();
        int count = zigzagVarint(in);
        if (count < 0 || count > in.remaining()) throw new InvalidRecordException("bad Protobuf message indexes");
        List<Integer> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) indexes.add(zigzagVarint(in));
        return indexes;
    }

    private static int zigzagVarint(ByteBuffer in) {
        int raw = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (!in.hasRemaining()) throw new InvalidRecordException("truncated Protobuf message indexes");
            byte b = in.get();
            raw |= (b & 0x7f) << shift;
            if (b >= 0) return (raw >>> 1) ^ -(raw & 1);
        }
        throw new InvalidRecordException("bad varint in the Protobuf message indexes");
    }

    private static InvalidRecordException refused(int index, String part, String what, String topic, boolean isKey) {
        String config = isKey ? SchemaValidationConfig.KEY_VALIDATION : SchemaValidationConfig.VALUE_VALIDATION;
        return new InvalidRecordException("record " + index + " of the batch: its " + part + " " + what + "; topic "
                + topic + " has " + config + "=true, so every " + part + " must be written with a schema registered"
                + " under its subject (register the schema, or produce with a registry serializer)");
    }
}
