package io.herald.client;

/**
 * Handles events of one type. Called on a virtual thread; events with the same partition key are never handled at the
 * same time and arrive in their partition's order. A handler that throws is retried by the subscriber's
 * {@link RetryPolicy}, then its event goes to the dead-letter topic. Handlers must tolerate an event twice (delivery is
 * at-least-once): make the effect idempotent or check the event id.
 *
 * @param <T> the event record type
 */
@FunctionalInterface
public interface EventHandler<T> {
    /**
     * Handles one event; returning normally acknowledges it.
     *
     * @throws Exception to have the event retried and, in the end, dead-lettered
     */
    void handle(IncomingEvent<T> event) throws Exception;
}
