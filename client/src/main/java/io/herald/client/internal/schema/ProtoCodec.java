package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.client.internal.schema.ProtoModel.EnumType;
import io.herald.client.internal.schema.ProtoModel.Field;
import io.herald.client.internal.schema.ProtoModel.FieldType;
import io.herald.client.internal.schema.ProtoModel.MessageType;
import io.herald.client.internal.schema.ProtoModel.Scalar;
import io.herald.client.internal.schema.ProtoModel.ScalarType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * The proto3 binary encoding of the JSON tree of an event, guided by its {@link ProtoModel}: varints for integers,
 * booleans and enums (by ordinal), little-endian fixed32/fixed64 for float/double, length-delimited strings, bytes,
 * nested messages, packed repeated numbers, maps as repeated key/value entries. Singular fields holding their default
 * are left out (proto3 implicit presence); {@code optional} ones are written whenever present. Reading fills absent
 * fields with their defaults and skips unknown field numbers, which is how Protobuf data written by a newer or older
 * schema stays readable. Stateless.
 */
final class ProtoCodec {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LEN = 2;
    private static final int FIXED32 = 5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProtoCodec() {}

    /**
     * The binary encoding of {@code node} as {@code type}.
     *
     * @throws IllegalArgumentException naming the JSON pointer of a value that does not fit
     */
    static byte[] write(JsonNode node, MessageType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeMessage(node, type, "", out);
        return out.toByteArray();
    }

    /**
     * The JSON tree of a message of {@code type}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid encoding of it
     */
    static ObjectNode read(byte[] data, int from, MessageType type) {
        return readMessage(new Input(data, from, data.length), type);
    }

