package io.herald.server.tools;

import io.herald.server.CommandFailedException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Where {@code herald groups reset} moves a group's committed offset on each partition: one of
 * {@code kafka-consumer-groups --reset-offsets}' modes. An offset outside the log is moved to its nearest end (the log
 * start offset or the log end offset), as Kafka's tool does, with a note saying so.
 */
sealed interface OffsetReset {

    /**
     * What the broker told about one partition.
     *
     * @param committed the group's committed offset, or null when it has none
     * @param atTimestamp the offset of the first record at or after {@link #lookupTimestampMs()}, or null when there is none
     *     (or the mode has no timestamp)
     */
    record PartitionOffsets(long logStartOffset, long logEndOffset, Long committed, Long atTimestamp) {}

    /**
     * The offset a partition is reset to.
     *
     * @param note why it is not the offset asked for, or null
     */
    record NewOffset(long offset, String note) {}

    /** The new offset of {@code partition}; a {@link CommandFailedException} when this mode cannot give one. */
    NewOffset newOffset(TopicPartition partition, PartitionOffsets offsets);

    /** The time whose offsets this mode needs from the broker ({@code ListOffsets} by timestamp), if any. */
    default OptionalLong lookupTimestampMs() {
        return OptionalLong.empty();
    }

    /** {@code --to-earliest}: the log start offset. */
    record ToEarliest() implements OffsetReset {
        @Override
        public NewOffset newOffset(TopicPartition partition, PartitionOffsets offsets) {
            return new NewOffset(offsets.logStartOffset(), null);
        }
    }

    /** {@code --to-latest}: the log end offset. */
    record ToLatest() implements OffsetReset {
        @Override
        public NewOffset newOffset(TopicPartition partition, PartitionOffsets offsets) {
            return new NewOffset(offsets.logEndOffset(), null);
        }
    }

    /** {@code --to-offset N}. */
    record ToOffset(long offset) implements OffsetReset {
        @Override
        public NewOffset newOffset(TopicPartition partition, PartitionOffsets offsets) {
            return withinLog(partition, offset, offsets);
        }
    }

    /** {@code --shift-by N}: the committed offset plus N (N may be negative); needs a committed offset. */
    record ShiftBy(long delta) implements OffsetReset {
        @Override
        public NewOffset newOffset(TopicPartition partition, PartitionOffsets offsets) {
            Long committed = offsets.committed();
            if (committed == null) {
                throw new CommandFailedException("cannot shift " + partition + " by " + delta + ": the group has no"
                        + " committed offset there; give it one with --to-earliest, --to-latest or --to-offset");
            }
            long target = delta > 0 && committed > Long.MAX_VALUE - delta ? Long.MAX_VALUE : committed + delta;
            return withinLog(partition, target, offsets);
        }
    }

    /**
     * {@code --to-datetime} and {@code --by-duration}: the first record at or after the time, or the log end offset
     * when there is none (as Kafka's tool falls back).
     *
     * @param asked the option as given, for the note
     */
    record ToTimestamp(long timestampMs, String asked) implements OffsetReset {
        @Override
        public OptionalLong lookupTimestampMs() {
            return OptionalLong.of(timestampMs);
        }

        @Override
        public NewOffset newOffset(TopicPartition partition, PartitionOffsets offsets) {
            if (offsets.atTimestamp() != null) return new NewOffset(offsets.atTimestamp(), null);
            return new NewOffset(
                    offsets.logEndOffset(),
                    partition + " has no record at or after " + Instant.ofEpochMilli(timestampMs) + " (" + asked
                            + "); using its log end offset " + offsets.logEndOffset());
        }
    }

    /** {@code --to-datetime TEXT}: an ISO-8601 date-time with a zone, or epoch milliseconds. */
    static ToTimestamp toDatetime(String text) {
        String asked = "--to-datetime " + text;
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return new ToTimestamp(Long.parseLong(text), asked);
            }
            return new ToTimestamp(OffsetDateTime.parse(text).toInstant().toEpochMilli(), asked);
        } catch (NumberFormatException | DateTimeParseException e) {
            if (isLocalDateTime(text)) {
                throw new IllegalArgumentException(
                        asked + " has no zone; add Z for UTC or an offset such as +01:00: " + text + "Z");
            }
            throw new IllegalArgumentException("--to-datetime must be an ISO-8601 date-time with a zone, such as"
                    + " 2026-01-31T12:00:00Z or 2026-01-31T13:00:00+01:00, or epoch milliseconds, was '" + text + "'");
        }
    }

    /** {@code --by-duration TEXT}: an ISO-8601 duration ({@code PnDTnHnMnS}) back from {@code now}. */
    static ToTimestamp byDuration(String text, Instant now) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--by-duration must be an ISO-8601 duration (PnDTnHnMnS) such as PT30M,"
                    + " PT2H or P1DT12H, was '" + text + "'");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException(
                    "--by-duration is how far back from now, so it cannot be negative, was '" + text + "'");
        }
        try {
            return new ToTimestamp(now.minus(duration).toEpochMilli(), "--by-duration " + text);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("--by-duration " + text + " reaches back before any time Java can"
                    + " represent; give a shorter duration or use --to-earliest");
        }
    }

    private static boolean isLocalDateTime(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static NewOffset withinLog(TopicPartition partition, long offset, PartitionOffsets offsets) {
        if (offset > offsets.logEndOffset()) {
            return new NewOffset(
                    offsets.logEndOffset(),
                    "offset " + offset + " is past the log end offset of " + partition + "; using "
                            + offsets.logEndOffset());
        }
        if (offset < offsets.logStartOffset()) {
            return new NewOffset(
                    offsets.logStartOffset(),
                    "offset " + offset + " is before the log start offset of " + partition + "; using "
                            + offsets.logStartOffset());
        }
        return new NewOffset(offset, null);
    }
}
