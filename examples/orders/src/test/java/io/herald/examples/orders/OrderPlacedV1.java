package io.herald.examples.orders;

import io.herald.client.EventType;
import io.herald.client.Key;
import io.herald.examples.orders.events.LineItem;
import java.time.Instant;
import java.util.List;

/**
 * OrderPlaced as the Order service wrote it before {@code giftMessage} existed: what an Order service still running
 * the old code publishes (with the v1 schema file), and what a service not yet updated reads into.
 */
@EventType("OrderPlaced")
record OrderPlacedV1(
        @Key String orderId,
        String userId,
        String location,
        List<LineItem> items,
        long amountCents,
        Instant placedAt) {}
