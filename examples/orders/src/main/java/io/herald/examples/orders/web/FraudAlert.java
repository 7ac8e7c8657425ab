package io.herald.examples.orders.web;

import java.time.Instant;
import java.util.Map;

/**
 * One alert of the CEP fraud rule as read from {@code fraud-alerts}: the rule's output row and where it sits.
 *
 * @param eventId CloudEvents {@code id}; a repeated output (same id) appears once
 * @param type CloudEvents {@code type}: the rule's name, for example {@code FraudSuspected}
 * @param source CloudEvents {@code source}: {@code herald-cep/<rule>}
 * @param time CloudEvents {@code time}: the rule's event time of the output, or null
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param userId the row's {@code userId} (the record key when the row has none), or null
 * @param data the output row as read (for the fraud rule: userId, purchases, locations), unmodifiable
 * @param changeSequence the feed's change sequence when it arrived: the SSE event id (0 before the feed numbers it)
 */
public record FraudAlert(
        String eventId,
        String type,
        String source,
        Instant time,
        String topic,
        int partition,
        long offset,
        String userId,
        Map<String, Object> data,
        long changeSequence) {
    public FraudAlert {
        data = Map.copyOf(data);
    }

    /** This alert numbered with the feed's change sequence. */
    FraudAlert withChangeSequence(long sequence) {
        return new FraudAlert(eventId, type, source, time, topic, partition, offset, userId, data, sequence);
    }
}
