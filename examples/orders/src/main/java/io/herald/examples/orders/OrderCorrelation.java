package io.herald.examples.orders;

import io.herald.client.HandlingContext;
import java.sql.SQLException;

/**
 * Makes the events added while it runs carry {@code correlationid} = the order id: the contract wants one id per
 * order, the order id, on every event of the order. The Order service uses it when it places an order (no cause) and
 * when a fraud alert holds an order (caused by the alert); the SDK's {@link HandlingContext#correlate} does the work.
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
        try (HandlingContext.Correlation ignored = HandlingContext.correlate(orderId, causationId)) {
            return work.run();
        }
    }
}