    private static void writeMessage(JsonNode node, MessageType type, String pointer, ByteArrayOutputStream out) {
        if (!node.isObject()) throw mismatch(pointer, "message " + type.name(), node);
        for (Field field : type.fields()) {
            JsonNode value = node.get(field.name());
            String at = pointer + "/" + field.name();
            boolean absent = value == null || value.isNull();
            switch (field.cardinality()) {
                case OPTIONAL -> {
                    if (!absent) writeField(field, value, at, out);
                }
                case SINGULAR -> {
                    if (!absent && !isDefault(field.type(), value)) writeField(field, value, at, out);
                }
                case REPEATED -> {
                    if (absent) continue;
                    if (!value.isArray()) throw mismatch(at, "array", value);
                    if (isPackable(field.type())) {
                        ByteArrayOutputStream packed = new ByteArrayOutputStream();
                        for (int i = 0; i < value.size(); i++)
                            writeValue(field.type(), value.get(i), at + "/" + i, packed);
                        if (packed.size() > 0) {
                            tag(field.number(), LEN, out);
                            delimited(packed.toByteArray(), out);
                        }
                    } else {
                        for (int i = 0; i < value.size(); i++) writeField(field, value.get(i), at + "/" + i, out);
                    }
                }
                case MAP -> {
                    if (absent) continue;
                    if (!value.isObject()) throw mismatch(at, "map (JSON object)", value);
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> entry = it.next();
                        ByteArrayOutputStream pair = new ByteArrayOutputStream();
                        tag(1, LEN, pair);
                        delimited(entry.getKey().getBytes(StandardCharsets.UTF_8), pair);
                        tag(2, wireType(field.type()), pair);
                        writeValue(field.type(), entry.getValue(), at + "/" + entry.getKey(), pair);
                        tag(field.number(), LEN, out);
                        delimited(pair.toByteArray(), out);
                    }
                }
            }
        }
    }

    private static void writeField(Field field, JsonNode value, String pointer, ByteArrayOutputStream out) {
        tag(field.number(), wireType(field.type()), out);
        writeValue(field.type(), value, pointer, out);
    }

    private static void writeValue(FieldType type, JsonNode value, String pointer, ByteArrayOutputStream out) {
        switch (type) {
            case MessageType message -> {
                ByteArrayOutputStream nested = new ByteArrayOutputStream();
                writeMessage(value, message, pointer, nested);
                delimited(nested.toByteArray(), out);
            }
            case EnumType enumType -> {
                int ordinal = value.isTextual() ? enumType.symbols().indexOf(value.asText()) : -1;
                if (ordinal < 0) throw mismatch(pointer, "one of " + enumType.symbols(), value);
                varint(ordinal, out);
            }
            case ScalarType scalar -> writeScalar(scalar.scalar(), value, pointer, out);
        }
    }

    private static void writeScalar(Scalar scalar, JsonNode value, String pointer, ByteArrayOutputStream out) {
        switch (scalar) {
            case BOOL -> {
                if (!value.isBoolean()) throw mismatch(pointer, "bool", value);
                varint(value.booleanValue() ? 1 : 0, out);
            }
            case INT32 -> {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) throw mismatch(pointer, "int32", value);
                varint(value.intValue(), out);
            }
            case INT64 -> {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) throw mismatch(pointer, "int64", value);
                varint(value.longValue(), out);
            }
            case FLOAT -> {
                if (!value.isNumber()) throw mismatch(pointer, "float", value);
                fixed(Float.floatToRawIntBits(value.floatValue()) & 0xffffffffL, 4, out);
            }
            case DOUBLE -> {
                if (!value.isNumber()) throw mismatch(pointer, "double", value);
                fixed(Double.doubleToRawLongBits(value.doubleValue()), 8, out);
            }
            case STRING -> {
                if (!value.isTextual() && !value.isNumber()) throw mismatch(pointer, "string", value);
                delimited(value.asText().getBytes(StandardCharsets.UTF_8), out);
            }
            case BYTES -> delimited(bytes(value, pointer), out);
        }
    }

    private static boolean isDefault(FieldType type, JsonNode value) {
        return switch (type) {
            case MessageType message -> false;
            case EnumType enumType ->
                value.isTextual() && value.asText().equals(enumType.symbols().getFirst());
            case ScalarType scalar ->
                switch (scalar.scalar()) {
                    case BOOL -> value.isBoolean() && !value.booleanValue();
                    case INT32, INT64 -> value.isIntegralNumber() && value.longValue() == 0;
                    // -0.0 is not the default: its bits differ
                    case FLOAT, DOUBLE -> value.isNumber() && Double.doubleToRawLongBits(value.doubleValue()) == 0;
                    case STRING -> value.isTextual() && value.asText().isEmpty();
                    case BYTES -> {
                        byte[] bytes = bytesOrNull(value);
                        yield bytes != null && bytes.length == 0;
                    }
                };
        };
    }

    private static boolean isPackable(FieldType type) {
        return type instanceof EnumType
                || (type instanceof ScalarType scalar
                        && scalar.scalar() != Scalar.STRING
                        && scalar.scalar() != Scalar.BYTES);
    }

    private static int wireType(FieldType type) {
        return switch (type) {
            case MessageType message -> LEN;
            case EnumType enumType -> VARINT;
            case ScalarType scalar ->
                switch (scalar.scalar()) {
                    case BOOL, INT32, INT64 -> VARINT;
                    case FLOAT -> FIXED32;
                    case DOUBLE -> FIXED64;
                    case STRING, BYTES -> LEN;
                };
        };
    }

    private static ObjectNode readMessage(Input in, MessageType type) {
        ObjectNode node = NODES.objectNode();
        for (Field field : type.fields()) {
            node.set(
                    field.name(),
                    switch (field.cardinality()) {
                        case REPEATED -> NODES.arrayNode();
                        case MAP -> NODES.objectNode();
                        case OPTIONAL -> NODES.nullNode();
                        case SINGULAR -> defaultValue(field.type());
                    });
        }
        while (in.position < in.end) {
            long key = in.varint();
            int number = (int) (key >>> 3);
            int wireType = (int) (key & 7);
            Field field = fieldNumbered(type, number);
            if (field == null) {
                in.skip(wireType);
                continue;
            }
            switch (field.cardinality()) {
                case REPEATED -> {
                    ArrayNode list = (ArrayNode) node.get(field.name());
                    if (wireType == LEN && isPackable(field.type())) {
                        Input packed = in.delimited();
                        while (packed.position < packed.end) list.add(readValue(packed, field.type()));
                    } else {
                        expect(field, wireType);
                        list.add(readValue(in, field.type()));
                    }
                }
                case MAP -> {
                    expect(field, wireType, LEN);
                    Input entry = in.delimited();
                    String mapKey = "";
                    JsonNode mapValue = defaultValue(field.type());
                    while (entry.position < entry.end) {
                        long entryKey = entry.varint();
                        if ((entryKey >>> 3) == 1) {
                            mapKey = new String(entry.delimited().bytes(), StandardCharsets.UTF_8);
                        } else if ((entryKey >>> 3) == 2) {
                            mapValue = readValue(entry, field.type());
                        } else {
                            entry.skip((int) (entryKey & 7));
                        }
                    }
                    ((ObjectNode) node.get(field.name())).set(mapKey, mapValue);
                }
                case OPTIONAL, SINGULAR -> {
                    expect(field, wireType);
                    node.set(field.name(), readValue(in, field.type()));
                }
            }
        }
        return node;
    }

    private static JsonNode readValue(Input in, FieldType type) {
        return switch (type) {
            case MessageType message -> readMessage(in.delimited(), message);
            case EnumType enumType -> {
                long ordinal = in.varint();
                if (ordinal < 0 || ordinal >= enumType.symbols().size()) {
                    throw new IllegalArgumentException("enum " + enumType.name() + " has no value numbered " + ordinal
                            + " in this service's record; add the constant (at the end) before reading it");
                }
                yield NODES.textNode(enumType.symbols().get((int) ordinal));
            }
            case ScalarType scalar ->
                switch (scalar.scalar()) {
                    case BOOL -> NODES.booleanNode(in.varint() != 0);
                    case INT32 -> NODES.numberNode((int) in.varint());
                    case INT64 -> NODES.numberNode(in.varint());
                    case FLOAT -> NODES.numberNode(Float.intBitsToFloat((int) in.fixed(4)));
                    case DOUBLE -> NODES.numberNode(Double.longBitsToDouble(in.fixed(8)));
                    case STRING -> NODES.textNode(new String(in.delimited().bytes(), StandardCharsets.UTF_8));
                    case BYTES -> NODES.binaryNode(in.delimited().bytes());
                };
        };
    }

    private static JsonNode defaultValue(FieldType type) {
        return switch (type) {
            case MessageType message -> NODES.nullNode();
            case EnumType enumType -> NODES.textNode(enumType.symbols().getFirst());
            case ScalarType scalar ->
                switch (scalar.scalar()) {
                    case BOOL -> NODES.booleanNode(false);
                    case INT32 -> NODES.numberNode(0);
                    case INT64 -> NODES.numberNode(0L);
                    case FLOAT -> NODES.numberNode(0f);
                    case DOUBLE -> NODES.numberNode(0d);
                    case STRING -> NODES.textNode("");
                    case BYTES -> NODES.binaryNode(new byte[0]);
                };
        };
    }

    private static Field fieldNumbered(MessageType type, int number) {
        // numbers are positions from 1
        return number >= 1 && number <= type.fields().size() ? type.fields().get(number - 1) : null;
    }

    private static void expect(Field field, int wireType) {
        expect(field, wireType, wireType(field.type()));
    }

    private static void expect(Field field, int wireType, int expected) {
        if (wireType != expected) {
            throw new IllegalArgumentException("field " + field.name() + " (" + field.number() + ") arrived with wire"
                    + " type " + wireType + ", its type needs " + expected + "; was its type changed?");
        }
    }

    private static byte[] bytes(JsonNode value, String pointer) {
        byte[] bytes = bytesOrNull(value);
        if (bytes == null) throw mismatch(pointer, "bytes (base64 string)", value);
        return bytes;
    }

    private static byte[] bytesOrNull(JsonNode value) {
        try {
            if (value.isBinary()) return value.binaryValue();
            if (value.isTextual()) return Base64.getDecoder().decode(value.asText());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static void tag(int number, int wireType, ByteArrayOutputStream out) {
        varint(((long) number << 3) | wireType, out);
    }

    private static void varint(long value, ByteArrayOutputStream out) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static void fixed(long bits, int bytes, ByteArrayOutputStream out) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (bits >>> (8 * i)) & 0xff);
        }
    }

    private static void delimited(byte[] bytes, ByteArrayOutputStream out) {
        varint(bytes.length, out);
        out.writeBytes(bytes);
    }

    private static IllegalArgumentException mismatch(String pointer, String expected, JsonNode found) {
        String text = found.toString();
        return new IllegalArgumentException((pointer.isEmpty() ? "/" : pointer) + ": expected " + expected + ", found "
                + found.getNodeType() + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text));
    }

    /** A cursor over bytes {@code [position, end)}. */
    private static final class Input {
        private final byte[] data;
        private int position;
        private final int end;

        Input(byte[] data, int position, int end) {
            this.data = data;
            this.position = position;
            this.end = end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new IllegalArgumentException("a varint at byte " + position + " is longer than 10 bytes");
        }

        long fixed(int bytes) {
            long value = 0;
            for (int i = 0; i < bytes; i++) value |= (long) (next() & 0xff) << (8 * i);
            return value;
        }

        Input delimited() {
            long length = varint();
            if (length < 0 || length > end - position) {
                throw new IllegalArgumentException(
                        "a length of " + length + " at byte " + position + " runs past the message's end");
            }
            Input inner = new Input(data, position, position + (int) length);
            position += (int) length;
            return inner;
        }

        byte[] bytes() {
            byte[] bytes = new byte[end - position];
            System.arraycopy(data, position, bytes, 0, bytes.length);
            position = end;
            return bytes;
        }

        void skip(int wireType) {
            switch (wireType) {
                case VARINT -> varint();
                case FIXED64 -> fixed(8);
                case LEN -> delimited();
                case FIXED32 -> fixed(4);
                default ->
                    throw new IllegalArgumentException(
                            "unsupported wire type " + wireType + " at byte " + position + " (groups are not read)");
            }
        }

        private byte next() {
            if (position >= end) {
                throw new IllegalArgumentException("the message ends at byte " + end + " in the middle of a value");
            }
            return data[position++];
        }
    }
}
