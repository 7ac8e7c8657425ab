package io.herald.client;

import io.herald.client.internal.schema.ProtoModel;
import io.herald.client.internal.schema.ProtoModel.EnumType;
import io.herald.client.internal.schema.ProtoModel.Field;
import io.herald.client.internal.schema.ProtoModel.FieldType;
import io.herald.client.internal.schema.ProtoModel.MessageType;
import io.herald.client.internal.schema.ProtoModel.ScalarType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Generates the proto3 schema ({@code .proto} text) of an event record, which {@link EventCodec#protobuf} writes and
 * registers. Stateless.
 *
 * <p>The mapping: the record is the file's first message (message index {@code [0]} in the wire format), named by the
 * event type after its last dot; the part before is the {@code package}. Field numbers are the components' positions
 * from 1: add components at the end, never reorder or remove them. {@code boolean}: {@code bool}; {@code byte short
 * int}: {@code int32}; {@code long}: {@code int64}; {@code float}, {@code double}; {@code byte[]}: {@code bytes};
 * {@code String}, {@code char}, {@code UUID}, {@code URI}, {@code BigDecimal}, {@code BigInteger} and the {@code
 * java.time} types: {@code string} (ISO-8601 for time, as the JSON mapper writes them); enums: an {@code enum} whose
 * values are {@code <ENUM>_<CONSTANT>} numbered by ordinal (add constants at the end); nested records: messages of the
 * file named by their simple name; {@code Collection}s and arrays: {@code repeated}; {@code Map<String, V>}: {@code
 * map<string, V>}; {@code Optional} and {@code @Nullable} components: {@code optional}. Collections of collections,
 * recursive records and other types are refused naming the component.
 */
public final class ProtobufSchemaGenerator {
    private ProtobufSchemaGenerator() {}

    /**
     * The {@code .proto} text of {@code eventClass}.
     *
     * @throws IllegalArgumentException if a component has no mapping or two records share a simple name
     */
    public static String schemaTextOf(Class<?> eventClass) {
        MessageType root = ProtoModel.of(eventClass);
        Map<String, FieldType> definitions = new LinkedHashMap<>();
        collect(root, definitions);
        StringBuilder text = new StringBuilder("syntax = \"proto3\";\n");
        String protoPackage = ProtoModel.packageOf(eventClass);
        if (protoPackage != null) {
            text.append("package ").append(protoPackage).append(";\n");
        }
        for (FieldType definition : definitions.values()) {
            text.append('\n');
            switch (definition) {
                case MessageType message -> renderMessage(message, text);
                case EnumType enumType -> renderEnum(enumType, text);
                case ScalarType scalar -> throw new IllegalStateException("a scalar is not a definition: " + scalar);
            }
        }
        return text.toString();
    }

    private static void collect(FieldType type, Map<String, FieldType> definitions) {
        String name = switch (type) {
            case MessageType message -> message.name();
            case EnumType enumType -> enumType.name();
            case ScalarType scalar -> null;
        };
        if (name == null) {
            return;
        }
        FieldType known = definitions.putIfAbsent(name, type);
        if (known != null && !known.equals(type)) {
            throw new IllegalArgumentException("two different types are named " + name
                    + " in one event; the Protobuf generator puts them in one file, rename one");
        }
        if (known == null && type instanceof MessageType message) {
            for (Field field : message.fields()) {
                collect(field.type(), definitions);
            }
        }
    }

    private static void renderMessage(MessageType message, StringBuilder text) {
        text.append("message ").append(message.name()).append(" {\n");
        for (Field field : message.fields()) {
            text.append("  ");
            String type = typeName(field.type());
            switch (field.cardinality()) {
                case SINGULAR -> text.append(type);
                case OPTIONAL -> text.append("optional ").append(type);
                case REPEATED -> text.append("repeated ").append(type);
                case MAP -> text.append("map<string, ").append(type).append('>');
            }
            text.append(' ')
                    .append(field.name())
                    .append(" = ")
                    .append(field.number())
                    .append(";\n");
        }
        text.append("}\n");
    }

    private static void renderEnum(EnumType enumType, StringBuilder text) {
        text.append("enum ").append(enumType.name()).append(" {\n");
        for (int i = 0; i < enumType.symbols().size(); i++) {
            text.append("  ")
                    .append(enumValueName(enumType, i))
                    .append(" = ")
                    .append(i)
                    .append(";\n");
        }
        text.append("}\n");
    }

    // enum values are scoped by the file, not by their enum: prefixed so two enums may share a constant name
    private static String enumValueName(EnumType enumType, int ordinal) {
        return enumType.name().toUpperCase(Locale.ROOT) + "_"
                + enumType.symbols().get(ordinal);
    }

    private static String typeName(FieldType type) {
        return switch (type) {
            case ScalarType scalar -> scalar.scalar().protoName();
            case EnumType enumType -> enumType.name();
            case MessageType message -> message.name();
        };
    }
}
