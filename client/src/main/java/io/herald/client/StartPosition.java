package io.herald.client;

import java.time.Instant;

/**
 * Where a subscription starts reading each partition the first time this subscriber is assigned it. After that, and for
 * partitions it gets back in a rebalance, it continues from the group's committed offsets.
 */
public sealed interface StartPosition {
    /** The group's committed offset; the earliest offset if the group has none. The default. */
    static StartPosition committed() {
        return new Committed();
    }

    /** The partition's first offset: a replay of everything retained. */
    static StartPosition beginning() {
        return new Beginning();
    }

    /** The given offset in every partition. */
    static StartPosition offset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        return new AtOffset(offset);
    }

    /** The first event with a timestamp at or after {@code time}; the partition's end if there is none. */
    static StartPosition time(Instant time) {
        return new AtTime(time);
    }

    /** Continue from the committed offset. */
    record Committed() implements StartPosition {}

    /** Start from the partition's first offset. */
    record Beginning() implements StartPosition {}

    /**
     * Start from a fixed offset.
     *
     * @param offset the offset
     */
    record AtOffset(long offset) implements StartPosition {}

    /**
     * Start from a time.
     *
     * @param time the earliest event timestamp to read
     */
    record AtTime(Instant time) implements StartPosition {}
}
