package io.herald.broker.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The full name of the record a schema describes, which {@code RecordNameStrategy} and {@code
 * TopicRecordNameStrategy} put in the subject, taken as Confluent's schema classes take it:
 *
 * <ul>
 *   <li>Avro: the root type's full name ({@code namespace.name} for a record, enum or fixed, the type name otherwise);
 *   <li>JSON Schema: the root {@code title};
 *   <li>Protobuf: {@code package.Outer.Inner}, the message the record's message indexes point at.
 * </ul>
 */
final class RecordName {
    private static final Set<String> NAMED_AVRO_TYPES = Set.of("record", "error", "enum", "fixed");

    private RecordName() {}

    /** Throws {@link IllegalArgumentException} naming what is missing when the schema gives no record name. */
    static String of(String schemaType, String schema, List<Integer> messageIndexes) {
        return switch (schemaType) {
            case "AVRO" -> avro(schema);
            case "JSON" -> jsonTitle(schema);
            case "PROTOBUF" -> ProtobufMessages.parse(schema).fullName(messageIndexes);
            default -> throw new IllegalArgumentException("unknown schema type " + schemaType);
        };
    }

    private static String avro(String schema) {
        try (JsonParser parser = SchemasTopicRecord.JSON.createParser(schema)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.VALUE_STRING) return parser.getText();
            if (root == JsonToken.START_ARRAY) return "union";
            if (root != JsonToken.START_OBJECT) throw new IllegalArgumentException("not an Avro schema: " + schema);
            String type = null;
            String name = null;
            String namespace = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token == JsonToken.VALUE_STRING) {
                    switch (field) {
                        case "type" -> type = parser.getText();
                        case "name" -> name = parser.getText();
                        case "namespace" -> namespace = parser.getText();
                        default -> {}
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (type == null) throw new IllegalArgumentException("the Avro schema has no type: " + schema);
            if (!NAMED_AVRO_TYPES.contains(type)) return type;
            if (name == null) throw new IllegalArgumentException("the Avro " + type + " has no name");
            if (name.contains(".") || namespace == null || namespace.isEmpty()) return name;
            return namespace + "." + name;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
    }

    private static String jsonTitle(String schema) {
        try (JsonParser parser = SchemasTopicRecord.JSON.createParser(schema)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken token = parser.nextToken();
                    if (field.equals("title") && token == JsonToken.VALUE_STRING) return parser.getText();
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
        }
        throw new IllegalArgumentException("the JSON schema has no title, which is its record name");
    }
}
