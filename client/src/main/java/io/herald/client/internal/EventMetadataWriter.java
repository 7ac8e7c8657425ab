package io.herald.client.internal;

import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.rw.CloudEventWriter;
import io.cloudevents.rw.CloudEventWriterFactory;
import io.herald.client.EventMetadata;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects the attributes the CloudEvents SDK's binary-mode reader hands over, one name and string value at a time, into
 * {@link EventMetadata}: the SDK's writer interface, in place of its {@code CloudEventBuilder}, whose event, URI and
 * time parsing and per-attribute validation were most of a handler's CPU in the SDK benchmark. It checks what the
 * builder checks for the attributes Herald keeps (required {@code id}, {@code source}, {@code type}; URIs; times;
 * extension names), with the SDK's messages, so that a record is rejected here exactly when the SDK rejects it
 * ({@code CloudEventHeadersTest}). The data is not kept: a subscriber reads the record's value itself. One instance
 * reads one record; not thread-safe.
 */
final class EventMetadataWriter
        implements CloudEventWriter<EventMetadata>, CloudEventWriterFactory<EventMetadataWriter, EventMetadata> {
    private static final int URI_CACHE_SIZE = 256;
    private static final Map<String, URI> URIS = new ConcurrentHashMap<>();

    private String id;
    private URI source;
    private String type;
    private OffsetDateTime time;
    private String subject;
    private String dataContentType;
    private URI dataSchema;
    private String partitionKey;
    private String sequence;
    private String correlationId;
    private String causationId;
    private String traceparent;
    private String tracestate;

    @Override
    public EventMetadataWriter create(SpecVersion version) {
        return this;
    }

    /** A later attribute of the same name replaces an earlier one, as in the SDK's builder. */
    @Override
    public EventMetadataWriter withContextAttribute(String name, String value) {
        switch (name) {
            case "id" -> id = value;
            case "source" -> source = uri("source", value);
            case "type" -> type = value;
            case "datacontenttype" -> dataContentType = value;
            case "dataschema" -> dataSchema = uri("dataschema", value);
            case "subject" -> subject = value;
            case "time" -> time = EventTimes.parse(value);
            case EventMetadata.PARTITION_KEY -> partitionKey = value;
            case EventMetadata.SEQUENCE -> sequence = value;
            case EventMetadata.CORRELATION_ID -> correlationId = value;
            case EventMetadata.CAUSATION_ID -> causationId = value;
            case EventMetadata.TRACEPARENT -> traceparent = value;
            case EventMetadata.TRACESTATE -> tracestate = value;
            default -> requireValidExtensionName(name); // an extension Herald does not use
        }
        return this;
    }

    @Override
    public EventMetadata end(CloudEventData data) {
        return end();
    }

    /**
     * The attributes read.
     *
     * @throws IllegalStateException if {@code id}, {@code source} or {@code type} is missing
     */
    @Override
    public EventMetadata end() {
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

    /** The SDK's message for a missing required attribute. */
    static void requirePresent(String attribute, Object value) {
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
    private static void requireValidExtensionName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("invalid CloudEvents extension name '" + name
                        + "': only lower-case letters and digits are allowed");
            }
        }
    }
}
