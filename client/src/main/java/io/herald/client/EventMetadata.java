package io.herald.client;

import java.net.URI;
import java.time.OffsetDateTime;

/**
 * The CloudEvents 1.0 context attributes of one event and the extensions Herald uses. In Kafka binary mode each is a
 * {@code ce_<name>} record header, except {@code datacontenttype}, which is the {@code content-type} header.
 *
 * @param id {@code id}: unique per {@code source}; a UUID version 7 (time-ordered) when the SDK publishes
 * @param source {@code source}: the service that published the event
 * @param type {@code type}: what happened, for example {@code OrderPlaced}
 * @param time {@code time}: when it happened (the publisher's clock); may be null on foreign events
 * @param subject {@code subject}: what it happened to, for example an order id; may be null
 * @param dataContentType {@code datacontenttype}, {@code application/json} for typed events
 * @param dataSchema {@code dataschema}: for typed events, {@code urn:herald:event:<type>:<version>}
 * @param partitionKey extension {@code partitionkey}: the Kafka record key; may be null
 * @param sequence extension {@code sequence}: the publisher's running count, in publish order; may be null
 * @param correlationId extension {@code correlationid}: shared by every event of one business flow
 * @param causationId extension {@code causationid}: the id of the event whose handling published this one, or null
 * @param traceparent extension {@code traceparent}: W3C trace context; may be null
 * @param tracestate extension {@code tracestate}: W3C trace state; may be null
 */
public record EventMetadata(
        String id,
        URI source,
        String type,
        OffsetDateTime time,
        String subject,
        String dataContentType,
        URI dataSchema,
        String partitionKey,
        Long sequence,
        String correlationId,
        String causationId,
        String traceparent,
        String tracestate) {
    /** Extension attribute name of the partition key. */
    public static final String PARTITION_KEY = "partitionkey";
    /** Extension attribute name of the sequence number. */
    public static final String SEQUENCE = "sequence";
    /** Extension attribute name of the correlation id. */
    public static final String CORRELATION_ID = "correlationid";
    /** Extension attribute name of the causation id. */
    public static final String CAUSATION_ID = "causationid";
    /** Extension attribute name of the W3C trace parent. */
    public static final String TRACEPARENT = "traceparent";
    /** Extension attribute name of the W3C trace state. */
    public static final String TRACESTATE = "tracestate";

    /** A copy of these attributes with another W3C trace context. */
    public EventMetadata withTraceContext(String newTraceparent, String newTracestate) {
        return new EventMetadata(
                id,
                source,
                type,
                time,
                subject,
                dataContentType,
                dataSchema,
                partitionKey,
                sequence,
                correlationId,
                causationId,
                newTraceparent,
                newTracestate);
    }
}
