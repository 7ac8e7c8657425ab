package io.herald.cep.runner;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a rule version that has no committed offsets yet starts reading its inputs. Once the version's consumer group
 * has committed offsets, they win: a restarted or resumed runner continues where it stopped.
 *
 * <p>The text forms ({@link #parse}, {@link #text()}): {@code now}, {@code earliest}, an ISO-8601 instant, {@code
 * offset:N} (every partition at offset N) or {@code topic:partition=offset,...} (explicit offsets per partition). The
 * two offset forms follow {@code kafka-consumer-groups --reset-offsets}: an offset outside a partition's log is moved
 * to its nearest end ({@link #withinLog}).
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

    /**
     * The same offset on every input partition, as {@code kafka-consumer-groups --reset-offsets --to-offset N} does:
     * a partition whose log starts after {@code offset} starts at its log start offset, one whose log ends before it
     * at its log end offset.
     *
     * @param offset the offset to start every partition at, >= 0
     */
    record AtOffset(long offset) implements StartPoint {
        /** Checks the offset is not negative. */
        public AtOffset {
            if (offset < 0) {
                throw new IllegalArgumentException("start point offset must be >= 0, was " + offset);
            }
        }

        @Override
        public String text() {
            return "offset:" + offset;
        }
    }

    /**
     * Explicit offsets per partition ({@code orders:0=120,orders:1=98}), each moved into its partition's log as
     * {@link AtOffset} is. An input partition not listed is left to the group's reset policy, as
     * {@code kafka-consumer-groups --reset-offsets --from-file} leaves the partitions its file does not name: for a
     * rule's group (as for Kafka Streams) that is the beginning of the partition, so nothing is skipped that was not
     * asked to be skipped.
     *
     * @param offsets offset per partition, each >= 0; kept in (topic, partition) order
     */
    record AtPartitionOffsets(Map<TopicPartition, Long> offsets) implements StartPoint {
        private static final Comparator<TopicPartition> ORDER =
                Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

        /** Checks there is at least one partition and no negative offset; copies the map in order. */
        public AtPartitionOffsets {
            Objects.requireNonNull(offsets, "per-partition start offsets need a map");
            if (offsets.isEmpty()) {
                throw new IllegalArgumentException("per-partition start offsets need at least one topic:partition=N");
            }
            TreeMap<TopicPartition, Long> sorted = new TreeMap<>(ORDER);
            offsets.forEach((partition, offset) -> {
                if (partition.partition() < 0 || offset == null || offset < 0) {
                    throw new IllegalArgumentException(
                            "start offset " + partition + "=" + offset + ": partition and offset must be >= 0");
                }
                sorted.put(partition, offset);
            });
            offsets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
        }

        /** The offset asked for {@code partition}; empty when the partition is not listed. */
        public OptionalLong offsetOf(TopicPartition partition) {
            Long offset = offsets.get(partition);
            return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
        }

        @Override
        public String text() {
            StringBuilder text = new StringBuilder();
            offsets.forEach((partition, offset) -> {
                if (!text.isEmpty()) text.append(',');
                text.append(partition.topic())
                        .append(':')
                        .append(partition.partition())
                        .append('=')
                        .append(offset);
            });
            return text.toString();
        }

        @Override
        public void checkInputs(String rule, Collection<String> inputTopics) {
            for (TopicPartition partition : offsets.keySet()) {
                if (!inputTopics.contains(partition.topic())) {
                    throw new IllegalArgumentException("start point " + text() + " names topic " + partition.topic()
                            + ", which rule " + rule + " does not read (it reads " + inputTopics
                            + "); name only its FROM topics");
                }
            }
        }
    }

    /** The text {@link #parse} reads back. */
    String text();

    /**
     * Checks that this start point fits a rule that reads {@code inputTopics}: explicit partition offsets must name
     * only those topics.
     *
     * @throws IllegalArgumentException naming the topic the rule does not read
     */
    default void checkInputs(String rule, Collection<String> inputTopics) {}

    /** The beginning of the inputs. */
    StartPoint EARLIEST = new Earliest();

    /** The end of the inputs. */
    StartPoint NOW = new Latest();

    /**
     * {@code offset} moved into a partition's log, as Kafka's reset tool does: below the log start offset it is the
     * log start offset, above the log end offset the log end offset.
     */
    static long withinLog(long offset, long logStartOffset, long logEndOffset) {
        return Math.max(logStartOffset, Math.min(offset, logEndOffset));
    }

    /**
     * Reads {@code now} (or {@code latest}), {@code earliest} (or {@code beginning}), an ISO-8601 instant such as
     * {@code 2026-01-31T12:00:00Z}, {@code offset:N}, or {@code topic:partition=offset[,topic:partition=offset...]}.
     *
     * @throws IllegalArgumentException naming the value, what is wrong with it and the accepted forms
     */
    static StartPoint parse(String text) {
        String value = text == null ? "" : text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "now", "latest" -> {
                return NOW;
            }
            case "earliest", "beginning" -> {
                return EARLIEST;
            }
            default -> {}
        }
        if (lower.startsWith("offset:")) {
            return new AtOffset(StartPointText.offset(value, value.substring("offset:".length())));
        }
        if (value.contains("=")) {
            return new AtPartitionOffsets(StartPointText.partitionOffsets(value));
        }
        try {
            return new AtTime(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("start point must be now, earliest, an ISO-8601 instant such as"
                    + " 2026-01-31T12:00:00Z, offset:N, or topic:partition=offset,... such as orders:0=120,orders:1=98;"
                    + " was '" + value + "'");
        }
    }
}
