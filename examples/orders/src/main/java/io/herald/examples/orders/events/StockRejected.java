package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The order's items could not all be reserved (topic {@code inventory}); nothing was taken out of stock. */
public record StockRejected(@Key String orderId, String reason) {}
