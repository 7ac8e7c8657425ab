package io.herald.examples.orders.web;

import io.herald.client.Key;
import java.time.Instant;
import java.util.List;

/**
 * The contract's events as test records, with the contract's names (a record's simple name is its CloudEvents type)
 * and data fields. The services engineer's own records live in {@code io.herald.examples.orders}; these only let the
 * page's tests publish the same JSON through the SDK without depending on them.
 */
final class ContractEvents {
    private ContractEvents() {}

    record Item(String sku, int quantity, long priceCents) {}

    record OrderPlaced(
            @Key String orderId,
            String userId,
            String location,
            List<Item> items,
            long amountCents,
            Instant placedAt) {}

    record OrderConfirmed(@Key String orderId) {}

    record OrderRejected(@Key String orderId, String reason) {}

    record OrderCancelled(@Key String orderId, String reason) {}

    record OrderHeld(@Key String orderId, String reason) {}

    record StockReserved(@Key String orderId, List<Item> items) {}

    record StockRejected(@Key String orderId, String reason) {}

    record StockReleased(@Key String orderId, String reason) {}

    record PaymentSucceeded(@Key String orderId, String paymentId, long amountCents) {}

    record PaymentFailed(@Key String orderId, String reason) {}

    record EmailSent(@Key String orderId, String messageId, String to) {}
}
