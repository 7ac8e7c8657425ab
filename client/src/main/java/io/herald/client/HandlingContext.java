package io.herald.client;

import io.herald.client.internal.HandlingScope;
import java.util.Objects;
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

    /**
     * Makes {@code correlationId} the {@code correlationid} of every event published, or added to an outbox, on this
     * thread until the returned scope is closed, with {@code causationId} as their {@code causationid}. For a flow that
     * starts outside a handler with an id of its own: an HTTP request that places an order can correlate all that
     * follows by the order id (or by a request id it was given). Inside a handler it overrides the handled event's
     * correlation for the scope. The MDC key {@code correlationId} is set too; closing restores what was there.
     *
     * <pre>{@code
     * try (var scope = HandlingContext.correlate(order.id(), null)) {
     *     outbox.add(connection, "orders", new OrderPlaced(order.id(), ...));
     * }
     * }</pre>
     *
     * @param correlationId the flow's id, not null
     * @param causationId the id of what caused the events, or null when nothing did
     */
    public static Correlation correlate(String correlationId, String causationId) {
        Objects.requireNonNull(correlationId, "correlationId");
        return new Correlation(HandlingScope.open(new EventMetadata(
                causationId, null, null, null, null, null, null, null, null, correlationId, null, null, null)));
    }

    /** A correlation set by {@link #correlate}, in force on its thread until closed. */
    public static final class Correlation implements AutoCloseable {
        private final HandlingScope scope;

        private Correlation(HandlingScope scope) {
            this.scope = scope;
        }

        /** Restores the correlation in force before. */
        @Override
        public void close() {
            scope.close();
        }
    }
}
