package io.herald.registry.internal.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.registry.internal.schema.json.JsonSchemaCompatibility;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A JSON Schema (drafts 4 to 2020-12), kept as a Jackson tree. The canonical form is compact JSON with the key order
 * of the text, as Confluent stores it; so, as in Confluent, the same keys in another order are another schema unless
 * both are normalized ({@link #normalize()}). Referenced schemas are kept by the name the schema's {@code $ref}s use.
 */
public record JsonSchema(JsonNode root, String canonical, Map<String, JsonNode> referenced) implements ParsedSchema {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TYPES =
            Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    /** Parses {@code text}; references are parsed too, as the targets of {@code $ref}s naming them. */
    public static JsonSchema parse(String text, List<ResolvedReference> references) throws InvalidSchemaException {
        JsonNode root = read(text);
        Map<String, JsonNode> referenced = new LinkedHashMap<>();
        for (ResolvedReference reference : references) {
            referenced.put(reference.name(), read(reference.schema()));
        }
        try {
            return new JsonSchema(root, JSON.writeValueAsString(root), Map.copyOf(referenced));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write back parsed JSON", e);
        }
    }

    private static JsonNode read(String text) throws InvalidSchemaException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException(
                    "Invalid schema " + text + ", details: " + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr(),
                    e);
        }
        if (root == null || !(root.isObject() || root.isBoolean())) {
            throw new InvalidSchemaException(
                    "Invalid schema " + text + ", details: a JSON Schema must be an object or a boolean");
        }
        checkTypes(root, "#");
        return root;
    }

    /** Keywords whose value maps names to subschemas (so a property called "type" is not the keyword). */
    private static final Set<String> SCHEMA_MAPS =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies");
    /** Keywords whose value is data, not schemas. */
    private static final Set<String> DATA = Set.of("enum", "const", "default", "examples", "required");

    /** Rejects {@code type} values no draft defines, anywhere in the schema: the commonest typo. */
    private static void checkTypes(JsonNode node, String path) throws InvalidSchemaException {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTypes(node.get(i), path + "/" + i);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode type = node.get("type");
        if (type != null) {
            for (JsonNode name : type.isArray() ? type : List.of(type)) {
                if (!name.isTextual() || !TYPES.contains(name.asText())) {
                    throw new InvalidSchemaException("Invalid schema, details: " + path + "/type: " + name
                            + " is not a JSON Schema type; use one of " + new java.util.TreeSet<>(TYPES));
                }
            }
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String keyword = field.getKey();
            if (SCHEMA_MAPS.contains(keyword) && field.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> child : field.getValue().properties()) {
                    checkTypes(child.getValue(), path + "/" + keyword + "/" + child.getKey());
                }
            } else if (!DATA.contains(keyword) && !keyword.equals("type")) {
                checkTypes(field.getValue(), path + "/" + keyword);
            }
        }
    }

    /**
     * Every object's keys sorted, at every depth (inside {@code enum}, {@code const} and {@code default} values
     * too), arrays kept in order: Confluent's normalized JSON Schema.
     */
    @Override
    public JsonSchema normalize() {
        JsonNode sorted = sortKeys(root);
        try {
            return new JsonSchema(sorted, JSON.writeValueAsString(sorted), referenced);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write back parsed JSON", e);
        }
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> byKey = new TreeMap<>();
            node.properties().forEach(field -> byKey.put(field.getKey(), field.getValue()));
            ObjectNode sorted = JSON.createObjectNode();
            byKey.forEach((key, value) -> sorted.set(key, sortKeys(value)));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(sortKeys(element)));
            return copy;
        }
        return node;
    }

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    @Override
    public List<String> readErrors(ParsedSchema writer) {
        if (!(writer instanceof JsonSchema jsonWriter)) {
            return List.of("Incompatible because of different schema type");
        }
        return JsonSchemaCompatibility.incompatibilities(jsonWriter, this).stream()
                .map(Object::toString)
                .toList();
    }
}
