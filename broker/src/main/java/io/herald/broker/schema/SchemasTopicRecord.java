package io.herald.broker.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A record of the schema registry's {@code _schemas} topic, in Confluent's format, as far as the broker needs it:
 * which schema id a subject's version has. Keys and values are JSON objects:
 *
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"orders-value","version":1,"magic":1}
 * value {"subject":"orders-value","version":1,"id":7,"schemaType":"AVRO","schema":"...","deleted":false}
 *       (schemaType absent for Avro; null value: the version was deleted for good)
 * </pre>
 *
 * Other key types (CONFIG, MODE, DELETE_SUBJECT, NOOP, ...) do not change which ids a subject has; a soft delete only
 * marks versions deleted, and their ids stay valid for records already written with them.
 */
sealed interface SchemasTopicRecord {

    /** A version of a subject: its global schema id, type ({@code AVRO}, {@code JSON}, {@code PROTOBUF}) and text. */
    record SchemaVersion(String subject, int version, int id, String schemaType, String schema)
            implements SchemasTopicRecord {}

    /** A tombstone for a version: a permanent (hard) delete. */
    record VersionRemoved(String subject, int version) implements SchemasTopicRecord {}

    /** A record that does not change which ids are registered. */
    record Ignored() implements SchemasTopicRecord {}

    JsonFactory JSON = new JsonFactory();

    /**
     * Parses a record; a key or value that is not the JSON Confluent writes is a {@link MalformedSchemasRecord}.
     *
     * @param key the record's key; never null on {@code _schemas}
     * @param value the record's value, or null for a tombstone
     */
    static SchemasTopicRecord parse(ByteBuffer key, ByteBuffer value) {
        if (key == null) throw new MalformedSchemasRecord("a record without a key");
        Map<String, Object> k = flatObject(key);
        if (!"SCHEMA".equals(k.get("keytype"))) return new Ignored();
        String subject = string(k, "subject", "key");
        int version = integer(k, "version", "key");
        if (value == null) return new VersionRemoved(subject, version);
        Map<String, Object> v = flatObject(value);
        Object type = v.get("schemaType");
        return new SchemaVersion(
                subject,
                version,
                integer(v, "id", "value"),
                type == null ? "AVRO" : type.toString(),
                string(v, "schema", "value"));
    }

    private static String string(Map<String, Object> fields, String name, String part) {
        if (fields.get(name) instanceof String s) return s;
        throw new MalformedSchemasRecord("the " + part + " has no string field " + name + ": " + fields);
    }

    private static int integer(Map<String, Object> fields, String name, String part) {
        if (fields.get(name) instanceof Integer i) return i;
        throw new MalformedSchemasRecord("the " + part + " has no integer field " + name + ": " + fields);
    }

    /** The top-level string, integer and boolean fields of a JSON object; nested values are skipped. */
    private static Map<String, Object> flatObject(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(array)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedSchemasRecord(
                        "not a JSON object: " + new String(array, 0, Math.min(80, array.length)));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (token) {
                    case VALUE_STRING -> fields.put(name, parser.getText());
                    case VALUE_NUMBER_INT -> fields.put(name, parser.getIntValue());
                    case VALUE_TRUE, VALUE_FALSE -> fields.put(name, parser.getBooleanValue());
                    case START_OBJECT, START_ARRAY -> parser.skipChildren();
                    default -> {} // null and floats: no field the broker reads has them
                }
            }
        } catch (IOException e) {
            throw new MalformedSchemasRecord("not valid JSON: " + e.getMessage());
        }
        return fields;
    }

    /** A {@code _schemas} record the broker cannot read; it is skipped, as the registry itself would refuse it. */
    final class MalformedSchemasRecord extends RuntimeException {
        MalformedSchemasRecord(String message) {
            super(message);
        }
    }
}
