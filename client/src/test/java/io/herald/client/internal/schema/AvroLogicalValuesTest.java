package io.herald.client.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.herald.client.EventCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Avro logical types in given schemas, checked against Apache Avro's own conversions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AvroLogicalValuesTest {
    static final ObjectMapper MAPPER = EventCodec.defaultMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Shipment(
            Instant at,
            Instant atMillis,
            LocalDate day,
            LocalTime time,
            LocalDateTime local,
            BigDecimal price,
            UUID id,
            Optional<Instant> deliveredAt,
            List<LocalDate> holidays,
            long sentMillis) {}

    static final Schema SHIPMENT = new Schema.Parser().parse("""
            {"type":"record","name":"Shipment","fields":[
              {"name":"at","type":{"type":"long","logicalType":"timestamp-nanos"}},
              {"name":"atMillis","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"time","type":{"type":"long","logicalType":"time-micros"}},
              {"name":"local","type":{"type":"long","logicalType":"local-timestamp-micros"}},
              {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"deliveredAt","type":["null",{"type":"long","logicalType":"timestamp-micros"}],"default":null},
              {"name":"holidays","type":{"type":"array","items":{"type":"int","logicalType":"date"}}},
              {"name":"sentMillis","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");

    @Property(tries = 200)
    void aRecordWithLogicalTypesSurvivesAvroBinaryAtEachTypesPrecision(
            @ForAll @LongRange(min = -6_000_000_000L, max = 6_000_000_000L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
            @ForAll @LongRange(min = -9_999_999_999L, max = 9_999_999_999L) long cents,
            @ForAll boolean delivered)
            throws IOException {
        Instant at = Instant.ofEpochSecond(epochSecond, nanos);
        Shipment event = new Shipment(
                at,
                at.truncatedTo(ChronoUnit.MILLIS),
                LocalDate.ofEpochDay(epochSecond / 86_400),
                LocalTime.ofNanoOfDay(Math.floorMod(epochSecond, 86_400L) * 1_000_000_000L)
                        .plusNanos(nanos / 1000 * 1000L),
                LocalDateTime.ofEpochSecond(epochSecond, nanos / 1000 * 1000, ZoneOffset.UTC),
                BigDecimal.valueOf(cents, 2),
                new UUID(epochSecond, cents),
                delivered ? Optional.of(at.truncatedTo(ChronoUnit.MICROS)) : Optional.empty(),
                List.of(LocalDate.ofEpochDay(nanos % 40_000)),
                at.toEpochMilli());

        Object datum = AvroTrees.toAvro(MAPPER.valueToTree(event), SHIPMENT, "");
        JsonNode back = AvroTrees.toJson(
                AvroBinary.read(SHIPMENT, AvroBinary.write(SHIPMENT, datum)), SHIPMENT, Shipment.class);

        assertThat(MAPPER.treeToValue(back, Shipment.class)).isEqualTo(event);
    }

    @Property(tries = 300)
    void timesAreWrittenAsApacheAvrosOwnConversionsWriteThem(
            @ForAll @LongRange(min = -6_000_000_000L, max = 6_000_000_000L) long epochSecond,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
        LocalDateTime local = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        LocalDate date = local.toLocalDate();
        LocalTime time = local.toLocalTime();

        assertThat(write("timestamp-millis", instant))
                .isEqualTo(new TimeConversions.TimestampMillisConversion().toLong(instant, null, null));
        assertThat(write("timestamp-micros", instant))
                .isEqualTo(new TimeConversions.TimestampMicrosConversion().toLong(instant, null, null));
        assertThat(write("timestamp-nanos", instant))
                .isEqualTo(new TimeConversions.TimestampNanosConversion().toLong(instant, null, null));
        assertThat(write("local-timestamp-millis", local))
                .isEqualTo(new TimeConversions.LocalTimestampMillisConversion().toLong(local, null, null));
        assertThat(write("local-timestamp-micros", local))
                .isEqualTo(new TimeConversions.LocalTimestampMicrosConversion().toLong(local, null, null));
        assertThat(write("local-timestamp-nanos", local))
                .isEqualTo(new TimeConversions.LocalTimestampNanosConversion().toLong(local, null, null));
        assertThat(write("date", date)).isEqualTo(new TimeConversions.DateConversion().toInt(date, null, null));
        assertThat(write("time-millis", time))
                .isEqualTo(new TimeConversions.TimeMillisConversion().toInt(time, null, null));
        assertThat(write("time-micros", time))
                .isEqualTo(new TimeConversions.TimeMicrosConversion().toLong(time, null, null));
    }

    @Property(tries = 300)
    void decimalsAreWrittenAsApacheAvrosDecimalConversionWritesThem(
            @ForAll @LongRange(min = -999_999_999_999L, max = 999_999_999_999L) long unscaled) {
        BigDecimal value = BigDecimal.valueOf(unscaled, 4);
        Schema bytes = decimal(Schema.create(Schema.Type.BYTES));
        Schema fixed = decimal(Schema.createFixed("Amount", null, null, 8));
        Conversions.DecimalConversion avro = new Conversions.DecimalConversion();

        assertThat(AvroTrees.toAvro(NODES.numberNode(value), bytes, ""))
                .isEqualTo(avro.toBytes(value, bytes, bytes.getLogicalType()));
        assertThat(((GenericData.Fixed) AvroTrees.toAvro(NODES.numberNode(value), fixed, "")).bytes())
                .isEqualTo(avro.toFixed(value, fixed, fixed.getLogicalType()).bytes());
        assertThat(AvroTrees.toJson(avro.toBytes(value, bytes, bytes.getLogicalType()), bytes, BigDecimal.class)
                        .decimalValue())
                .isEqualTo(value);
    }

    @Property(tries = 100)
    void aUuidInAFixedIsWrittenAsApacheAvrosUuidConversionWritesIt(@ForAll long high, @ForAll long low) {
        UUID uuid = new UUID(high, low);
        Schema fixed = LogicalTypes.uuid().addToSchema(Schema.createFixed("Id", null, null, 16));
        Conversions.UUIDConversion avro = new Conversions.UUIDConversion();

        Object written = AvroTrees.toAvro(NODES.textNode(uuid.toString()), fixed, "");

        assertThat(((GenericData.Fixed) written).bytes())
                .isEqualTo(avro.toFixed(uuid, fixed, fixed.getLogicalType()).bytes());
        assertThat(AvroTrees.toJson(written, fixed, UUID.class).asText()).isEqualTo(uuid.toString());
        assertThatThrownBy(() -> AvroTrees.toAvro(NODES.textNode("not-a-uuid"), fixed, "/id"))
                .hasMessage("/id: \"not-a-uuid\" is not a UUID");
    }

    @Test
    void aNumberIsTheValueInTheSchemasUnitAndIsReadBackAsOneIntoANumber() {
        Schema millis = logical("timestamp-millis", Schema.Type.LONG);

        assertThat(AvroTrees.toAvro(NODES.numberNode(1_796_000_000_123L), millis, ""))
                .isEqualTo(1_796_000_000_123L);
        assertThat(AvroTrees.toJson(1_796_000_000_123L, millis, long.class))
                .isEqualTo(NODES.numberNode(1_796_000_000_123L));
        assertThat(AvroTrees.toJson(1_796_000_000_123L, millis, Instant.class).asText())
                .isEqualTo("2026-11-30T00:53:20.123Z");
        assertThat(AvroTrees.toJson(1_796_000_000_123L, millis, null).asText()).isEqualTo("2026-11-30T00:53:20.123Z");
    }

    @Test
    void anOffsetOrZonedTimeIsWrittenAsItsInstant() {
        OffsetDateTime offset = OffsetDateTime.parse("2026-11-30T10:15:30.123+02:00");
        ZonedDateTime zoned = ZonedDateTime.parse("2026-11-30T10:15:30.123+01:00[Europe/Paris]");

        assertThat(write("timestamp-millis", offset))
                .isEqualTo(offset.toInstant().toEpochMilli());
        assertThat(write("timestamp-millis", zoned)).isEqualTo(zoned.toInstant().toEpochMilli());
    }

    @Test
    void aDecimalWithMorePlacesOrDigitsThanTheSchemaAllowsIsRefused() {
        Schema price = new Schema.Parser()
                .parse("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":5,\"scale\":2}");

        assertThatThrownBy(() -> AvroTrees.toAvro(NODES.numberNode(new BigDecimal("1.005")), price, "/price"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/price: 1.005 has more than 2 decimal places, the scale of its Avro decimal");
        assertThatThrownBy(() -> AvroTrees.toAvro(NODES.numberNode(new BigDecimal("1234.5")), price, "/price"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/price: 1234.5 has more than 5 digits, the precision of its Avro decimal");
        assertThat(AvroTrees.toAvro(NODES.numberNode(new BigDecimal("123.4")), price, "/price"))
                .isEqualTo(
                        ByteBuffer.wrap(new BigDecimal("123.40").unscaledValue().toByteArray()));
    }

    @Test
    void textThatIsNotATimeIsRefusedWithItsPointer() {
        Schema millis = logical("timestamp-millis", Schema.Type.LONG);

        assertThatThrownBy(() -> AvroTrees.toAvro(NODES.textNode("yesterday"), millis, "/at"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/at: cannot be written as Avro timestamp-millis: Text 'yesterday'");
        assertThatThrownBy(() -> AvroTrees.toAvro(NODES.booleanNode(true), millis, "/at"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/at: expected an Instant for Avro timestamp-millis, found BOOLEAN true");
    }

    private static Object write(String logicalType, Object value) {
        Schema.Type base =
                logicalType.equals("date") || logicalType.equals("time-millis") ? Schema.Type.INT : Schema.Type.LONG;
        return AvroTrees.toAvro(MAPPER.valueToTree(value), logical(logicalType, base), "");
    }

    private static Schema logical(String logicalType, Schema.Type base) {
        return new Schema.Parser()
                .parse("{\"type\":\"" + base.getName() + "\",\"logicalType\":\"" + logicalType + "\"}");
    }

    private static Schema decimal(Schema base) {
        LogicalType decimal = LogicalTypes.decimal(18, 4);
        return decimal.addToSchema(base);
    }
}
