package io.herald.client;

import io.herald.client.internal.EventDescriptor;
import io.herald.client.internal.schema.OptionalComponents;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * Generates the Avro schema of an event record from its components, describing the data {@link EventCodec#avro}
 * writes (the JSON tree of {@link EventCodec#defaultMapper()}, in Avro's types). Stateless.
 *
 * <p>The mapping:
 *
 * <ul>
 *   <li>the root is a record whose full name is the event type ({@link EventType} or the simple name; dots separate
 *       the namespace): the record name of {@link SubjectNameStrategy#RECORD_NAME}; nested records are named by their
 *       simple class name, and a record used twice is defined once;
 *   <li>{@code boolean}, {@code int} (and {@code byte short}), {@code long}, {@code float}, {@code double}: the same
 *       Avro primitives; {@code byte[]}: {@code bytes}; enums: an Avro {@code enum} of the constant names;
 *   <li>{@code String}, {@code char}, {@code UUID}, {@code URI}, {@code BigDecimal}, {@code BigInteger} and the
 *       {@code java.time} types: {@code string}, as the mapper writes them (ISO-8601 for time; no Avro logical types,
 *       which would drop an {@code Instant}'s nanoseconds or need a scale the record does not declare; a schema given
 *       in {@link EventSchemas} may use them);
 *   <li>arrays and {@code Collection}s: {@code array}; {@code Map<String, V>}: {@code map};
 *   <li>{@code Optional} components and those annotated with any {@code @Nullable}: {@code ["null", T]} with default
 *       {@code null} (so adding one later is a BACKWARD-compatible change); every other component is required.
 * </ul>
 *
 * Any other type is refused with the component's name; give that event's schema yourself ({@link EventSchemas}).
 */
public final class AvroSchemaGenerator {
    private AvroSchemaGenerator() {}

    /**
     * The Avro schema of {@code eventClass}.
     *
     * @throws IllegalArgumentException if it is not a record, its type is not a valid Avro name, or a component's type
     *     has no mapping, naming the component and its type
     */
    public static Schema schemaOf(Class<?> eventClass) {
        EventDescriptor descriptor = EventDescriptor.of(eventClass);
        return recordSchema(eventClass, descriptor.type(), new HashMap<>());
    }

    /** {@link #schemaOf} as JSON text, as it is registered. */
    public static String schemaTextOf(Class<?> eventClass) {
        return schemaOf(eventClass).toString();
    }

    private static Schema recordSchema(Class<?> recordClass, String fullName, Map<Class<?>, Schema> defined) {
        Schema known = defined.get(recordClass);
        if (known != null) {
            return known;
        }
        int dot = fullName.lastIndexOf('.');
        Schema record;
        try {
            record = Schema.createRecord(
                    fullName.substring(dot + 1), null, dot < 0 ? null : fullName.substring(0, dot), false);
        } catch (org.apache.avro.SchemaParseException e) {
            throw new IllegalArgumentException("event type " + fullName + " of " + recordClass.getName()
                    + " is not a valid Avro record name (letters, digits, _; dots for the namespace): "
                    + e.getMessage());
        }
        defined.put(recordClass, record);
        List<Schema.Field> fields = new ArrayList<>();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            boolean optional = OptionalComponents.isOptional(component);
            Type valueType = OptionalComponents.valueType(component);
            Schema type;
            try {
                type = typeSchema(valueType, defined);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "component " + component.getName() + " of " + recordClass.getName() + ": " + e.getMessage(), e);
            }
            fields.add(
                    optional
                            ? new Schema.Field(
                                    component.getName(),
                                    Schema.createUnion(Schema.create(Schema.Type.NULL), type),
                                    null,
                                    JsonProperties.NULL_VALUE)
                            : new Schema.Field(component.getName(), type));
        }
        record.setFields(fields);
        return record;
    }

    private static Schema typeSchema(Type type, Map<Class<?>, Schema> defined) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return Schema.createArray(typeSchema(arguments[0], defined));
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (arguments[0] != String.class) {
                    throw new IllegalArgumentException(
                            "an Avro map's keys are strings, this Map's are " + arguments[0].getTypeName());
                }
                return Schema.createMap(typeSchema(arguments[1], defined));
            }
            throw new IllegalArgumentException(
                    "no Avro mapping for " + type.getTypeName() + "; give this event's schema with EventSchemas");
        }
        if (type instanceof GenericArrayType array) {
            return Schema.createArray(typeSchema(array.getGenericComponentType(), defined));
        }
        if (!(type instanceof Class<?> type1)) {
            throw new IllegalArgumentException(
                    "no Avro mapping for " + type.getTypeName() + "; give this event's schema with EventSchemas");
        }
        return classSchema(type1, defined);
    }

    private static Schema classSchema(Class<?> type, Map<Class<?>, Schema> defined) {
        if (type == boolean.class || type == Boolean.class) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (type == int.class
                || type == Integer.class
                || type == short.class
                || type == Short.class
                || type == byte.class
                || type == Byte.class) {
            return Schema.create(Schema.Type.INT);
        }
        if (type == long.class || type == Long.class) {
            return Schema.create(Schema.Type.LONG);
        }
        if (type == float.class || type == Float.class) {
            return Schema.create(Schema.Type.FLOAT);
        }
        if (type == double.class || type == Double.class) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (type == byte[].class) {
            return Schema.create(Schema.Type.BYTES);
        }
        if (type == String.class
                || type == char.class
                || type == Character.class
                || type == UUID.class
                || type == URI.class
                || type == BigDecimal.class
                || type == BigInteger.class
                || Temporal.class.isAssignableFrom(type)
                || TemporalAmount.class.isAssignableFrom(type)) {
            return Schema.create(Schema.Type.STRING);
        }
        if (type.isArray()) {
            return Schema.createArray(classSchema(type.getComponentType(), defined));
        }
        if (type.isEnum()) {
            List<String> symbols = Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name())
                    .toList();
            return Schema.createEnum(type.getSimpleName(), null, null, symbols);
        }
        if (type.isRecord()) {
            return recordSchema(type, type.getSimpleName(), defined);
        }
        throw new IllegalArgumentException(
                "no Avro mapping for " + type.getName() + "; give this event's schema with EventSchemas");
    }
}
