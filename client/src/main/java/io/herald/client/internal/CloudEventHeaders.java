package io.herald.client.internal;

import io.cloudevents.SpecVersion;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventWriter;
import io.herald.client.EventMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The CloudEvents 1.0 Kafka binary mode on the hot paths. Writing goes through the CloudEvents SDK's Kafka binding: its
 * writer gets the attributes straight from {@link EventMetadata}, without a {@code CloudEvent} built first (the SDK's
 * generic path, a builder and an event per event, was 22% of a publish in the SDK benchmark). Reading is Herald's own:
 * one pass over the headers into {@link EventMetadata}. The SDK's generic reader was 58% of a handler's CPU (a builder
 * per event, a lower-cased copy of each header name, {@code OffsetDateTime.parse}), and even its binary-mode reader
 * feeding a writer of Herald's cost about 5% of the handle rate (docs/benchmarks.md, session 16).
 *
 * <p>The SDK is the reference: {@code CloudEventHeadersTest} checks on generated events and header sets that a record
 * written here is the one the SDK's {@code writeBinary} makes of the same {@code CloudEvent}, and that reading gives
 * what the SDK's reader followed by {@link CloudEventRecords#metadataOf} gives, rejections included. Records that are
 * not 1.0 binary mode (structured mode, spec version 0.3, no spec version) are read by the SDK itself. Stateless.
 */
