package io.herald.cep.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the runner reads from records that Herald services write: CloudEvents headers, Confluent-framed JSON. */
@Timeout(10)
class InputFormatsTest {
    private final JsonEvents json = new JsonEvents();

    @Test
    void aConfluentFramedJsonValueIsReadPastItsFiveBytePrefix() {
        byte[] payload = "{\"userId\":\"u1\",\"amount\":12}".getBytes(StandardCharsets.UTF_8);
        byte[] framed = ByteBuffer.allocate(5 + payload.length)
                .put((byte) 0)
                .putInt(42)
                .put(payload)
                .array();

        assertThat(json.read(framed)).isEqualTo(new JsonEvents.Parsed.Fields(Map.of("userId", "u1", "amount", 12L)));
    }

    @Test
    void plainJsonIsReadAsBefore() {
        assertThat(json.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new JsonEvents.Parsed.Fields(Map.of("a", 1L)));
    }

    @Test
    void theCloudEventsHeadersBecomeCeFieldsAndWinOverThePayload() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "OrderPlaced".getBytes(StandardCharsets.UTF_8));
        headers.add("ce_source", "orders-service".getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> fields = new HashMap<>(Map.of("ce_type", "forged", "userId", "u1"));

        CloudEventAttributes.addTo(fields, headers);

        assertThat(fields).isEqualTo(Map.of("ce_type", "OrderPlaced", "ce_source", "orders-service", "userId", "u1"));
    }
}
