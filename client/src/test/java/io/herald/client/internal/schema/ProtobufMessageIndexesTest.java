package io.herald.client.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.EventType;
import io.herald.client.internal.EventDescriptor;
import org.junit.jupiter.api.Test;

/** The message indexes before a Protobuf message in Confluent's wire format, as {@code ProtobufSerde} skips them. */
class ProtobufMessageIndexesTest {
    @EventType("shop.OrderPlaced")
    record OrderPlaced(String orderId) {}

    static final EventDescriptor TARGET = EventDescriptor.of(OrderPlaced.class);

    @Test
    void theIndexesOfAnyMessageAreSkipped() {
        assertThat(ProtobufSerde.messageStart(bytes(0, 0x0a), TARGET, 7)).isEqualTo(1); // [0], short form
        assertThat(ProtobufSerde.messageStart(bytes(2, 0, 0x0a), TARGET, 7)).isEqualTo(2); // [0], count 1
        assertThat(ProtobufSerde.messageStart(bytes(2, 4, 0x0a), TARGET, 7)).isEqualTo(2); // [2]
        assertThat(ProtobufSerde.messageStart(bytes(4, 2, 6, 0x0a), TARGET, 7)).isEqualTo(3); // [1, 3]: nested
        assertThat(ProtobufSerde.messageStart(bytes(2, 0x80, 0x02, 0x0a), TARGET, 7))
                .isEqualTo(3); // [128]
    }

    @Test
    void malformedIndexesAreRefusedNamingTheEventAndTheSchemaId() {
        assertThatThrownBy(() -> ProtobufSerde.messageStart(bytes(1), TARGET, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event shop.OrderPlaced (schema id 7) has malformed message indexes before its Protobuf"
                        + " message: a count of -1");
        assertThatThrownBy(() -> ProtobufSerde.messageStart(bytes(4, 2), TARGET, 7))
                .hasMessageEndingWith("a varint cut short");
        assertThatThrownBy(() -> ProtobufSerde.messageStart(bytes(2, 3), TARGET, 7))
                .hasMessageEndingWith("index -2");
        assertThatThrownBy(() -> ProtobufSerde.messageStart(new byte[0], TARGET, 7))
                .hasMessageEndingWith("a varint cut short");
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
