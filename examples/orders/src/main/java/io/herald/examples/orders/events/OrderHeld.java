package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The order is held for fraud review (topic {@code orders}) and will not be confirmed automatically. */
public record OrderHeld(@Key String orderId, String reason) {}
