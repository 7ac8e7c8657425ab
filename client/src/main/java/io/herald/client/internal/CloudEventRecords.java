package io.herald.client.internal;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.herald.client.EventMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Converts between {@link EventMetadata} plus data and Kafka records in CloudEvents binary mode, through the CloudEvents
 * SDK's Kafka binding ({@code ce_*} headers, the data as the record value). Stateless.
 */
public final class CloudEventRecords {
    /** The Kafka binding's header of the CloudEvents {@code type} attribute. */
    private static final String TYPE_HEADER = "ce_type";

    private CloudEventRecords() {}

    /** The CloudEvent of these attributes and data. */
    public static CloudEvent toCloudEvent(EventMetadata metadata, byte[] data) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(metadata.id())
                .withSource(metadata.source())
                .withType(metadata.type())
                .withTime(metadata.time())
                .withSubject(metadata.subject())
                .withDataSchema(metadata.dataSchema());
        if (data != null) {
            builder.withData(metadata.dataContentType(), data);
        }
        extension(builder, EventMetadata.PARTITION_KEY, metadata.partitionKey());
        if (metadata.sequence() != null) {
            builder.withExtension(EventMetadata.SEQUENCE, Long.toString(metadata.sequence()));
        }
        extension(builder, EventMetadata.CORRELATION_ID, metadata.correlationId());
        extension(builder, EventMetadata.CAUSATION_ID, metadata.causationId());
        extension(builder, EventMetadata.TRACEPARENT, metadata.traceparent());
        extension(builder, EventMetadata.TRACESTATE, metadata.tracestate());
        return builder.build();
    }

    private static void extension(CloudEventBuilder builder, String name, String value) {
        if (value != null) {
            builder.withExtension(name, value);
        }
    }

    /** The binary-mode record of {@code event} for {@code topic}, keyed by its partition key, timestamped by its time. */
    public static ProducerRecord<String, byte[]> toRecord(String topic, CloudEvent event) {
        String key = (String) event.getExtension(EventMetadata.PARTITION_KEY);
        Long timestampMs =
                event.getTime() == null ? null : event.getTime().toInstant().toEpochMilli();
        return KafkaMessageFactory.<String>createWriter(topic, null, timestampMs, key)
                .writeBinary(event);
    }

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
    private static Long sequenceNumber(String sequence) {
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
