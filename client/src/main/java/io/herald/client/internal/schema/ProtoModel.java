package io.herald.client.internal.schema;

import io.herald.client.internal.EventDescriptor;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The proto3 message an event record maps to: what {@code ProtobufSchemaGenerator} renders as {@code .proto} text and
 * what {@link ProtoCodec} writes and reads. Field numbers are the components' positions from 1, so a component added
 * at the end gets a new number and old data stays readable. Immutable.
 */
public final class ProtoModel {
    private ProtoModel() {}

    /** A proto3 scalar type. */
    public enum Scalar {
        BOOL("bool"),
        INT32("int32"),
        INT64("int64"),
        FLOAT("float"),
        DOUBLE("double"),
        STRING("string"),
        BYTES("bytes");

        private final String protoName;

        Scalar(String protoName) {
            this.protoName = protoName;
        }

        /** The type's name in a {@code .proto} file. */
        public String protoName() {
            return protoName;
        }
    }

    /** How many values a field holds. */
    public enum Cardinality {
        /** One value; proto3 implicit presence (a default value is not written). */
        SINGULAR,
        /** One value or none ({@code optional}): an {@code Optional} or {@code @Nullable} component. */
        OPTIONAL,
        /** A list ({@code repeated}). */
        REPEATED,
        /** A {@code map<string, V>}. */
        MAP
    }

    /** A field's value type. */
    public sealed interface FieldType permits ScalarType, EnumType, MessageType {}

    /** @param scalar the scalar */
    public record ScalarType(Scalar scalar) implements FieldType {}

    /**
     * A nested enum; values are numbered by the Java constants' ordinals.
     *
     * @param name the enum's name
     * @param symbols the Java constant names, in ordinal order
     */
    public record EnumType(String name, List<String> symbols) implements FieldType {}

    /**
     * A message.
     *
     * @param name its simple name
     * @param fields its fields, by number
     */
    public record MessageType(String name, List<Field> fields) implements FieldType {}

    /**
     * A message field.
     *
     * @param name the component's name
     * @param number its number, the component's position from 1
     * @param type the value type (for a map, the value's)
     * @param cardinality singular, optional, repeated or map
     */
    public record Field(String name, int number, FieldType type, Cardinality cardinality) {}

    /**
     * The root message of {@code eventClass}, named by the part of its event type after the last dot.
     *
     * @throws IllegalArgumentException if a component's type has no mapping (naming it), or a record contains itself
     */
    public static MessageType of(Class<?> eventClass) {
        String type = EventDescriptor.of(eventClass).type();
        return message(eventClass, type.substring(type.lastIndexOf('.') + 1), new HashSet<>());
    }

    /** The package of {@code eventClass}'s file: its event type before the last dot, or null. */
    public static String packageOf(Class<?> eventClass) {
        String type = EventDescriptor.of(eventClass).type();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? null : type.substring(0, dot);
    }

    private static MessageType message(Class<?> recordClass, String name, Set<Class<?>> enclosing) {
        if (!enclosing.add(recordClass)) {
            throw new IllegalArgumentException("record " + recordClass.getName() + " contains itself; the Protobuf"
                    + " generator does not write recursive messages");
        }
        List<Field> fields = new ArrayList<>();
        RecordComponent[] components = recordClass.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            try {
                fields.add(field(component, i + 1, enclosing));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "component " + component.getName() + " of " + recordClass.getName() + ": " + e.getMessage(), e);
            }
        }
        enclosing.remove(recordClass);
        return new MessageType(name, List.copyOf(fields));
    }

    private static Field field(RecordComponent component, int number, Set<Class<?>> enclosing) {
        Type type = OptionalComponents.valueType(component);
        if (OptionalComponents.isOptional(component)) {
            return new Field(component.getName(), number, single(type, enclosing), Cardinality.OPTIONAL);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return new Field(component.getName(), number, single(arguments[0], enclosing), Cardinality.REPEATED);
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (arguments[0] != String.class) {
                    throw new IllegalArgumentException("map keys must be String, were " + arguments[0].getTypeName());
                }
                return new Field(component.getName(), number, single(arguments[1], enclosing), Cardinality.MAP);
            }
        }
        if (type instanceof GenericArrayType array) {
            return new Field(
                    component.getName(),
                    number,
                    single(array.getGenericComponentType(), enclosing),
                    Cardinality.REPEATED);
        }
        if (type instanceof Class<?> c && c.isArray() && c != byte[].class) {
            return new Field(
                    component.getName(), number, single(c.getComponentType(), enclosing), Cardinality.REPEATED);
        }
        return new Field(component.getName(), number, single(type, enclosing), Cardinality.SINGULAR);
    }

    // a value that is not itself repeated: lists of lists and maps of lists have no proto3 field
    private static FieldType single(Type type, Set<Class<?>> enclosing) {
        if (!(type instanceof Class<?> c)) {
            throw new IllegalArgumentException("no Protobuf mapping for " + type.getTypeName()
                    + " (nested collections have none); publish this event with the JSON Schema or Avro codec");
        }
        if (c == boolean.class || c == Boolean.class) return new ScalarType(Scalar.BOOL);
        if (c == int.class
                || c == Integer.class
                || c == short.class
                || c == Short.class
                || c == byte.class
                || c == Byte.class) return new ScalarType(Scalar.INT32);
        if (c == long.class || c == Long.class) return new ScalarType(Scalar.INT64);
        if (c == float.class || c == Float.class) return new ScalarType(Scalar.FLOAT);
        if (c == double.class || c == Double.class) return new ScalarType(Scalar.DOUBLE);
        if (c == byte[].class) return new ScalarType(Scalar.BYTES);
        if (c == String.class
                || c == char.class
                || c == Character.class
                || c == UUID.class
                || c == URI.class
                || c == BigDecimal.class
                || c == BigInteger.class
                || Temporal.class.isAssignableFrom(c)
                || TemporalAmount.class.isAssignableFrom(c)) return new ScalarType(Scalar.STRING);
        if (c.isEnum()) {
            return new EnumType(
                    c.getSimpleName(),
                    Arrays.stream(c.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant).name())
                            .toList());
        }
        if (c.isRecord()) return message(c, c.getSimpleName(), enclosing);
        throw new IllegalArgumentException(
                "no Protobuf mapping for " + c.getName() + "; publish this event with the JSON Schema or Avro codec");
    }
}
