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
 * @param giftMessage the text to print on the confirmation (the Email service does), or null: none was given, or the
 *     event was written before the field existed. Added in version 2 of the registered schema ({@code
 *     orders-OrderPlaced}) as an optional property, a BACKWARD compatible change: the record's {@code @EventType}
 *     data version stays 1 and no upcaster is needed, since readers of either shape read both (see the README)
 */
public record OrderPlaced(
        @Key String orderId,
        String userId,
        String location,
        List<LineItem> items,
        long amountCents,
        Instant placedAt,
        String giftMessage) {
    /** The longest gift message the schema accepts, in characters. */
    public static final int MAX_GIFT_MESSAGE_CHARS = 200;

    /** An order without a gift message, as every order was before the field existed. */
    public OrderPlaced(
            String orderId, String userId, String location, List<LineItem> items, long amountCents, Instant placedAt) {
        this(orderId, userId, location, items, amountCents, placedAt, null);
    }
}
