package io.herald.client.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.client.AvroSchemaGenerator;
import io.herald.client.EventCodec;
import io.herald.client.EventType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AvroTreesTest {
    static final ObjectMapper MAPPER = EventCodec.defaultMapper();

    enum Channel {
        WEB,
        STORE
    }

    record Line(String sku, int quantity) {}

    @EventType("shop.OrderPlaced")
    record OrderPlaced(
            String orderId,
            long amountCents,
            double rate,
            float share,
            boolean express,
            BigDecimal total,
            Instant at,
            Channel channel,
            List<Line> lines,
            Map<String, Long> counts,
            byte[] signature,
            Optional<String> note) {}

    @Property(tries = 100)
    void anEventSurvivesAvroBinaryUnchanged(
            @ForAll String orderId,
            @ForAll long amountCents,
            @ForAll double rate,
            @ForAll float share,
            @ForAll boolean express,
            @ForAll Channel channel,
            @ForAll List<String> skus,
            @ForAll byte[] signature,
            @ForAll Optional<String> note)
            throws IOException {
        OrderPlaced event = new OrderPlaced(
                orderId,
                amountCents,
                rate,
                share,
                express,
                BigDecimal.valueOf(amountCents, 2),
                Instant.ofEpochMilli(Math.floorMod(amountCents, 4_000_000_000_000L)),
                channel,
                skus.stream().map(sku -> new Line(sku, sku.length())).toList(),
                Map.of("lines", (long) skus.size()),
                signature,
                note);
        Schema schema = AvroSchemaGenerator.schemaOf(OrderPlaced.class);

        JsonNode back = AvroTrees.toJson(
                AvroBinary.read(
                        schema, AvroBinary.write(schema, AvroTrees.toAvro(MAPPER.valueToTree(event), schema, ""))),
                schema,
                OrderPlaced.class);
        OrderPlaced read = MAPPER.treeToValue(back, OrderPlaced.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithItsPointer() {
        Schema schema = AvroSchemaGenerator.schemaOf(Line.class);

        assertThatThrownBy(() -> AvroTrees.toAvro(
                        MAPPER.createObjectNode().put("sku", "a").put("quantity", "many"), schema, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/quantity: expected int, found STRING \"many\"");
    }

    @Test
    void aMissingRequiredFieldIsRefusedNamingIt() {
        Schema schema = AvroSchemaGenerator.schemaOf(Line.class);

        assertThatThrownBy(() -> AvroTrees.toAvro(MAPPER.createObjectNode().put("quantity", 1), schema, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/sku: is missing or null");
    }
}
