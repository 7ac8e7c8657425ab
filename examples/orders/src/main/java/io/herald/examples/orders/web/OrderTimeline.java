package io.herald.examples.orders.web;

import java.util.List;
import java.util.Map;

/**
 * One order as the feed has joined it so far: its events (joined by correlation id), ordered by event time, and the
 * state the contract's table derives from them. An immutable snapshot; the feed makes a new one on each change.
 *
 * @param orderId the data's {@code orderId}
 * @param correlationId the {@code correlationid} every event of the order carries (equal to the order id by the
 *     contract; the join uses it, and the order id is looked up through it)
 * @param userId from OrderPlaced (or any event naming it), or null until seen
 * @param location from OrderPlaced, or null until seen
 * @param amountCents from OrderPlaced, or null until seen
 * @param items OrderPlaced's items as read ({@code sku}, {@code quantity}, {@code priceCents}); empty until seen
 * @param derived state, pending step, reason and compensation flag
 * @param entries the order's events, each once, by event time (arrival order breaks ties)
 * @param firstSequence the feed's change sequence when the order was first seen (orders list newest first by it)
 * @param changeSequence the feed's change sequence of this snapshot: the SSE event id
 */
public record OrderTimeline(
        String orderId,
        String correlationId,
        String userId,
        String location,
        Long amountCents,
        List<Map<String, Object>> items,
        DerivedState derived,
        List<TimelineEntry> entries,
        long firstSequence,
        long changeSequence) {
    public OrderTimeline {
        items = List.copyOf(items);
        entries = List.copyOf(entries);
    }

    /** The derived state. */
    public OrderState state() {
        return derived.state();
    }
}
