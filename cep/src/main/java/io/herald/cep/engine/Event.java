package io.herald.cep.engine;

import java.util.Comparator;
import java.util.Map;

/**
 * An input event as the engine sees it: where it came from, its event time, its record key and its fields.
 *
 * @param topic the input topic
 * @param partition the input partition
 * @param offset the offset in that partition
 * @param eventTimeMs event time, epoch milliseconds (already taken from the field or the record timestamp)
 * @param key the record key as text; used as the rule key when the rule has no PARTITION BY
 * @param fields the event's fields by name; the event keeps this map (read-only) rather than a copy, since an event is
 *     made per record on the hot path: the caller must not change it afterwards
 */
public record Event(
        String topic, int partition, long offset, long eventTimeMs, String key, Map<String, Object> fields) {

    /** The processing order: (event time, topic, partition, offset). Deterministic for any arrival order. */
    public static final Comparator<Event> PROCESSING_ORDER = Comparator.comparingLong(Event::eventTimeMs)
            .thenComparing(Event::topic)
            .thenComparingInt(Event::partition)
            .thenComparingLong(Event::offset);

    /** Topic and fields are required (nulls allowed as field values), the key may be null. */
    public Event {
        java.util.Objects.requireNonNull(topic, "an event needs its topic");
        java.util.Objects.requireNonNull(fields, "an event needs a fields map (empty when it has none)");
        fields = java.util.Collections.unmodifiableMap(fields);
    }

    /** {@code topic-partition-offset}: names the event in output ids. */
    public String coordinates() {
        return topic + "-" + partition + "-" + offset;
    }
}
