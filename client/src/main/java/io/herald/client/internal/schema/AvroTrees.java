package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts between the JSON tree the event mapper writes and Avro's generic data, guided by an Avro schema. Stateless.
 * A value that does not fit the schema is refused with its JSON pointer and what was expected.
 */
final class AvroTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroTrees() {}

    /**
     * The Avro datum of {@code node} under {@code schema}.
     *
     * @throws IllegalArgumentException naming the pointer of the first value that does not fit
     */
    static Object toAvro(JsonNode node, Schema schema, String pointer) {
        boolean absent = node == null || node.isNull() || node.isMissingNode();
        switch (schema.getType()) {
            case NULL -> {
                if (!absent) throw mismatch(pointer, "null", node);
                return null;
            }
            case UNION -> {
                return union(node, schema, pointer, absent);
            }
            default -> {
                if (absent)
                    throw new IllegalArgumentException(where(pointer) + "is missing or null, and the schema"
                            + " requires a " + schema.getType().getName());
            }
        }
        if (AvroLogicalValues.handles(schema)) {
            return AvroLogicalValues.toAvro(node, schema, pointer);
        }
        return switch (schema.getType()) {
            case BOOLEAN -> {
                if (!node.isBoolean()) throw mismatch(pointer, "boolean", node);
                yield node.booleanValue();
            }
            case INT -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) throw mismatch(pointer, "int", node);
                yield node.intValue();
            }
            case LONG -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) throw mismatch(pointer, "long", node);
                yield node.longValue();
            }
            case FLOAT -> {
                if (!node.isNumber()) throw mismatch(pointer, "float", node);
                yield node.floatValue();
            }
            case DOUBLE -> {
                if (!node.isNumber()) throw mismatch(pointer, "double", node);
                yield node.doubleValue();
            }
            case STRING -> {
                // BigDecimal and BigInteger are numbers in the tree and strings in the schema
                if (!node.isTextual() && !node.isNumber()) throw mismatch(pointer, "string", node);
                yield node.asText();
            }
            case BYTES -> ByteBuffer.wrap(bytes(node, pointer));
            case FIXED -> new GenericData.Fixed(schema, bytes(node, pointer));
            case ENUM -> {
                if (!node.isTextual() || !schema.hasEnumSymbol(node.asText())) {
                    throw mismatch(pointer, "one of " + schema.getEnumSymbols(), node);
                }
                yield new GenericData.EnumSymbol(schema, node.asText());
            }
            case ARRAY -> {
                if (!node.isArray()) throw mismatch(pointer, "array", node);
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(toAvro(node.get(i), schema.getElementType(), pointer + "/" + i));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                if (!node.isObject()) throw mismatch(pointer, "map (JSON object)", node);
                Map<String, Object> map = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    map.put(
                            entry.getKey(),
                            toAvro(entry.getValue(), schema.getValueType(), pointer + "/" + entry.getKey()));
                }
                yield map;
            }
            case RECORD -> {
                if (!node.isObject()) throw mismatch(pointer, "record " + schema.getFullName(), node);
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    JsonNode value = node.get(field.name());
                    if ((value == null || value.isNull()) && field.hasDefaultValue()) {
                        record.put(field.pos(), GenericData.get().getDefaultValue(field));
                    } else {
                        record.put(field.pos(), toAvro(value, field.schema(), pointer + "/" + field.name()));
                    }
                }
                yield record;
            }
            default -> throw new IllegalArgumentException(where(pointer) + "unexpected Avro type " + schema.getType());
        };
    }

    private static Object union(JsonNode node, Schema union, String pointer, boolean absent) {
        if (absent) {
            for (Schema branch : union.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) return null;
            }
            throw new IllegalArgumentException(
                    where(pointer) + "is missing or null, and the union " + union + " has no null branch");
        }
        List<String> refusals = new ArrayList<>();
        for (Schema branch : union.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) continue;
            try {
                return toAvro(node, branch, pointer);
            } catch (IllegalArgumentException e) {
                refusals.add(e.getMessage());
            }
        }
        throw new IllegalArgumentException(where(pointer) + "fits no branch of the union: " + refusals);
    }

    private static byte[] bytes(JsonNode node, String pointer) {
        try {
            if (node.isBinary()) return node.binaryValue();
            if (node.isTextual()) return Base64.getDecoder().decode(node.asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where(pointer) + "is not base64: " + e.getMessage(), e);
        }
        throw mismatch(pointer, "bytes (base64 string)", node);
    }

    /**
     * The JSON tree of an Avro datum read with {@code schema}, to be read into {@code target} (the Java type, for
     * example the event record, or null if unknown): values of logical types take the form their component needs
     * ({@link AvroLogicalValues}).
     */
    static JsonNode toJson(Object datum, Schema schema, Type target) {
        if (datum != null && AvroLogicalValues.handles(schema)) {
            return AvroLogicalValues.toJson(datum, schema, target);
        }
        return switch (schema.getType()) {
            case NULL -> NODES.nullNode();
            case UNION -> toJson(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)), target);
            case BOOLEAN -> NODES.booleanNode((Boolean) datum);
            case INT -> NODES.numberNode((Integer) datum);
            case LONG -> NODES.numberNode((Long) datum);
            case FLOAT -> NODES.numberNode((Float) datum);
            case DOUBLE -> NODES.numberNode((Double) datum);
            case STRING, ENUM -> NODES.textNode(datum.toString());
            case BYTES -> NODES.binaryNode(bytesOf((ByteBuffer) datum));
            case FIXED -> NODES.binaryNode(((GenericData.Fixed) datum).bytes());
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                Type element = elementType(target);
                for (Object item : (Collection<?>) datum) {
                    array.add(toJson(item, schema.getElementType(), element));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode map = NODES.objectNode();
                Type valueType = mapValueType(target);
                ((Map<?, ?>) datum)
                        .forEach((key, value) ->
                                map.set(key.toString(), toJson(value, schema.getValueType(), valueType)));
                yield map;
            }
            case RECORD -> {
                GenericRecord record = (GenericRecord) datum;
                ObjectNode object = NODES.objectNode();
                Map<String, Type> components = componentTypes(target);
                for (Schema.Field field : schema.getFields()) {
                    object.set(
                            field.name(),
                            toJson(record.get(field.pos()), field.schema(), components.get(field.name())));
                }
                yield object;
            }
        };
    }

    static byte[] bytesOf(ByteBuffer datum) {
        ByteBuffer buffer = datum.duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Type elementType(Type collection) {
        if (collection instanceof ParameterizedType parameterized
                && Collection.class.isAssignableFrom((Class<?>) parameterized.getRawType())) {
            return parameterized.getActualTypeArguments()[0];
        }
        if (collection instanceof GenericArrayType array) {
            return array.getGenericComponentType();
        }
        return collection instanceof Class<?> type && type.isArray() ? type.getComponentType() : null;
    }

    private static Type mapValueType(Type map) {
        return map instanceof ParameterizedType parameterized
                        && Map.class.isAssignableFrom((Class<?>) parameterized.getRawType())
                ? parameterized.getActualTypeArguments()[1]
                : null;
    }

    /** The value types of a record class's components by name; empty when {@code target} is not a record. */
    private static Map<String, Type> componentTypes(Type target) {
        if (!(target instanceof Class<?> type) || !type.isRecord()) {
            return Map.of();
        }
        Map<String, Type> types = new HashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            types.put(component.getName(), OptionalComponents.valueType(component));
        }
        return types;
    }

    private static IllegalArgumentException mismatch(String pointer, String expected, JsonNode found) {
        return new IllegalArgumentException(
                where(pointer) + "expected " + expected + ", found " + found.getNodeType() + " " + abbreviated(found));
    }

    static String where(String pointer) {
        return (pointer.isEmpty() ? "/" : pointer) + ": ";
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
