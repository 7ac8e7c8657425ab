package io.herald.client.internal;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.kafka.impl.KafkaBinaryMessageReaderImpl;
import io.cloudevents.rw.CloudEventWriter;
import io.herald.client.EventMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents 1.0 Kafka binary mode, through the CloudEvents SDK's Kafka binding: the SDK's writer puts an event's
 * attributes on a record as headers, and the SDK's binary-mode reader walks a record's headers back into attributes.
 *
 * <p>What is Herald's own is what the SDK's generic path would cost on every event, measured in the SDK benchmark at
 * 22% of a publish and 58% of a handler's CPU: the attributes go to the SDK's writer straight from {@link EventMetadata},
 * without building a {@code CloudEvent} first, and come back through {@link EventMetadataWriter}, without the SDK's
 * builder. The reader also maps the header names Herald writes to their attribute names without a lower-cased copy
 * of each (other names go the SDK's way). Through the SDK's binding this way, publishing and handling ran at the rates
 * of the hand-written binding they replaced (docs/benchmarks.md, session 16).
 *
 * <p>{@code CloudEventHeadersTest} checks on generated events and header sets that a record written here is the one
 * the SDK's {@code writeBinary} makes of the same {@code CloudEvent}, and that reading gives what the SDK's {@code
 * toEvent} followed by {@link CloudEventRecords#metadataOf} gives, rejections included. Records that are not 1.0 binary
 * mode (structured mode, spec version 0.3, no spec version) are read by {@code toEvent} itself. Stateless.
 */
public final class CloudEventHeaders {
    private static final String CONTENT_TYPE = "content-type";
    private static final String SPEC_VERSION_HEADER = "ce_specversion";
    private static final byte[] STRUCTURED_CONTENT_TYPE_BYTES =
            "application/cloudevents".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SPEC_VERSION_1_0_BYTES = "1.0".getBytes(StandardCharsets.UTF_8);

    private CloudEventHeaders() {}

    /**
     * The binary-mode record of an event for {@code topic}: keyed by its partition key, timestamped by its time, the
     * data as the value.
     *
     * @param data the event's data, or null for none (then no {@code content-type} header, as in the SDK)
     * @throws IllegalStateException if {@code id}, {@code source} or {@code type} is missing
     */
    public static ProducerRecord<String, byte[]> toRecord(String topic, EventMetadata metadata, byte[] data) {
        EventMetadataWriter.requirePresent("id", metadata.id());
        EventMetadataWriter.requirePresent("source", metadata.source());
        EventMetadataWriter.requirePresent("type", metadata.type());
        Long timestampMs =
                metadata.time() == null ? null : metadata.time().toInstant().toEpochMilli();
        CloudEventWriter<ProducerRecord<String, byte[]>> writer = KafkaMessageFactory.<String>createWriter(
                        topic, null, timestampMs, metadata.partitionKey())
                .create(SpecVersion.V1);
        writer.withContextAttribute("id", metadata.id());
        writer.withContextAttribute("source", metadata.source().toString());
        writer.withContextAttribute("type", metadata.type());
        if (data != null) {
            attribute(writer, "datacontenttype", metadata.dataContentType());
        }
        attribute(
                writer,
                "dataschema",
                metadata.dataSchema() == null ? null : metadata.dataSchema().toString());
        attribute(writer, "subject", metadata.subject());
        attribute(writer, "time", metadata.time() == null ? null : EventTimes.format(metadata.time()));
        attribute(writer, EventMetadata.PARTITION_KEY, metadata.partitionKey());
        attribute(
                writer,
                EventMetadata.SEQUENCE,
                metadata.sequence() == null ? null : metadata.sequence().toString());
        attribute(writer, EventMetadata.CORRELATION_ID, metadata.correlationId());
        attribute(writer, EventMetadata.CAUSATION_ID, metadata.causationId());
        attribute(writer, EventMetadata.TRACEPARENT, metadata.traceparent());
        attribute(writer, EventMetadata.TRACESTATE, metadata.tracestate());
        return data == null ? writer.end() : writer.end(BytesCloudEventData.wrap(data));
    }

    private static void attribute(CloudEventWriter<?> writer, String name, String value) {
        if (value != null) {
            writer.withContextAttribute(name, value);
        }
    }

    /**
     * The attributes of the CloudEvent in {@code record}.
     *
     * @throws RuntimeException (the SDK's {@code CloudEventRWException} or {@code IllegalStateException}) if the record
     *     is not a valid CloudEvent
     */
    public static EventMetadata read(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        if (!isBinaryModeV1(headers)) {
            return CloudEventRecords.metadataOf(CloudEventRecords.fromRecord(record));
        }
        return new HeaderReader(headers, record.value()).read(new EventMetadataWriter());
    }

    /**
     * The SDK's binary-mode reader, told that the spec version is 1.0 (checked already), with one shortcut: the names
     * Herald writes become their attribute names without the lower-cased copy the SDK makes of every name; the result
     * is the SDK's own for these names.
     */
    private static final class HeaderReader extends KafkaBinaryMessageReaderImpl {
        HeaderReader(Headers headers, byte[] value) {
            super(SpecVersion.V1, headers, value);
        }

        @Override
        protected String toCloudEventsKey(String header) {
            return switch (header) {
                case SPEC_VERSION_HEADER -> "specversion";
                case "ce_id" -> "id";
                case "ce_source" -> "source";
                case "ce_type" -> "type";
                case "ce_dataschema" -> "dataschema";
                case "ce_subject" -> "subject";
                case "ce_time" -> "time";
                case "ce_" + EventMetadata.PARTITION_KEY -> EventMetadata.PARTITION_KEY;
                case "ce_" + EventMetadata.SEQUENCE -> EventMetadata.SEQUENCE;
                case "ce_" + EventMetadata.CORRELATION_ID -> EventMetadata.CORRELATION_ID;
                case "ce_" + EventMetadata.CAUSATION_ID -> EventMetadata.CAUSATION_ID;
                case "ce_" + EventMetadata.TRACEPARENT -> EventMetadata.TRACEPARENT;
                case "ce_" + EventMetadata.TRACESTATE -> EventMetadata.TRACESTATE;
                default -> super.toCloudEventsKey(header);
            };
        }
    }

    /** Spec version 1.0 and not the structured mode; a header without a value is left to the SDK (which rejects it). */
    // compares the bytes: both are ASCII, and a value that is not UTF-8 matches neither decoded nor as bytes
    private static boolean isBinaryModeV1(Headers headers) {
        Header contentType = headers.lastHeader(CONTENT_TYPE);
        if (contentType != null
                && (contentType.value() == null || startsWith(contentType.value(), STRUCTURED_CONTENT_TYPE_BYTES))) {
            return false;
        }
        Header specVersion = headers.lastHeader(SPEC_VERSION_HEADER);
        return specVersion != null
                && specVersion.value() != null
                && Arrays.equals(specVersion.value(), SPEC_VERSION_1_0_BYTES);
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
