package io.herald.examples.orders.web;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The contract's table from an order's events to its state, applied to the set of events seen rather than to their
 * arrival order: the feed reads five topics whose partitions interleave arbitrarily (an OrderConfirmed on {@code
 * orders} may be read before the PaymentSucceeded on {@code payments} that caused it), so the same events give the
 * same state in any order. The Order service's decisions (OrderHeld, OrderCancelled, OrderRejected, OrderConfirmed)
 * settle the state; below them the furthest step reached counts. Stateless.
 */
public final class OrderStateTable {
    private OrderStateTable() {}

    /** The state, pending step and reason that {@code entries} justify (entries of one order, any order). */
    public static DerivedState derive(Collection<TimelineEntry> entries) {
        Map<String, TimelineEntry> byType = new HashMap<>();
        for (TimelineEntry entry : entries) {
            byType.putIfAbsent(entry.type(), entry);
        }
        boolean paymentFailed = byType.containsKey("PaymentFailed");
        if (byType.containsKey("OrderHeld")) {
            return new DerivedState(OrderState.HELD, null, reason(byType, "OrderHeld"), paymentFailed);
        }
        if (byType.containsKey("OrderCancelled")) {
            boolean releasePending = byType.containsKey("StockReserved") && !byType.containsKey("StockReleased");
            return new DerivedState(
                    OrderState.CANCELLED,
                    releasePending ? "releasing the reserved stock…" : null,
                    reason(byType, "OrderCancelled", "PaymentFailed"),
                    paymentFailed);
        }
        if (byType.containsKey("OrderRejected")) {
            return new DerivedState(
                    OrderState.REJECTED, null, reason(byType, "OrderRejected", "StockRejected"), paymentFailed);
        }
        if (byType.containsKey("OrderConfirmed")) {
            String pending = byType.containsKey("EmailSent") ? null : "sending the confirmation email…";
            return new DerivedState(OrderState.CONFIRMED, pending, null, false);
        }
        OrderState reached = byType.containsKey("PaymentSucceeded")
                ? OrderState.PAID
                : byType.containsKey("StockReserved") ? OrderState.STOCK_RESERVED : OrderState.PLACED;
        if (paymentFailed) {
            return new DerivedState(reached, "payment failed: cancelling…", reason(byType, "PaymentFailed"), true);
        }
        if (byType.containsKey("StockRejected")) {
            return new DerivedState(reached, "out of stock: rejecting…", reason(byType, "StockRejected"), false);
        }
        String pending = switch (reached) {
            case PLACED -> "waiting for stock…";
            case STOCK_RESERVED -> "waiting for payment…";
            default -> "waiting for confirmation…";
        };
        return new DerivedState(reached, pending, null, false);
    }

    /** The reason of the first of {@code types} that has one. */
    private static String reason(Map<String, TimelineEntry> byType, String... types) {
        for (String type : types) {
            TimelineEntry entry = byType.get(type);
            if (entry != null && entry.reason() != null) {
                return entry.reason();
            }
        }
        return null;
    }
}
