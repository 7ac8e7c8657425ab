package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The compensation of a failed payment (topic {@code inventory}): the order's reserved items are back in stock. */
public record StockReleased(@Key String orderId, String reason) {}
