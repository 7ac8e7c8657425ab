package io.herald.client;

import io.herald.client.internal.HandlingScope;
import java.util.Optional;

/**
 * The event whose handler is running on the current thread, if any. {@link EventPublisher} reads it so that an event
 * published while handling another carries the same {@code correlationid} and, as {@code causationid}, the handled
 * event's id. Each handler runs on its own virtual thread; publish from that thread (not from a pool the handler hands
 * work to) for the context to apply.
 */
public final class HandlingContext {
    private HandlingContext() {}

    /** The attributes of the event being handled on this thread, or empty outside a handler. */
    public static Optional<EventMetadata> current() {
        return Optional.ofNullable(HandlingScope.current());
    }
}
