package io.herald.examples.orders.web;

import java.time.Instant;
import java.util.Map;

/**
 * One event of an order's timeline: what happened, which service said so, when, and where it sits in the log.
 *
 * @param eventId CloudEvents {@code id} ({@code ce_id}); a redelivered event has the same id and appears once
 * @param type CloudEvents {@code type}, for example {@code StockReserved}
 * @param source CloudEvents {@code source}: the service, for example {@code /inventory}
 * @param time CloudEvents {@code time}: when the service published it; null when the header is missing
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset in that partition
 * @param correlationId extension {@code correlationid}: the flow it belongs to (the order id, by the contract)
 * @param causationId extension {@code causationid}: the event whose handling published this one, or null
 * @param orderId the data's {@code orderId}, or null when the data has none
 * @param data the data's key fields (orderId, userId, location, items, amountCents, reason, paymentId, messageId,
 *     to), unmodifiable
 */
public record TimelineEntry(
        String eventId,
        String type,
        String source,
        Instant time,
        String topic,
        int partition,
        long offset,
        String correlationId,
        String causationId,
        String orderId,
        Map<String, Object> data) {
    public TimelineEntry {
        data = Map.copyOf(data);
    }

    /** The data's {@code reason} as text, or null. */
    public String reason() {
        Object reason = data.get("reason");
        return reason == null ? null : reason.toString();
    }
}
