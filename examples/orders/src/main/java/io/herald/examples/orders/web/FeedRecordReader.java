package io.herald.examples.orders.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a Kafka record in the CloudEvents Kafka binding, binary mode, as the SDK and the CEP runner write it: the
 * attributes from the {@code ce_id ce_type ce_source ce_time ce_correlationid ce_causationid} headers, the JSON data
 * from the value (plain, or after the schema registry's 5-byte prefix). Records of {@link WorkflowFeed#FRAUD_ALERTS_TOPIC} are fraud alerts, the rest order events.
 * Stateless and thread-safe.
 */
final class FeedRecordReader {
    /** The data fields an order timeline keeps; the rest of an event's data is not needed by the page. */
    static final List<String> KEY_FIELDS = List.of(
            "orderId",
            "userId",
            "location",
            "items",
            "amountCents",
            "placedAt",
            "reason",
            "paymentId",
            "messageId",
            "to");

    /** Confluent's wire format: magic byte 0, then the schema id as a 4-byte big-endian int. */
    private static final int WIRE_PREFIX_BYTES = 5;

    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private final ObjectMapper json = new ObjectMapper();

    FeedRecord read(ConsumerRecord<byte[], byte[]> record) {
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || type == null) {
            return unreadable(record, "not a CloudEvent in binary mode: ce_id or ce_type header missing");
        }
        Map<String, Object> data;
        try {
            data = record.value() == null ? Map.of() : readJson(record.value());
        } catch (IOException e) {
            return unreadable(record, "data of " + type + " " + id + " is not a JSON object: " + e.getMessage());
        }
        Instant time = time(header(record, "ce_time"));
        String source = header(record, "ce_source");
        if (record.topic().equals(WorkflowFeed.FRAUD_ALERTS_TOPIC)) {
            Object user = data.get("userId");
            String userId = user != null ? user.toString() : record.key() == null ? null : utf8(record.key());
            return new FeedRecord.Alert(new FraudAlert(
                    id, type, source, time, record.topic(), record.partition(), record.offset(), userId, data, 0));
        }
        Object order = data.get("orderId");
        String orderId = order == null ? null : order.toString();
        String correlationId = header(record, "ce_correlationid");
        if (correlationId == null) {
            correlationId = orderId; // an event from outside the SDK: the order id is the contract's correlation
        }
        if (correlationId == null) {
            return unreadable(record, type + " " + id + " has neither a correlationid nor an orderId");
        }
        Map<String, Object> keyFields = new LinkedHashMap<>();
        for (String field : KEY_FIELDS) {
            Object value = data.get(field);
            if (value != null) {
                keyFields.put(field, value);
            }
        }
        return new FeedRecord.OrderEvent(new TimelineEntry(
                id,
                type,
                source,
                time,
                record.topic(),
                record.partition(),
                record.offset(),
                correlationId,
                header(record, "ce_causationid"),
                orderId,
                keyFields));
    }

    /**
     * The JSON of a value, plain or in Confluent's wire format (magic byte 0 and the 4-byte schema id first, as the
     * services write it with the registry): the page needs the data, not the schema, so the prefix is skipped. Plain
     * JSON never starts with byte 0.
     */
    private Map<String, Object> readJson(byte[] value) throws IOException {
        int start = value.length >= WIRE_PREFIX_BYTES && value[0] == 0 ? WIRE_PREFIX_BYTES : 0;
        return json.readValue(value, start, value.length - start, JSON_OBJECT);
    }

    private static FeedRecord unreadable(ConsumerRecord<byte[], byte[]> record, String problem) {
        return new FeedRecord.Unreadable(record.topic(), record.partition(), record.offset(), problem);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : utf8(header.value());
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@code ce_time} is RFC 3339; a missing or malformed one leaves the event without a time (sorted last). */
    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
