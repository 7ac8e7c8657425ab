package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The order was charged (topic {@code payments}, source {@code /payment}). */
public record PaymentSucceeded(@Key String orderId, String paymentId, long amountCents) {}
