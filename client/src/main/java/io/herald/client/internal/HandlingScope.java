package io.herald.client.internal;

import io.herald.client.EventMetadata;
import org.slf4j.MDC;

/**
 * Sets the handled event as the current thread's context for the length of a handler call: the correlation source for
 * events it publishes, and the SLF4J MDC keys {@code correlationId}, {@code eventId} and {@code eventType} for its logs.
 * Restores what was there before, so nested scopes (a handler calling another synchronously) unwind cleanly.
 */
public final class HandlingScope implements AutoCloseable {
    /** MDC key of the handled event's correlation id. */
    public static final String MDC_CORRELATION_ID = "correlationId";
    /** MDC key of the handled event's id. */
    public static final String MDC_EVENT_ID = "eventId";
    /** MDC key of the handled event's type. */
    public static final String MDC_EVENT_TYPE = "eventType";

    private static final ThreadLocal<EventMetadata> CURRENT = new ThreadLocal<>();

    private final EventMetadata previous;
    private final String previousCorrelationId;
    private final String previousEventId;
    private final String previousEventType;

    private HandlingScope(EventMetadata handled) {
        previous = CURRENT.get();
        previousCorrelationId = MDC.get(MDC_CORRELATION_ID);
        previousEventId = MDC.get(MDC_EVENT_ID);
        previousEventType = MDC.get(MDC_EVENT_TYPE);
        CURRENT.set(handled);
        put(MDC_CORRELATION_ID, handled.correlationId());
        put(MDC_EVENT_ID, handled.id());
        put(MDC_EVENT_TYPE, handled.type());
    }

    /** Makes {@code handled} the current context until {@link #close()}. */
    public static HandlingScope open(EventMetadata handled) {
        return new HandlingScope(handled);
    }

    /** The event being handled on this thread, or null. */
    public static EventMetadata current() {
        return CURRENT.get();
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
        put(MDC_CORRELATION_ID, previousCorrelationId);
        put(MDC_EVENT_ID, previousEventId);
        put(MDC_EVENT_TYPE, previousEventType);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
