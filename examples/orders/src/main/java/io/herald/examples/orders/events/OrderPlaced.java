package io.herald.examples.orders.events;

import io.herald.client.Key;
import java.time.Instant;
import java.util.List;

/**
 * A user placed an order (topic {@code orders}, source {@code /orders}). Starts the flow: its correlation id is the
 * order id, and every later event of the order carries it.
 *
 * @param orderId the order's id, also the partition key of all its events
 * @param userId who placed it
 * @param location where it was placed from (a city); the fraud rule counts distinct locations per user
 * @param items what was ordered, with the unit prices quoted
 * @param amountCents the sum of the lines
 * @param placedAt when the Order service accepted it
 */
public record OrderPlaced(
        @Key String orderId,
        String userId,
        String location,
        List<LineItem> items,
        long amountCents,
        Instant placedAt) {}
