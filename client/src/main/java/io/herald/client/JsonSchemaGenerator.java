package io.herald.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.client.internal.EventDescriptor;
import io.herald.client.internal.schema.OptionalComponents;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Generates the JSON Schema (draft 7) of an event record from its components, describing the JSON that
 * {@link EventCodec#defaultMapper()} writes. Stateless.
 *
 * <p>The mapping:
 *
 * <ul>
 *   <li>the root is an object titled with the event type ({@link EventType} or the simple name: the record name of
 *       {@link SubjectNameStrategy#RECORD_NAME}), with {@code additionalProperties: false} (a closed content model, so
 *       adding an optional component later is a BACKWARD-compatible change for the registry);
 *   <li>{@code String}, {@code char}, {@code UUID} ({@code format: uuid}), {@code URI} ({@code format: uri}), enums
 *       ({@code enum} of the constant names): {@code string};
 *   <li>{@code byte short int long} and their boxes, {@code BigInteger}: {@code integer}; {@code float double},
 *       {@code BigDecimal}: {@code number}; {@code boolean}: {@code boolean};
 *   <li>{@code Instant OffsetDateTime ZonedDateTime}: {@code string} with {@code format: date-time};
 *       {@code LocalDate}: {@code date}; {@code LocalTime}: {@code time}; {@code Duration}: {@code duration};
 *       {@code LocalDateTime}: {@code string} (no offset, so no standard format);
 *   <li>{@code byte[]}: {@code string} (base64); other arrays and {@code Collection}s: {@code array} of the element's
 *       schema; {@code Map<String, V>}: {@code object} with {@code additionalProperties} of V's schema;
 *   <li>a nested record: its own closed object schema, inline (a record that contains itself is refused);
 *   <li><b>required</b>: every component except {@code Optional} ({@code OptionalInt}...) ones and those annotated
 *       with any annotation named {@code Nullable} (JSpecify, Jakarta, JSR-305...); those are not required and also
 *       accept {@code null} ({@code type: [T, "null"]}), since the mapper writes an absent value as {@code null}.
 * </ul>
 *
 * Any other type is refused with the component's name; give that event's schema yourself ({@link EventSchemas}).
 */
public final class JsonSchemaGenerator {
    /** The draft the generated schemas declare in {@code $schema}. */
    public static final String DRAFT_7 = "http://json-schema.org/draft-07/schema#";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemaGenerator() {}

    /**
     * The JSON Schema of {@code eventClass}.
     *
     * @throws IllegalArgumentException if it is not a record, or a component's type has no mapping, naming the
     *     component and its type
     */
    public static ObjectNode schemaOf(Class<?> eventClass) {
        EventDescriptor descriptor = EventDescriptor.of(eventClass);
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", DRAFT_7);
        schema.put("title", descriptor.type());
        schema.setAll(recordSchema(eventClass, new HashSet<>()));
        return schema;
    }

    /** {@link #schemaOf} as compact JSON text, as it is registered. */
    public static String schemaTextOf(Class<?> eventClass) {
        return schemaOf(eventClass).toString();
    }

    private static ObjectNode recordSchema(Class<?> recordClass, Set<Class<?>> enclosing) {
        if (!enclosing.add(recordClass)) {
            throw new IllegalArgumentException("record " + recordClass.getName()
                    + " contains itself; the generator cannot write a recursive schema, give it with EventSchemas");
        }
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.createArrayNode();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            boolean optional = OptionalComponents.isOptional(component);
            Type valueType = OptionalComponents.valueType(component);
            ObjectNode property;
            try {
                property = typeSchema(valueType, enclosing);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "component " + component.getName() + " of " + recordClass.getName() + ": " + e.getMessage(), e);
            }
            if (optional) {
                allowNull(property);
            } else {
                required.add(component.getName());
            }
            properties.set(component.getName(), property);
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        enclosing.remove(recordClass);
        return schema;
    }

    private static ObjectNode typeSchema(Type type, Set<Class<?>> enclosing) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.createObjectNode().put("type", "array");
                array.set("items", typeSchema(arguments[0], enclosing));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (arguments[0] != String.class) {
                    throw new IllegalArgumentException(
                            "a Map's keys must be String to be a JSON object, were " + arguments[0].getTypeName());
                }
                ObjectNode map = JSON.createObjectNode().put("type", "object");
                map.set("additionalProperties", typeSchema(arguments[1], enclosing));
                return map;
            }
            throw new IllegalArgumentException("no JSON Schema mapping for " + type.getTypeName()
                    + "; give this event's schema with EventSchemas");
        }
        if (type instanceof GenericArrayType array) {
            ObjectNode schema = JSON.createObjectNode().put("type", "array");
            schema.set("items", typeSchema(array.getGenericComponentType(), enclosing));
            return schema;
        }
        if (!(type instanceof Class<?> type1)) {
            throw new IllegalArgumentException("no JSON Schema mapping for " + type.getTypeName()
                    + "; give this event's schema with EventSchemas");
        }
        return classSchema(type1, enclosing);
    }

    private static ObjectNode classSchema(Class<?> type, Set<Class<?>> enclosing) {
        ObjectNode schema = JSON.createObjectNode();
        if (type == String.class || type == char.class || type == Character.class) {
            return schema.put("type", "string");
        }
        if (type == UUID.class) {
            return schema.put("type", "string").put("format", "uuid");
        }
        if (type == URI.class) {
            return schema.put("type", "string").put("format", "uri");
        }
        if (type == boolean.class || type == Boolean.class) {
            return schema.put("type", "boolean");
        }
        if (type == byte.class
                || type == Byte.class
                || type == short.class
                || type == Short.class
                || type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == BigInteger.class) {
            return schema.put("type", "integer");
        }
        if (type == float.class
                || type == Float.class
                || type == double.class
                || type == Double.class
                || type == BigDecimal.class) {
            return schema.put("type", "number");
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return schema.put("type", "string").put("format", "date-time");
        }
        if (type == LocalDate.class) {
            return schema.put("type", "string").put("format", "date");
        }
        if (type == LocalTime.class) {
            return schema.put("type", "string").put("format", "time");
        }
        if (type == Duration.class) {
            return schema.put("type", "string").put("format", "duration");
        }
        if (type == LocalDateTime.class) {
            return schema.put("type", "string");
        }
        if (type == byte[].class) {
            return schema.put("type", "string").put("contentEncoding", "base64");
        }
        if (type.isArray()) {
            schema.put("type", "array");
            schema.set("items", classSchema(type.getComponentType(), enclosing));
            return schema;
        }
        if (type.isEnum()) {
            schema.put("type", "string");
            ArrayNode names = schema.putArray("enum");
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return schema;
        }
        if (type.isRecord()) {
            return recordSchema(type, enclosing);
        }
        throw new IllegalArgumentException(
                "no JSON Schema mapping for " + type.getName() + "; give this event's schema with EventSchemas");
    }

    // the mapper writes an absent value as null, so an optional property accepts it
    private static void allowNull(ObjectNode property) {
        String type = property.path("type").asText();
        ArrayNode types = property.putArray("type");
        types.add(type).add("null");
        if (property.has("enum")) {
            ((ArrayNode) property.get("enum")).addNull();
        }
    }
}
