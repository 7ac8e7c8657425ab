package io.herald.client.internal;

import io.herald.client.EventHandler;
import io.herald.client.IncomingEvent;

/**
 * The handler of one event type and the record class its data is read into.
 *
 * @param eventClass the record class
 * @param handler the user's handler
 * @param <T> the record type
 */
public record Route<T>(Class<T> eventClass, EventHandler<T> handler) {
    /** Calls the handler with {@code event}, whose data must be a {@code T}. */
    public void handle(IncomingEvent<?> event) throws Exception {
        @SuppressWarnings("unchecked")
        IncomingEvent<T> typed = (IncomingEvent<T>) event;
        handler.handle(typed);
    }
}
