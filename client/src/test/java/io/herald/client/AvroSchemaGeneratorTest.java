package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AvroSchemaGeneratorTest {
    enum Status {
        OPEN,
        CLOSED
    }

    record Line(String sku, int quantity) {}

    @EventType("shop.OrderPlaced")
    record OrderPlaced(String orderId, long amountCents, Instant at, Status status, List<Line> lines, Line first) {}

    @EventType("Reading")
    record ReadingV1(String sensor, double value) {}

    @EventType("Reading")
    record ReadingV2(String sensor, double value, Optional<String> unit) {}

    @EventType("order-placed")
    record BadName(String id) {}

    @Test
    void theRootRecordIsNamedByTheEventTypeWithItsNamespace() {
        Schema schema = AvroSchemaGenerator.schemaOf(OrderPlaced.class);

        assertThat(schema.getFullName()).isEqualTo("shop.OrderPlaced");
        assertThat(schema.getField("amountCents").schema().getType()).isEqualTo(Schema.Type.LONG);
        assertThat(schema.getField("at").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.getField("status").schema().getEnumSymbols()).containsExactly("OPEN", "CLOSED");
        assertThat(schema.getField("lines").schema().getElementType().getName()).isEqualTo("Line");
    }

    @Test
    void aRecordUsedTwiceIsDefinedOnce() {
        String text = AvroSchemaGenerator.schemaTextOf(OrderPlaced.class);

        assertThat(new Schema.Parser().parse(text).getField("first").schema().getName())
                .isEqualTo("Line");
        assertThat(text.split("\"name\":\"Line\"", -1)).hasSize(2);
    }

    @Test
    void anOptionalComponentIsANullUnionDefaultingToNull() {
        Schema.Field unit = AvroSchemaGenerator.schemaOf(ReadingV2.class).getField("unit");

        assertThat(unit.schema().getTypes())
                .extracting(Schema::getType)
                .containsExactly(Schema.Type.NULL, Schema.Type.STRING);
        assertThat(unit.hasDefaultValue()).isTrue();
    }

    @Test
    void addingAnOptionalComponentIsBackwardCompatibleForAvro() {
        Schema v1 = AvroSchemaGenerator.schemaOf(ReadingV1.class);
        Schema v2 = AvroSchemaGenerator.schemaOf(ReadingV2.class);

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void anEventTypeThatIsNotAnAvroNameIsRefused() {
        assertThatThrownBy(() -> AvroSchemaGenerator.schemaOf(BadName.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("order-placed")
                .hasMessageContaining("not a valid Avro record name");
    }
}
