package io.herald.examples.orders;

import io.herald.client.EventMetadata;
import io.herald.client.internal.HandlingScope;
import java.sql.SQLException;

/**
 * Makes the events added while it runs carry {@code correlationid} = the order id. The SDK sets the correlation of
 * an event only from the event being handled (or the event's own id outside a handler) and has no public way to name
 * it; the contract wants one id per order, the order id, on every event of the order. So the Order service opens the
 * SDK's handling scope (an internal class: a gap listed in the README) with the order id as correlation when it
 * places an order (no cause) and when a fraud alert holds an order (caused by the alert).
 */
public final class OrderCorrelation {
    private OrderCorrelation() {}

    /** Work that adds events to the outbox. */
    @FunctionalInterface
    public interface Work<R> {
        /** Adds the events. */
        R run() throws SQLException;
    }

    /**
     * Runs {@code work} with {@code orderId} as the correlation id of the events it adds, and {@code causationId} (may
     * be null) as their cause.
     */
    @SuppressWarnings("try") // the scope is held open for the work, never read
    public static <R> R of(String orderId, String causationId, Work<R> work) throws SQLException {
        EventMetadata scope = new EventMetadata(
                causationId, null, null, null, null, null, null, orderId, null, orderId, null, null, null);
        try (HandlingScope ignored = HandlingScope.open(scope)) {
            return work.run();
        }
    }
}
