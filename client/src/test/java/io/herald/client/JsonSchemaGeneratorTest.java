package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.client.internal.schema.JsonSchemaValidator;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JsonSchemaGeneratorTest {
    static final ObjectMapper MAPPER = EventCodec.defaultMapper();
    static final JsonSchemaValidator VALIDATOR = new JsonSchemaValidator();

    @Retention(RetentionPolicy.RUNTIME)
    @interface Nullable {}

    enum Status {
        OPEN,
        CLOSED
    }

    record Line(String sku, int quantity) {}

    @EventType(value = "OrderPlaced", version = 2)
    record OrderPlaced(
            @Key String orderId,
            long amountCents,
            double rate,
            boolean express,
            BigDecimal total,
            Instant at,
            LocalDate day,
            UUID token,
            Status status,
            List<Line> lines,
            Set<String> tags,
            Map<String, Integer> counts,
            Optional<String> note,
            @Nullable String coupon) {}

    record Node(String name, List<Node> children) {}

    record Holder(Object anything) {}

    @Test
    void theRootIsAClosedObjectTitledWithTheEventType() {
        ObjectNode schema = JsonSchemaGenerator.schemaOf(OrderPlaced.class);

        assertThat(schema.path("$schema").asText()).isEqualTo(JsonSchemaGenerator.DRAFT_7);
        assertThat(schema.path("title").asText()).isEqualTo("OrderPlaced");
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void everyComponentButOptionalAndNullableOnesIsRequired() {
        ObjectNode schema = JsonSchemaGenerator.schemaOf(OrderPlaced.class);

        assertThat(schema.path("required"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "orderId",
                        "amountCents",
                        "rate",
                        "express",
                        "total",
                        "at",
                        "day",
                        "token",
                        "status",
                        "lines",
                        "tags",
                        "counts");
        assertThat(schema.at("/properties/note/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(schema.at("/properties/coupon/type").toString()).isEqualTo("[\"string\",\"null\"]");
    }

    @Test
    void javaTypesMapToJsonSchemaTypes() {
        ObjectNode properties =
                (ObjectNode) JsonSchemaGenerator.schemaOf(OrderPlaced.class).path("properties");

        assertThat(properties.at("/orderId/type").asText()).isEqualTo("string");
        assertThat(properties.at("/amountCents/type").asText()).isEqualTo("integer");
        assertThat(properties.at("/rate/type").asText()).isEqualTo("number");
        assertThat(properties.at("/express/type").asText()).isEqualTo("boolean");
        assertThat(properties.at("/total/type").asText()).isEqualTo("number");
        assertThat(properties.at("/at/format").asText()).isEqualTo("date-time");
        assertThat(properties.at("/day/format").asText()).isEqualTo("date");
        assertThat(properties.at("/token/format").asText()).isEqualTo("uuid");
        assertThat(properties.at("/status/enum").toString()).isEqualTo("[\"OPEN\",\"CLOSED\"]");
        assertThat(properties.at("/lines/items/properties/quantity/type").asText())
                .isEqualTo("integer");
        assertThat(properties.at("/lines/items/additionalProperties").asBoolean(true))
                .isFalse();
        assertThat(properties.at("/tags/items/type").asText()).isEqualTo("string");
        assertThat(properties.at("/counts/additionalProperties/type").asText()).isEqualTo("integer");
    }

    @Test
    void aRecursiveRecordIsRefusedNamingIt() {
        assertThatThrownBy(() -> JsonSchemaGenerator.schemaOf(Node.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Node")
                .hasMessageContaining("contains itself");
    }

    @Test
    void anUnmappedComponentIsRefusedNamingTheComponent() {
        assertThatThrownBy(() -> JsonSchemaGenerator.schemaOf(Holder.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component anything")
                .hasMessageContaining("java.lang.Object")
                .hasMessageContaining("EventSchemas");
    }

    @Property(tries = 200)
    void whatTheDefaultMapperWritesMatchesTheGeneratedSchema(
            @ForAll String orderId,
            @ForAll long amountCents,
            @ForAll boolean express,
            @ForAll Status status,
            @ForAll List<String> tags,
            @ForAll Optional<String> note,
            @ForAll int quantity) {
        OrderPlaced event = new OrderPlaced(
                orderId,
                amountCents,
                amountCents / 7.0,
                express,
                BigDecimal.valueOf(amountCents, 2),
                Instant.ofEpochSecond(Math.floorMod(amountCents, 4_000_000_000L)),
                LocalDate.of(2026, 1, 1),
                UUID.nameUUIDFromBytes(orderId.getBytes()),
                status,
                List.of(new Line(orderId, quantity)),
                Set.copyOf(tags),
                Map.of("a", quantity),
                note,
                note.orElse(null));
        ObjectNode schema = JsonSchemaGenerator.schemaOf(OrderPlaced.class);

        assertThat(VALIDATOR.violations(schema.toString(), schema, MAPPER.valueToTree(event)))
                .isEmpty();
    }

    @Test
    void dataMissingARequiredComponentBreaksTheSchemaNamingIt() {
        ObjectNode schema = JsonSchemaGenerator.schemaOf(Line.class);

        List<String> violations = VALIDATOR.violations(
                schema.toString(), schema, MAPPER.createObjectNode().put("sku", "x"));

        assertThat(violations).singleElement().asString().contains("quantity").contains("required");
    }
}
