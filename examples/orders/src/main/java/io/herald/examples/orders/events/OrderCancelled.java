package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The order was cancelled after its stock was reserved (topic {@code orders}): its payment failed. */
public record OrderCancelled(@Key String orderId, String reason) {}
