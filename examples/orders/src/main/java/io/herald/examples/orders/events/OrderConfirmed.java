package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The order is paid and confirmed (topic {@code orders}); the Email service sends the confirmation. */
public record OrderConfirmed(@Key String orderId) {}