public final class CloudEventHeaders {
    private static final String PREFIX = "ce_";
    private static final String CONTENT_TYPE = "content-type";
    private static final String SPEC_VERSION_HEADER = "ce_specversion";
    private static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents";
    private static final byte[] STRUCTURED_CONTENT_TYPE_BYTES =
            STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] SPEC_VERSION_1_0_BYTES = "1.0".getBytes(StandardCharsets.UTF_8);
    private static final int URI_CACHE_SIZE = 256;
    private static final Map<String, URI> URIS = new ConcurrentHashMap<>();

    private CloudEventHeaders() {}

    /**
     * The binary-mode record of an event for {@code topic}: keyed by its partition key, timestamped by its time, the
     * data as the value.
     *
     * @param data the event's data, or null for none (then no {@code content-type} header, as in the SDK)
     * @throws IllegalStateException if {@code id}, {@code source} or {@code type} is missing
     */
    public static ProducerRecord<String, byte[]> toRecord(String topic, EventMetadata metadata, byte[] data) {
        requirePresent("id", metadata.id());
        requirePresent("source", metadata.source());
        requirePresent("type", metadata.type());
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
        Attributes attributes = new Attributes();
        RuntimeException firstFailure = null;
        for (Header header : record.headers()) {
            try {
                attributes.setHeader(header.key(), header.value());
            } catch (RuntimeException e) {
                // kept until the mode is known: a record of another mode or version goes to the SDK, which may read
                // the header otherwise
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        if (!attributes.isBinaryModeV1()) {
            return readWithSdk(record);
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        return attributes.toMetadata();
    }

    private static EventMetadata readWithSdk(ConsumerRecord<String, byte[]> record) {
        return CloudEventRecords.metadataOf(CloudEventRecords.fromRecord(record));
    }

    /**
     * The attributes seen so far; a later header of the same name replaces an earlier one, as in the SDK. The mode and
     * spec version are checked after the one pass over the headers, from the last {@code content-type} and {@code
     * ce_specversion} seen (as {@code lastHeader} would find them), so that the headers are walked once.
     */
    private static final class Attributes {
        boolean hasContentType;
        byte[] contentType;
        byte[] specVersion;
        String id;
        URI source;
        String type;
        OffsetDateTime time;
        String subject;
        String dataContentType;
        URI dataSchema;
        String partitionKey;
        String sequence;
        String correlationId;
        String causationId;
        String traceparent;
        String tracestate;

        /**
         * The header {@code key}: {@code content-type} and {@code ce_specversion} are kept for the mode check (the spec
         * version's value is not decoded); the {@code ce_} names Herald writes are matched as they are, without a
         * lower-cased copy of the name; any other spelling goes the SDK's way, lower-cased.
         */
        void setHeader(String key, byte[] value) {
            if (key.equals(CONTENT_TYPE)) {
                hasContentType = true;
                contentType = value;
                if (value != null) {
                    dataContentType = utf8(value);
                }
                return;
            }
            if (key.equals(SPEC_VERSION_HEADER)) {
                specVersion = value;
                return;
            }
            if (value == null || key.length() <= PREFIX.length() || !key.startsWith(PREFIX)) {
                return;
            }
            switch (key) {
                case "ce_id" -> id = utf8(value);
                case "ce_source" -> source = uri("source", utf8(value));
                case "ce_type" -> type = utf8(value);
                case "ce_dataschema" -> dataSchema = uri("dataschema", utf8(value));
                case "ce_subject" -> subject = utf8(value);
                case "ce_time" -> time = EventTimes.parse(utf8(value));
                case PREFIX + EventMetadata.PARTITION_KEY -> partitionKey = utf8(value);
                case PREFIX + EventMetadata.SEQUENCE -> sequence = utf8(value);
                case PREFIX + EventMetadata.CORRELATION_ID -> correlationId = utf8(value);
                case PREFIX + EventMetadata.CAUSATION_ID -> causationId = utf8(value);
                case PREFIX + EventMetadata.TRACEPARENT -> traceparent = utf8(value);
                case PREFIX + EventMetadata.TRACESTATE -> tracestate = utf8(value);
                default -> set(key.substring(PREFIX.length()).toLowerCase(Locale.ROOT), utf8(value));
            }
        }

        void set(String name, String value) {
            switch (name) {
                case "specversion" -> {} // read above; the SDK skips it here too
                case "id" -> id = value;
                case "source" -> source = uri("source", value);
                case "type" -> type = value;
                case "datacontenttype" -> dataContentType = value;
                case "dataschema" -> dataSchema = uri("dataschema", value);
                case "subject" -> subject = value;
                case "time" -> time = EventTimes.parse(value);
                default -> extension(name, value);
            }
        }

        private void extension(String name, String value) {
            if (!isValidExtensionName(name)) {
                throw new IllegalArgumentException("invalid CloudEvents extension name '" + name
                        + "': only lower-case letters and digits are allowed");
            }
            switch (name) {
                case EventMetadata.PARTITION_KEY -> partitionKey = value;
                case EventMetadata.SEQUENCE -> sequence = value;
                case EventMetadata.CORRELATION_ID -> correlationId = value;
                case EventMetadata.CAUSATION_ID -> causationId = value;
                case EventMetadata.TRACEPARENT -> traceparent = value;
                case EventMetadata.TRACESTATE -> tracestate = value;
                default -> {} // an extension Herald does not use
            }
        }

        /**
         * Spec version 1.0 and not the structured mode; a header without a value is left to the SDK (which rejects
         * it).
         */
        // compares the bytes: both are ASCII, and a value that is not UTF-8 matches neither decoded nor as bytes
        boolean isBinaryModeV1() {
            if (hasContentType && (contentType == null || startsWith(contentType, STRUCTURED_CONTENT_TYPE_BYTES))) {
                return false;
            }
            return specVersion != null && Arrays.equals(specVersion, SPEC_VERSION_1_0_BYTES);
        }

        EventMetadata toMetadata() {
            requirePresent("id", id);
            requirePresent("source", source);
            requirePresent("type", type);
            return new EventMetadata(
                    id,
                    source,
                    type,
                    time,
                    subject,
                    dataContentType,
                    dataSchema,
                    partitionKey,
                    CloudEventRecords.sequenceNumber(sequence),
                    correlationId,
                    causationId,
                    traceparent,
                    tracestate);
        }
    }

    private static void requirePresent(String attribute, Object value) {
        if (value == null) {
            throw new IllegalStateException("Attribute '" + attribute + "' cannot be null");
        }
    }

    // sources and schema URIs are few per system, and parsing one was 3% of a handler's CPU: parsed once each, up to
    // URI_CACHE_SIZE of them (URIs are immutable, so sharing one is safe)
    private static URI uri(String attribute, String value) {
        URI cached = URIS.get(value);
        if (cached != null) {
            return cached;
        }
        URI parsed = parseUri(attribute, value);
        if (URIS.size() < URI_CACHE_SIZE) {
            URIS.put(value, parsed);
        }
        return parsed;
    }

    private static URI parseUri(String attribute, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid CloudEvents attribute " + attribute + " '" + value + "': " + e.getMessage(), e);
        }
    }

    // the SDK's rule (BaseCloudEventBuilder): a-z and 0-9 only, any length
    private static boolean isValidExtensionName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
