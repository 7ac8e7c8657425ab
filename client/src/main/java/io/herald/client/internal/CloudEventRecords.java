package io.herald.client.internal;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.herald.client.EventMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads Kafka records as CloudEvents through the CloudEvents SDK's Kafka binding: for the records {@link
 * CloudEventHeaders} leaves to the SDK (structured mode, other spec versions), and as the reference its tests compare
 * with. Stateless.
 */
public final class CloudEventRecords {
    /** The Kafka binding's header of the CloudEvents {@code type} attribute. */
    private static final String TYPE_HEADER = "ce_type";

    private CloudEventRecords() {}

    /**
     * The CloudEvent in {@code record}.
     *
     * @throws io.cloudevents.rw.CloudEventRWException if the record is not a CloudEvent in binary mode
     */
    public static CloudEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        return KafkaMessageFactory.createReader(record).toEvent();
    }

    /**
     * The {@code ce_type} header of {@code record} (its last value), or null when it has none; read without decoding the
     * rest, so that a subscriber can route, and skip other types, cheaply.
     */
    public static String typeOf(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(TYPE_HEADER);
        return type == null || type.value() == null ? null : new String(type.value(), StandardCharsets.UTF_8);
    }

    /** The attributes and extensions of {@code event}. */
    public static EventMetadata metadataOf(CloudEvent event) {
        String sequence = text(event, EventMetadata.SEQUENCE);
        return new EventMetadata(
                event.getId(),
                event.getSource(),
                event.getType(),
                event.getTime(),
                event.getSubject(),
                event.getDataContentType(),
                event.getDataSchema(),
                text(event, EventMetadata.PARTITION_KEY),
                sequenceNumber(sequence),
                text(event, EventMetadata.CORRELATION_ID),
                text(event, EventMetadata.CAUSATION_ID),
                text(event, EventMetadata.TRACEPARENT),
                text(event, EventMetadata.TRACESTATE));
    }

    // a foreign producer may use the extension with a non-numeric value; the SDK's own are numbers
    static Long sequenceNumber(String sequence) {
        if (sequence == null) {
            return null;
        }
        try {
            return Long.valueOf(sequence);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(CloudEvent event, String extension) {
        Object value = event.getExtension(extension);
        return value == null ? null : value.toString();
    }
}
