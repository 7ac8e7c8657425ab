package io.herald.cep.runner;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Where a rule version that has no committed offsets yet starts reading its inputs. Once the version's consumer group
 * has committed offsets, they win: a restarted or resumed runner continues where it stopped.
 */
public sealed interface StartPoint {

    /** The beginning of every input partition (the default of {@link RuleRunner#start(io.herald.cep.plan.Rule,
     * RunnerSettings)}). */
    record Earliest() implements StartPoint {
        @Override
        public String text() {
            return "earliest";
        }
    }

    /** The end of every input partition when the runner first gets it: only events written from then on. */
    record Latest() implements StartPoint {
        @Override
        public String text() {
            return "now";
        }
    }

    /**
     * Back-fill: per partition, the first record whose timestamp is at or after {@code time} (ListOffsets by
     * timestamp), or the end of the partition when there is none.
     *
     * @param time the first record time to read
     */
    record AtTime(Instant time) implements StartPoint {
        /** Checks the time is there. */
        public AtTime {
            Objects.requireNonNull(time, "a back-fill start point needs a time");
        }

        @Override
        public String text() {
            return time.toString();
        }
    }

    /** The text {@link #parse} reads back: {@code earliest}, {@code now}, or an ISO-8601 instant. */
    String text();

    /** The beginning of the inputs. */
    StartPoint EARLIEST = new Earliest();

    /** The end of the inputs. */
    StartPoint NOW = new Latest();

    /**
     * Reads {@code now} (or {@code latest}), {@code earliest}, or an ISO-8601 instant such as
     * {@code 2026-01-31T12:00:00Z}.
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    static StartPoint parse(String text) {
        String value = text == null ? "" : text.trim();
        switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "now", "latest" -> {
                return NOW;
            }
            case "earliest", "beginning" -> {
                return EARLIEST;
            }
            default -> {
                try {
                    return new AtTime(Instant.parse(value));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("start point must be now, earliest or an ISO-8601 instant"
                            + " such as 2026-01-31T12:00:00Z, was '" + value + "'");
                }
            }
        }
    }
}
