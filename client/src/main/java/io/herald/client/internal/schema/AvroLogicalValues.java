package io.herald.client.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Converts values of Avro's logical types between the event mapper's JSON tree and their Avro representation, so that
 * a schema the service gives (or a Confluent producer wrote with) may use them. Stateless.
 *
 * <p>In the tree a value has the form the mapper writes for the logical type's natural Java type: {@code Instant}
 * text (ISO-8601, an offset allowed) for {@code timestamp-millis/-micros/-nanos}, {@code LocalDateTime} text for
 * {@code local-timestamp-*}, {@code LocalDate} for {@code date}, {@code LocalTime} for {@code time-millis/-micros}, a
 * number for {@code decimal}, text for {@code uuid} (a string, or 16 bytes most significant first in a fixed). A
 * number is also taken for the time types, as the value in the schema's unit (a record component that is a {@code
 * long} of epoch milliseconds), and is given back as one when the component it is read into is a number. Finer time than the schema's unit is truncated, as Avro's own conversions
 * do; a decimal with more places than the schema's scale, or more digits than its precision, is refused. Other
 * logical types ({@code duration}, {@code big-decimal}) are left to their underlying Avro type.
 */
final class AvroLogicalValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> HANDLED = Set.of(
            "timestamp-millis",
            "timestamp-micros",
            "timestamp-nanos",
            "local-timestamp-millis",
            "local-timestamp-micros",
            "local-timestamp-nanos",
            "date",
            "time-millis",
            "time-micros",
            "decimal",
            "uuid");

    private AvroLogicalValues() {}

    /** Whether {@code schema} has a logical type converted here. */
    static boolean handles(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        return logical != null && HANDLED.contains(logical.getName());
    }

    /**
     * The Avro value of a present {@code node} under a schema that {@link #handles}.
     *
     * @throws IllegalArgumentException naming the pointer when the value does not fit
     */
    static Object toAvro(JsonNode node, Schema schema, String pointer) {
        LogicalType logical = schema.getLogicalType();
        String name = logical.getName();
        try {
            return switch (name) {
                case "timestamp-millis", "timestamp-micros", "timestamp-nanos" -> {
                    if (node.isIntegralNumber() && node.canConvertToLong()) yield node.longValue();
                    yield epoch(instant(node, pointer, name), unit(name));
                }
                case "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos" -> {
                    if (node.isIntegralNumber() && node.canConvertToLong()) yield node.longValue();
                    Instant asUtc = LocalDateTime.parse(text(node, pointer, name, "a LocalDateTime"))
                            .toInstant(ZoneOffset.UTC);
                    yield epoch(asUtc, unit(name));
                }
                case "date" -> {
                    if (node.isIntegralNumber() && node.canConvertToInt()) yield node.intValue();
                    yield Math.toIntExact(LocalDate.parse(text(node, pointer, name, "a LocalDate"))
                            .toEpochDay());
                }
                case "time-millis" -> {
                    if (node.isIntegralNumber() && node.canConvertToInt()) yield node.intValue();
                    yield (int) (LocalTime.parse(text(node, pointer, name, "a LocalTime"))
                                    .toNanoOfDay()
                            / 1_000_000);
                }
                case "time-micros" -> {
                    if (node.isIntegralNumber() && node.canConvertToLong()) yield node.longValue();
                    yield LocalTime.parse(text(node, pointer, name, "a LocalTime"))
                                    .toNanoOfDay()
                            / 1_000;
                }
                case "decimal" -> decimal(node, schema, (LogicalTypes.Decimal) logical, pointer);
                case "uuid" -> uuid(text(node, pointer, name, "a UUID"), schema, pointer);
                default -> throw new IllegalStateException("logical type " + name + " is not handled");
            };
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    AvroTrees.where(pointer) + "cannot be written as Avro " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tree value of {@code datum} read under a schema that {@link #handles}: a number when {@code target} (the
     * Java type it is read into, or null if unknown) is a number, else the natural type's form.
     */
    static JsonNode toJson(Object datum, Schema schema, Type target) {
        String name = schema.getLogicalType().getName();
        boolean numeric = isNumber(target);
        return switch (name) {
            case "timestamp-millis", "timestamp-micros", "timestamp-nanos" ->
                numeric
                        ? NODES.numberNode((Long) datum)
                        : NODES.textNode(instant((Long) datum, unit(name)).toString());
            case "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos" ->
                numeric
                        ? NODES.numberNode((Long) datum)
                        : NODES.textNode(LocalDateTime.ofInstant(instant((Long) datum, unit(name)), ZoneOffset.UTC)
                                .toString());
            case "date" ->
                numeric
                        ? NODES.numberNode((Integer) datum)
                        : NODES.textNode(LocalDate.ofEpochDay((Integer) datum).toString());
            case "time-millis" ->
                numeric
                        ? NODES.numberNode((Integer) datum)
                        : NODES.textNode(LocalTime.ofNanoOfDay((Integer) datum * 1_000_000L)
                                .toString());
            case "time-micros" ->
                numeric
                        ? NODES.numberNode((Long) datum)
                        : NODES.textNode(
                                LocalTime.ofNanoOfDay((Long) datum * 1_000L).toString());
            case "decimal" ->
                NODES.numberNode(new BigDecimal(
                        new BigInteger(bytes(datum)), ((LogicalTypes.Decimal) schema.getLogicalType()).getScale()));
            default ->
                NODES.textNode(datum instanceof GenericData.Fixed fixed ? uuid(fixed.bytes()) : datum.toString());
        };
    }

    /** A UUID's text as the schema holds it: the text itself, or its 16 bytes, most significant first (fixed). */
    private static Object uuid(String text, Schema schema, String pointer) {
        if (schema.getType() == Schema.Type.STRING) {
            return text;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(AvroTrees.where(pointer) + "\"" + text + "\" is not a UUID");
        }
        return new GenericData.Fixed(
                schema,
                ByteBuffer.allocate(16)
                        .putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits())
                        .array());
    }

    private static String uuid(byte[] sixteen) {
        ByteBuffer bytes = ByteBuffer.wrap(sixteen);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    private static Object decimal(JsonNode node, Schema schema, LogicalTypes.Decimal decimal, String pointer) {
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        AvroTrees.where(pointer) + "expected a decimal number, found \"" + node.asText() + "\"");
            }
        } else {
            throw new IllegalArgumentException(
                    AvroTrees.where(pointer) + "expected a decimal number, found " + node.getNodeType());
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(AvroTrees.where(pointer) + value.toPlainString() + " has more than "
                    + decimal.getScale() + " decimal places, the scale of its Avro decimal");
        }
        if (scaled.precision() > decimal.getPrecision()) {
            throw new IllegalArgumentException(AvroTrees.where(pointer) + value.toPlainString() + " has more than "
                    + decimal.getPrecision() + " digits, the precision of its Avro decimal");
        }
        byte[] unscaled = scaled.unscaledValue().toByteArray();
        if (schema.getType() == Schema.Type.BYTES) {
            return ByteBuffer.wrap(unscaled);
        }
        int size = schema.getFixedSize();
        if (unscaled.length > size) {
            throw new IllegalArgumentException(AvroTrees.where(pointer) + value.toPlainString() + " does not fit the "
                    + size + " bytes of its Avro decimal");
        }
        byte[] fixed = new byte[size];
        // two's complement, sign-extended to the fixed size
        Arrays.fill(fixed, 0, size - unscaled.length, (byte) (scaled.signum() < 0 ? 0xFF : 0));
        System.arraycopy(unscaled, 0, fixed, size - unscaled.length, unscaled.length);
        return new GenericData.Fixed(schema, fixed);
    }

    private static byte[] bytes(Object datum) {
        return datum instanceof GenericData.Fixed fixed ? fixed.bytes() : AvroTrees.bytesOf((ByteBuffer) datum);
    }

    /** Units per second of a time type's name ending. */
    private static long unit(String name) {
        if (name.endsWith("-millis")) return 1_000L;
        if (name.endsWith("-micros")) return 1_000_000L;
        return 1_000_000_000L;
    }

    private static long epoch(Instant instant, long perSecond) {
        long fraction = instant.getNano() / (1_000_000_000L / perSecond);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), perSecond), fraction);
    }

    private static Instant instant(long value, long perSecond) {
        long nanosPerUnit = 1_000_000_000L / perSecond;
        return Instant.ofEpochSecond(Math.floorDiv(value, perSecond), Math.floorMod(value, perSecond) * nanosPerUnit);
    }

    private static Instant instant(JsonNode node, String pointer, String name) {
        return Instant.parse(text(node, pointer, name, "an Instant"));
    }

    private static String text(JsonNode node, String pointer, String name, String what) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(AvroTrees.where(pointer) + "expected " + what + " for Avro " + name
                    + ", found " + node.getNodeType() + " " + node);
        }
        return node.asText();
    }

    private static boolean isNumber(Type target) {
        return target instanceof Class<?> type
                && (Number.class.isAssignableFrom(type)
                        || (type.isPrimitive() && type != boolean.class && type != char.class));
    }
}
