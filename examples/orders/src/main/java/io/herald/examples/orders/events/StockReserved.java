package io.herald.examples.orders.events;

import io.herald.client.Key;
import java.util.List;

/**
 * The Inventory service took the order's items out of stock (topic {@code inventory}, source {@code /inventory}). The
 * items carry their prices, so the Payment service charges the amount this event states.
 */
public record StockReserved(@Key String orderId, List<LineItem> items) {
    /** What the reserved items cost, in cents. */
    public long amountCents() {
        return items.stream().mapToLong(LineItem::totalCents).sum();
    }
}
