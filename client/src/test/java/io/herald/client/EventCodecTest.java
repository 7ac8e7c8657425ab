package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.internal.EventDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    @EventType(value = "OrderPlaced", version = 3)
    record OrderPlacedV3(@Key String orderId, long amountCents, String currency, Instant placedAt) {}

    record Shipped(String orderId) implements PartitionKey {
        @Override
        public String partitionKey() {
            return "order-" + orderId;
        }
    }

    record Plain(String text) {}

    private final Upcasters upcasters = Upcasters.builder()
            // v1 called the amount "amount"
            .add("OrderPlaced", 1, v1 -> {
                v1.set("amountCents", v1.remove("amount"));
                return v1;
            })
            // v2 had no currency
            .add("OrderPlaced", 2, v2 -> v2.put("currency", "EUR"))
            .build();

    @Test
    void roundTripsTheCurrentVersion() {
        EventCodec codec = EventCodec.json(upcasters);
        OrderPlacedV3 event = new OrderPlacedV3("o-1", 4200, "USD", Instant.parse("2026-01-02T03:04:05Z"));

        OrderPlacedV3 back = codec.decode(codec.encode(event), 3, OrderPlacedV3.class);

        assertThat(back).isEqualTo(event);
    }

    @Test
    void upcastsVersionOneThroughTheWholeChain() {
        EventCodec codec = EventCodec.json(upcasters);
        byte[] v1 = "{\"orderId\":\"o-1\",\"amount\":99,\"placedAt\":\"2026-01-02T03:04:05Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        OrderPlacedV3 back = codec.decode(v1, 1, OrderPlacedV3.class);

        assertThat(back).isEqualTo(new OrderPlacedV3("o-1", 99, "EUR", Instant.parse("2026-01-02T03:04:05Z")));
    }

    @Test
    void missingUpcasterNamesTypeAndVersion() {
        EventCodec codec = EventCodec.json(Upcasters.builder()
                .add("OrderPlaced", 2, v2 -> v2.put("currency", "EUR"))
                .build());
        byte[] v1 = "{\"orderId\":\"o-1\",\"amount\":99}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(v1, 1, OrderPlacedV3.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OrderPlaced from version 1 to 2");
    }

    @Test
    void newerDataThanTheRecordIsRefused() {
        EventCodec codec = EventCodec.json(upcasters);

        assertThatThrownBy(() -> codec.decode("{}".getBytes(StandardCharsets.UTF_8), 4, OrderPlacedV3.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 4");
    }

    @Test
    void descriptorReadsAnnotationKeyAndVersion() {
        EventDescriptor descriptor = EventDescriptor.of(OrderPlacedV3.class);

        assertThat(descriptor.type()).isEqualTo("OrderPlaced");
        assertThat(descriptor.dataSchema()).hasToString("urn:herald:event:OrderPlaced:3");
        assertThat(EventDescriptor.versionOf(descriptor.dataSchema())).isEqualTo(3);
        assertThat(descriptor.partitionKey(new OrderPlacedV3("o-7", 1, "EUR", null)))
                .isEqualTo("o-7");
    }

    @Test
    void partitionKeyInterfaceAndSimpleNameDefaults() {
        assertThat(EventDescriptor.of(Shipped.class).partitionKey(new Shipped("9")))
                .isEqualTo("order-9");
        assertThat(EventDescriptor.of(Plain.class).type()).isEqualTo("Plain");
        assertThat(EventDescriptor.of(Plain.class).partitionKey(new Plain("x"))).isNull();
    }

    @Test
    void aClassThatIsNotARecordIsRefused() {
        assertThatThrownBy(() -> EventDescriptor.of(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a Java record");
    }

    @Test
    void thePlainJsonCodecRefusesRegistryWireFormatNamingTheCodecThatReadsIt() {
        byte[] framed = {0, 0, 0, 0, 42, '{', '}'};

        assertThatThrownBy(() -> EventCodec.json().decode(framed, 1, Plain.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema registry wire format (schema id 42)")
                .hasMessageContaining("EventCodec.jsonSchema");
    }

    @Test
    void optionalComponentsAreWrittenAsTheirValueOrNull() {
        record Note(java.util.Optional<String> text, java.util.Optional<String> none) {}

        assertThat(new String(
                        EventCodec.json().encode(new Note(java.util.Optional.of("x"), java.util.Optional.empty())),
                        StandardCharsets.UTF_8))
                .isEqualTo("{\"text\":\"x\",\"none\":null}");
    }
}
