package io.herald.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.herald.client.internal.EventDescriptor;
import java.io.IOException;

/**
 * Turns event records into JSON data and back, upcasting old versions on the way in. Thread-safe once built.
 *
 * <p>The default mapper writes {@code java.time} values as ISO-8601 strings and ignores unknown properties, so a field
 * added by a newer publisher does not break an older subscriber.
 */
public final class EventCodec {
    /** The content type of the data this codec writes. */
    public static final String CONTENT_TYPE = "application/json";

    private final ObjectMapper mapper;
    private final Upcasters upcasters;

    private EventCodec(ObjectMapper mapper, Upcasters upcasters) {
        this.mapper = mapper;
        this.upcasters = upcasters;
    }

    /** A codec with the default mapper and no upcasters. */
    public static EventCodec json() {
        return json(Upcasters.none());
    }

    /** A codec with the default mapper and these upcasters. */
    public static EventCodec json(Upcasters upcasters) {
        return json(defaultMapper(), upcasters);
    }

    /** A codec with the caller's mapper (configured as the service likes) and these upcasters. */
    public static EventCodec json(ObjectMapper mapper, Upcasters upcasters) {
        return new EventCodec(mapper, upcasters);
    }

    /** The mapper {@link #json()} uses: Java time as ISO-8601, unknown properties ignored. */
    public static ObjectMapper defaultMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * The JSON bytes of {@code event}.
     *
     * @throws IllegalArgumentException if Jackson cannot write it, with Jackson's reason
     */
    public byte[] encode(Object event) {
        try {
            return mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write event " + event.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code data}, written as {@code dataVersion} of its type, into {@code eventClass}, running the upcasters
     * from that version to the record's.
     *
     * @throws IllegalArgumentException if the bytes are not a JSON object or do not fit the record, with Jackson's
     *     reason
     * @throws IllegalStateException if an upcaster of the chain is missing
     */
    public <T> T decode(byte[] data, int dataVersion, Class<T> eventClass) {
        EventDescriptor descriptor = EventDescriptor.of(eventClass);
        try {
            if (dataVersion == descriptor.version()) {
                return mapper.readValue(data, eventClass);
            }
            if (!(mapper.readTree(data) instanceof ObjectNode old)) {
                throw new IllegalArgumentException("data of event type " + descriptor.type() + " version " + dataVersion
                        + " is not a JSON object");
            }
            ObjectNode current = upcasters.upcast(descriptor.type(), dataVersion, descriptor.version(), old);
            return mapper.treeToValue(current, eventClass);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read data of event type " + descriptor.type() + " version " + dataVersion + " into "
                            + eventClass.getName() + ": " + e.getMessage(),
                    e);
        }
    }
}
