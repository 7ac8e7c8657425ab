package io.herald.cep.engine;

import java.util.Map;

/**
 * A record the engine wants written.
 *
 * @param topic where it goes: the rule's INTO topic, {@code <rule>.late} or {@code <rule>.overflow}
 * @param id deterministic: the same input offsets always give the same id (see docs/cep.md, "Output")
 * @param subject what the row is about: the window or match it belongs to (the upsert key in EMIT CHANGES)
 * @param kind a row, a retraction of an earlier row with the same subject, or a diverted input event
 * @param key the rule key
 * @param eventTimeMs the event time the row stands for
 * @param fields the SELECT columns, or the diverted event's fields
 */
public record Output(
        String topic, String id, String subject, Kind kind, String key, long eventTimeMs, Map<String, Object> fields) {

    /** What an output record is. */
    public enum Kind {
        /** A result row (appended, or upserted by subject in EMIT CHANGES). */
        ROW,
        /** The row previously emitted for this subject no longer holds (EMIT CHANGES). */
        RETRACTION,
        /** An input event that came too late; it went to {@code <rule>.late}. */
        LATE,
        /** An input event refused by the key cap; it went to {@code <rule>.overflow}. */
        OVERFLOW
    }

    /** Copies the fields, keeping their order. */
    public Output {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
