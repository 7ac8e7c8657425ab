package io.herald.cep.runner;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the offset forms of a {@link StartPoint}: {@code offset:N} and {@code topic:partition=offset,...}. Topic names
 * cannot hold {@code :}, {@code =} or {@code ,} (Kafka allows {@code [a-zA-Z0-9._-]}), so the separators are
 * unambiguous. Every error names the whole value, the part at fault and the expected form. Stateless.
 */
final class StartPointText {
    private static final String FORM = "topic:partition=offset,... such as orders:0=120,orders:1=98";

    private StartPointText() {}

    /** The N of {@code offset:N}; {@code whole} is the value as given, for the message. */
    static long offset(String whole, String number) {
        try {
            long offset = Long.parseLong(number.trim());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("start point '" + whole + "': the offset must be an integer >= 0, was '"
                + number.trim() + "' (the form is offset:N, such as offset:120)");
    }

    /** The offsets of {@code topic:partition=offset,...}. */
    static Map<TopicPartition, Long> partitionOffsets(String whole) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (String item : whole.split(",", -1)) {
            String part = item.trim();
            int equals = part.indexOf('=');
            int colon = equals < 0 ? -1 : part.lastIndexOf(':', equals);
            if (equals < 0 || colon <= 0) {
                throw bad(whole, "'" + part + "' is not topic:partition=offset");
            }
            String topic = part.substring(0, colon).trim();
            int partition =
                    (int) number(whole, part, "partition", part.substring(colon + 1, equals), Integer.MAX_VALUE);
            long offset = number(whole, part, "offset", part.substring(equals + 1), Long.MAX_VALUE);
            if (offsets.put(new TopicPartition(topic, partition), offset) != null) {
                throw bad(whole, "partition " + topic + ":" + partition + " is listed twice");
            }
        }
        return offsets;
    }

    private static long number(String whole, String part, String what, String text, long max) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(whole, "in '" + part + "' the " + what + " must be an integer >= 0, was '" + text.trim() + "'");
    }

    private static IllegalArgumentException bad(String whole, String what) {
        return new IllegalArgumentException("start point '" + whole + "': " + what + " (the form is " + FORM + ")");
    }
}
