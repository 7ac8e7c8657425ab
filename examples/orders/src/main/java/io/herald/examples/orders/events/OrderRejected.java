package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The order could not be served (topic {@code orders}), for example for lack of stock; {@code reason} says why. */
public record OrderRejected(@Key String orderId, String reason) {}
