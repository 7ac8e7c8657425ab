package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The charge was declined (topic {@code payments}); the Inventory service releases the stock. */
public record PaymentFailed(@Key String orderId, String reason) {}
