package io.herald.cep.plan;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The FROM clause: input topics and event time.
 *
 * @param topics the input topics, at least one
 * @param eventTimeField the field holding event time in epoch milliseconds; empty for the record timestamp
 * @param watermarkLag how far behind the largest event time of a partition its watermark stays
 * @param allowedLateness how far behind the watermark an event may still update windows
 * @param idleTimeout processing time after which a silent partition stops holding the rule's watermark back
 */
public record Source(
        List<String> topics,
        Optional<String> eventTimeField,
        Duration watermarkLag,
        Duration allowedLateness,
        Duration idleTimeout) {

    /** The idle timeout when the rule does not name one. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);

    /** Copies the list and checks the durations. */
    public Source {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("FROM needs at least one topic");
        }
        topics = List.copyOf(topics);
        for (Duration d : List.of(watermarkLag, allowedLateness, idleTimeout)) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations in FROM must not be negative, was " + d);
            }
        }
    }

    /** A source with record-timestamp event time and the defaults. */
    public static Source of(String... topics) {
        return new Source(List.of(topics), Optional.empty(), Duration.ZERO, Duration.ZERO, DEFAULT_IDLE_TIMEOUT);
    }
}
