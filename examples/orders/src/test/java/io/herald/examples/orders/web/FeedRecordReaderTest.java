package io.herald.examples.orders.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The feed reads an event's data whether the value is plain JSON or in the schema registry's wire format. */
class FeedRecordReaderTest {
    private static final String DATA = "{\"orderId\":\"o-1\",\"userId\":\"ann\",\"giftMessage\":\"Hi\"}";

    private final FeedRecordReader reader = new FeedRecordReader();

    @Test
    void aRegistryValueIsReadPastItsMagicByteAndSchemaId() {
        byte[] json = DATA.getBytes(StandardCharsets.UTF_8);
        byte[] wire = ByteBuffer.allocate(5 + json.length)
                .put((byte) 0)
                .putInt(42)
                .put(json)
                .array();

        assertThat(orderOf(reader.read(record(wire)))).isEqualTo("ann");
    }

    @Test
    void plainJsonIsStillRead() {
        assertThat(orderOf(reader.read(record(DATA.getBytes(StandardCharsets.UTF_8)))))
                .isEqualTo("ann");
    }

    @Test
    void aValueThatIsNeitherIsUnreadable() {
        FeedRecord read = reader.read(record(new byte[] {0, 0, 0}));

        assertThat(read).isInstanceOf(FeedRecord.Unreadable.class);
    }

    private static String orderOf(FeedRecord read) {
        assertThat(read).isInstanceOf(FeedRecord.OrderEvent.class);
        TimelineEntry entry = ((FeedRecord.OrderEvent) read).entry();
        assertThat(entry.orderId()).isEqualTo("o-1");
        return (String) entry.data().get("userId");
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>("orders", 0, 7, "o-1".getBytes(StandardCharsets.UTF_8), value);
        record.headers().add("ce_id", "e-1".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", "OrderPlaced".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_correlationid", "o-1".getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
