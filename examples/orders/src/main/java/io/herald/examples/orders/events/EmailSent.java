package io.herald.examples.orders.events;

import io.herald.client.Key;

/** The confirmation mail of the order was written to the mailbox (topic {@code emails}, source {@code /email}). */
public record EmailSent(@Key String orderId, String messageId, String to) {}
