package io.herald.client.internal;

import io.herald.client.EventCodec;
import io.herald.client.EventMetadata;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Builds the attributes of an event about to be published, by the publisher or into the outbox: a new id, the time
 * from the clock, the partition key, and correlation from the {@link HandlingScope} of the calling thread (an event
 * published while handling another continues its flow; otherwise it starts one). Stateless.
 */
public final class OutgoingEvents {
    private OutgoingEvents() {}

    /**
     * The attributes of {@code event}.
     *
     * @param descriptor the event's descriptor
     * @param event the event record
     * @param subject the subject given by the caller, or null
     * @param source the publishing service
     * @param clock the clock of {@code time}
     * @param sequence the publisher's running count
     */
    public static EventMetadata metadataFor(
            EventDescriptor descriptor, Object event, String subject, URI source, Clock clock, long sequence) {
        return metadataFor(descriptor, event, subject, source, clock, sequence, EventCodec.CONTENT_TYPE);
    }

    /** The attributes of {@code event} whose data has {@code contentType} (the codec's). */
    public static EventMetadata metadataFor(
            EventDescriptor descriptor,
            Object event,
            String subject,
            URI source,
            Clock clock,
            long sequence,
            String contentType) {
        String key = descriptor.partitionKey(event);
        if (key == null) {
            key = subject;
        }
        String id = EventIds.next(clock);
        EventMetadata handled = HandlingScope.current();
        String correlationId = handled == null || handled.correlationId() == null ? id : handled.correlationId();
        return new EventMetadata(
                id,
                source,
                descriptor.type(),
                clock.instant().atOffset(ZoneOffset.UTC),
                subject == null ? key : subject,
                contentType,
                descriptor.dataSchema(),
                key,
                sequence,
                correlationId,
                handled == null ? null : handled.id(),
                handled == null ? null : handled.traceparent(),
                handled == null ? null : handled.tracestate());
    }
}
