package io.herald.cep.engine;

import io.herald.cep.plan.Source;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a record's event time as a rule's {@code EVENT TIME} clause says: the named field, or the record timestamp
 * when the rule names none. A field may hold epoch milliseconds (any integral number; a fractional one is truncated)
 * or an RFC 3339 / ISO-8601 instant as text (the CloudEvents {@code time} attribute, e.g.
 * {@code 2024-05-01T12:00:00.250Z}). Stateless and thread-safe.
 */
public final class EventTimeExtractor {
    private final Optional<String> field;

    private EventTimeExtractor(Optional<String> field) {
        this.field = field;
    }

    /** The extractor for a rule's source. */
    public static EventTimeExtractor of(Source source) {
        return new EventTimeExtractor(source.eventTimeField());
    }

    /**
     * The event time in epoch milliseconds, or empty when the named field is missing or holds no readable time (the
     * caller routes such a record to the rule's late topic, or a dead-letter topic, rather than guessing).
     */
    public OptionalLong eventTimeMs(Map<String, Object> fields, long recordTimestampMs) {
        if (field.isEmpty()) {
            return OptionalLong.of(recordTimestampMs);
        }
        Object value = fields.get(field.get());
        return switch (value) {
            case Number n when Double.isFinite(n.doubleValue()) -> OptionalLong.of(n.longValue());
            case String s -> parse(s);
            case null, default -> OptionalLong.empty();
        };
    }

    private static OptionalLong parse(String text) {
        try {
            return OptionalLong.of(Instant.parse(text).toEpochMilli());
        } catch (DateTimeParseException e) {
            try {
                return OptionalLong.of(OffsetDateTime.parse(text).toInstant().toEpochMilli());
            } catch (DateTimeParseException e2) {
                return OptionalLong.empty();
            }
        }
    }
}
