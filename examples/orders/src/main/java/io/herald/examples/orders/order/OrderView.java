package io.herald.examples.orders.order;

import io.herald.examples.orders.events.LineItem;
import java.time.Instant;
import java.util.List;

/**
 * An order as the HTTP API shows it ({@code GET /api/orders/{orderId}}).
 *
 * @param reason why it was rejected, cancelled or held; null otherwise
 */
public record OrderView(
        String orderId,
        String userId,
        String location,
        List<LineItem> items,
        long amountCents,
        OrderState state,
        String reason,
        Instant placedAt,
        Instant updatedAt) {}
