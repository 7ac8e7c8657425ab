package io.herald.registry.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.registry.internal.schema.SchemaReference;
import io.herald.registry.internal.schema.SchemaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of {@code _schemas} records, in Confluent Schema Registry's format so the topic moves between Confluent,
 * Karapace and Herald with ids intact.
 *
 * <p>Keys are compact JSON with a fixed field order, because compaction compares key bytes: a key written in another
 * order would survive its tombstone.
 *
 * <pre>
 * SCHEMA          {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 *                 value {"subject":"s","version":1,"id":7,"schemaType":"JSON","references":[..],"schema":"..","deleted":false}
 *                 (schemaType left out for AVRO, references left out when empty)
 * CONFIG          {"keytype":"CONFIG","subject":"s"|null,"magic":0}   value {"normalize":true,"compatibilityLevel":"FULL"}
 *                 (either field left out when not set)
 * MODE            {"keytype":"MODE","subject":"s"|null,"magic":0}     value {"mode":"READONLY"}
 * DELETE_SUBJECT  {"keytype":"DELETE_SUBJECT","subject":"s","magic":0} value {"subject":"s","version":3}
 * NOOP            {"keytype":"NOOP","magic":0}
 * </pre>
 *
 * A null value is a tombstone. Decoding ignores fields it does not know (metadata, ruleSet, md5...). Stateless and
 * thread-safe.
 */
public final class RecordCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordCodec() {}

    /** The key bytes of a SCHEMA record. */
    public static byte[] schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA");
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return bytes(key);
    }

    /** The key bytes of a CONFIG record; {@code subject} null for the global config. */
    public static byte[] configKey(String subject) {
        return subjectKey("CONFIG", subject);
    }

    /** The key bytes of a MODE record; {@code subject} null for the global mode. */
    public static byte[] modeKey(String subject) {
        return subjectKey("MODE", subject);
    }

    /** The key bytes of a DELETE_SUBJECT record. */
    public static byte[] deleteSubjectKey(String subject) {
        return subjectKey("DELETE_SUBJECT", subject);
    }

    /** The key bytes of a NOOP record. */
    public static byte[] noopKey() {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "NOOP");
        key.put("magic", 0);
        return bytes(key);
    }

    private static byte[] subjectKey(String keyType, String subject) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", keyType);
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        key.put("magic", 0);
        return bytes(key);
    }

    /** The value bytes of a SCHEMA record. */
    public static byte[] schemaValue(RegistryRecord.SchemaRegistered schema) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", schema.subject());
        value.put("version", schema.version());
        value.put("id", schema.id());
        if (schema.schemaType() != SchemaType.AVRO) {
            value.put("schemaType", schema.schemaType().name());
        }
        if (!schema.references().isEmpty()) {
            ArrayNode references = value.putArray("references");
            for (SchemaReference reference : schema.references()) {
                references
                        .addObject()
                        .put("name", reference.name())
                        .put("subject", reference.subject())
                        .put("version", reference.version());
            }
        }
        value.put("schema", schema.schema());
        value.put("deleted", schema.deleted());
        return bytes(value);
    }

    /** The value bytes of a CONFIG record that sets only the level. */
    public static byte[] configValue(String compatibilityLevel) {
        return configValue(compatibilityLevel, null);
    }

    /** The value bytes of a CONFIG record; a null field is left out, and the order is Confluent's. */
    public static byte[] configValue(String compatibilityLevel, Boolean normalize) {
        ObjectNode value = JSON.createObjectNode();
        if (normalize != null) {
            value.put("normalize", normalize);
        }
        if (compatibilityLevel != null) {
            value.put("compatibilityLevel", compatibilityLevel);
        }
        return bytes(value);
    }

    /** The value bytes of a MODE record. */
    public static byte[] modeValue(String mode) {
        return bytes(JSON.createObjectNode().put("mode", mode));
    }

    /** The value bytes of a DELETE_SUBJECT record. */
    public static byte[] deleteSubjectValue(String subject, int version) {
        return bytes(JSON.createObjectNode().put("subject", subject).put("version", version));
    }

    /**
     * Decodes one record of the topic.
     *
     * @param value null for a tombstone
     * @throws IllegalArgumentException naming the key when the key or value is not the JSON this format defines
     */
    public static RegistryRecord decode(byte[] key, byte[] value) {
        JsonNode keyNode = parse(key, "key", key);
        String keyType = keyNode.path("keytype").asText("");
        String subject = keyNode.hasNonNull("subject") ? keyNode.get("subject").asText() : null;
        JsonNode valueNode = value == null ? null : parse(value, "value", key);
        return switch (keyType) {
            case "SCHEMA" ->
                valueNode == null
                        ? new RegistryRecord.SchemaPurged(
                                subject, keyNode.path("version").asInt())
                        : decodeSchema(valueNode);
            case "CONFIG" ->
                valueNode == null ? new RegistryRecord.ConfigCleared(subject) : decodeConfig(subject, valueNode, key);
            case "MODE" ->
                valueNode == null
                        ? new RegistryRecord.ModeCleared(subject)
                        : new RegistryRecord.ModeSet(subject, text(valueNode, "mode", key));
            case "DELETE_SUBJECT" ->
                valueNode == null
                        ? new RegistryRecord.Ignored(keyType)
                        : new RegistryRecord.SubjectSoftDeleted(
                                valueNode.path("subject").asText(subject),
                                valueNode.path("version").asInt());
            default -> new RegistryRecord.Ignored(keyType);
        };
    }

    private static RegistryRecord.SchemaRegistered decodeSchema(JsonNode value) {
        List<SchemaReference> references = new ArrayList<>();
        for (JsonNode reference : value.path("references")) {
            references.add(new SchemaReference(
                    reference.path("name").asText(),
                    reference.path("subject").asText(),
                    reference.path("version").asInt()));
        }
        return new RegistryRecord.SchemaRegistered(
                value.path("subject").asText(),
                value.path("version").asInt(),
                value.path("id").asInt(),
                SchemaType.fromName(value.path("schemaType").asText(null)),
                references,
                value.path("schema").asText(),
                value.path("deleted").asBoolean(false));
    }

    private static RegistryRecord.ConfigSet decodeConfig(String subject, JsonNode value, byte[] key) {
        String level = value.hasNonNull("compatibilityLevel") ? text(value, "compatibilityLevel", key) : null;
        Boolean normalize =
                value.path("normalize").isBoolean() ? value.get("normalize").asBoolean() : null;
        return new RegistryRecord.ConfigSet(subject, level, normalize);
    }

    private static String text(JsonNode value, String field, byte[] key) {
        JsonNode node = value.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(
                    "record " + new String(key, StandardCharsets.UTF_8) + " has no text field '" + field + "'");
        }
        return node.asText();
    }

    private static JsonNode parse(byte[] bytes, String part, byte[] key) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            String keyText = key == null ? "null" : new String(key, StandardCharsets.UTF_8);
            throw new IllegalArgumentException(
                    "_schemas record with key " + keyText + " has a " + part + " that is not JSON: " + e.getMessage(),
                    e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON " + node, e);
        }
    }
}
